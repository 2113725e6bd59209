package io.batchrollout.functions;

import static io.batchrollout.core.events.GalleryEvents.eventGridDelete;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.config.Settings;
import io.batchrollout.local.DemoResources;
import io.batchrollout.local.LocalExecutionContext;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cold start: events the app does not act on read the settings (ALLOWED_GALLERY_IDS) and build no Azure client. */
class GalleryEventColdPathTest {
    private final AtomicInteger clientBuilds = new AtomicInteger();

    @BeforeEach
    void settingsButNoClients() {
        Settings settings = Settings.from(DemoResources.appSettings());
        AppContext.reset(() -> settings, s -> {
            clientBuilds.incrementAndGet();
            throw new AssertionError("an event that needs no pass built the Azure clients");
        });
    }

    @AfterEach
    void backToProductionSources() {
        AppContext.reset();
    }

    @Test
    void ignoredAndMalformedEventsReturnWithoutBuildingClients() {
        LocalExecutionContext context = LocalExecutionContext.forTest(GalleryImageVersionEventFunction.GALLERY_IMAGE_VERSION_EVENT);
        GalleryImageVersionEventFunction function = new GalleryImageVersionEventFunction();

        function.galleryImageVersionEvent(eventGridDelete("d-1", DemoResources.imageId().version("1.1.0").toString()).toString(), context);
        function.galleryImageVersionEvent("{\"not\":\"an event\"}", context);

        assertEquals(0, clientBuilds.get());
        assertEquals(2, context.loggedLines().size(), context.loggedLines().toString());
        assertTrue(context.loggedLines().get(0).startsWith("INFO ignored: event d-1"), context.loggedLines().get(0));
        assertTrue(context.loggedLines().get(1).startsWith("WARNING dropped a malformed event"), context.loggedLines().get(1));
    }
}
