package io.batchrollout.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.rollout.PassReport;
import io.batchrollout.local.DemoResources;
import io.batchrollout.local.InvocationLog;
import io.batchrollout.port.AzureCallException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** driftCheck run now through the local runner's admin API, as the host's timer would run it, with a recording engine. */
class DriftCheckFunctionTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static EngineWiredRunner app;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        app = new EngineWiredRunner();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @BeforeEach
    void freshEngine() {
        app.engine.reset();
    }

    /** Runs driftCheck now and waits for it: the admin API answers 202 at once and runs the function in the background. */
    private static InvocationLog.Invocation runNow() throws Exception {
        int before = app.runner.invocations().of(DriftCheckFunction.DRIFT_CHECK).size();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(app.runner.baseUrl() + "/admin/functions/"
                        + DriftCheckFunction.DRIFT_CHECK)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"input\":\"\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, response.statusCode(), response.body());
        List<InvocationLog.Invocation> runs = app.runner.invocations().await(DriftCheckFunction.DRIFT_CHECK, before + 1, WAIT);
        return runs.get(runs.size() - 1);
    }

    @Test
    void aRunIsOnePassOverAllManagedPoolsLoggingTheDecisionsToReportWithFieldsThenTheSummary() throws Exception {
        PassReport.PoolDecision decision = new PassReport.PoolDecision(DemoResources.batchAccountId().pool("render"),
                "VERIFYING", "1.1.0", "check health", "8 of 10 nodes ready");
        PassReport report = new PassReport(List.of(decision));
        app.engine.answerWith(report);

        InvocationLog.Invocation run = runNow();

        assertEquals(InvocationLog.Result.SUCCEEDED, run.result());
        assertEquals(1, app.engine.allPasses());
        assertEquals(List.of(), app.engine.trackingPasses());
        // Issue 8: pool lines carry key=value fields for Application Insights, and every pass ends with its summary.
        assertEquals(List.of("INFO pool=render account=demobatch phase=VERIFYING version=1.1.0 step=check_health | "
                + decision.line(), "INFO " + report.summary().line()), run.loggedLines());
        assertEquals("pass summary: seen=1 inSync=0 rolling=1 blocked=0 failed=0 deferred=0 requests=-1 durationMs=0",
                report.summary().line());
    }

    @Test
    void anAccountWhosePoolsCouldNotBeReadIsAWarningInTheRunsLog() throws Exception {
        PassReport.UnreadAccount unread = new PassReport.UnreadAccount("demobatch", 403, "AuthorizationFailed");
        app.engine.answerWith(new PassReport(List.of(), List.of(unread)));

        InvocationLog.Invocation run = runNow();

        assertEquals(InvocationLog.Result.SUCCEEDED, run.result());
        assertEquals(List.of("WARNING account demobatch: pools not read (403 AuthorizationFailed), the next pass tries again"),
                run.loggedLines());
    }

    @Test
    void aPassThatDecidedNothingSaysSo() throws Exception {
        InvocationLog.Invocation run = runNow();

        assertEquals(InvocationLog.Result.SUCCEEDED, run.result());
        assertEquals(List.of("INFO pass: no managed pools"), run.loggedLines());
    }

    /** The invocation fails visibly (the host records it) and the next tick runs a fresh pass. */
    @Test
    void aThrottledPassFailsTheRunAndTheNextRunPassesAgain() throws Exception {
        app.engine.failNext(new AzureCallException.Throttled(429, "TooManyRequests", "throttled", null, null));

        InvocationLog.Invocation failed = runNow();
        InvocationLog.Invocation next = runNow();

        assertEquals(InvocationLog.Result.FAILED, failed.result());
        assertTrue(failed.message().contains("throttled"), failed.message());
        assertEquals(InvocationLog.Result.SUCCEEDED, next.result());
        assertEquals(2, app.engine.allPasses());
    }
}
