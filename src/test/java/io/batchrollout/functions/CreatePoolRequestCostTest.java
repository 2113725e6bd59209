package io.batchrollout.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.local.LocalRunner;
import io.batchrollout.local.Seed;
import io.batchrollout.sim.RequestLog;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What one create costs in Azure calls, on a freshly started app (nothing cached yet). */
class CreatePoolRequestCostTest {
    static LocalRunner runner;

    @BeforeAll
    static void start() {
        runner = LocalRunner.start(LocalRunner.Options.forTests(Map.of()).withSeed(Seed.DEMO));
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    @Test
    void aCreateOnATrackedImageCostsAtMostFourArmReadsBeforeItsPut() throws Exception {
        int start = runner.sim().requests().entries().size();

        HttpResponse<String> response = new CreatePoolApi(runner).post(CreatePoolApi.body("cost-a", 1));

        assertEquals(201, response.statusCode(), response.body());
        List<RequestLog.Entry> calls = runner.sim().requests().entries().subList(start, runner.sim().requests().entries().size());
        int put = indexOf(calls, "Pool_Create");
        List<String> readsBeforePut = calls.subList(0, put).stream().map(RequestLog.Entry::operation).toList();
        assertTrue(readsBeforePut.size() <= 4, "reads before the PUT: " + readsBeforePut);
        assertEquals(List.of("BatchAccount_Get", "GalleryImages_Get", "GalleryImageVersions_ListByGalleryImage",
                "GalleryImageVersions_Get"), readsBeforePut);
        assertEquals(1, calls.stream().filter(RequestLog.Entry::isWrite).count(), "one write: the PUT");
        assertEquals(put + 1, calls.size(), "nothing after the PUT: the new pool has no nodes to count");
    }

    @Test
    void theAccountIsReadOncePerProcess() throws Exception {
        new CreatePoolApi(runner).post(CreatePoolApi.body("cost-b", 1));
        new CreatePoolApi(runner).post(CreatePoolApi.body("cost-c", 1));
        assertEquals(1, runner.sim().requests().count("BatchAccount_Get"));
    }

    private static int indexOf(List<RequestLog.Entry> calls, String operation) {
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).operation().equals(operation)) {
                return i;
            }
        }
        throw new AssertionError(operation + " was not called: " + calls);
    }
}
