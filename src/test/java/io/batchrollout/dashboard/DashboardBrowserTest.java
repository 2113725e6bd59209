package io.batchrollout.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.batchrollout.functions.AppContext;
import io.batchrollout.local.LocalRunner;
import io.batchrollout.local.Seed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The dashboard in a real browser (Debian's chromium, headless) against the local runner on the simulated Azure. One
 * browser and one runner for the class; each test rolls pools of its own image definition so tests do not roll each
 * other's pools. Skipped when Chromium is absent, except in CI, where that fails.
 */
class DashboardBrowserTest {
    static final String KEY = "dashboard-test-key";
    static LocalRunner runner;
    static ChromeDriver browser;
    static DashboardWorld world;

    @BeforeAll
    static void start() {
        Browser.missing().ifPresent(missing -> {
            if (Browser.required()) {
                fail("CI is set, so the browser tests must run, but " + missing + " is missing: install chromium and chromium-driver");
            }
            Assumptions.abort("no browser here (" + missing + "): the dashboard's browser tests are skipped");
        });
        runner = LocalRunner.start(LocalRunner.Options.forTests(Map.of()).withSeed(Seed.DEMO));
        runner.sim().events().setWebhook(null);
        world = new DashboardWorld(runner);
        browser = Browser.start(1280, 900);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (runner != null) {
            runner.close();
        }
    }

    private static String script(String name) {
        try (var in = DashboardBrowserTest.class.getResourceAsStream("/dashboard/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @BeforeEach
    void openThePage() {
        Browser.severe(browser); // what earlier tests left in the console
        browser.get(runner.baseUrl() + "/api/dashboard?code=" + KEY + "&refresh=2");
        world.waitFor(browser, () -> browser.findElement(By.id("poll-state")).getText().contains("updated at"), "the first refresh");
        ((JavascriptExecutor) browser).executeScript("window.sameDocument = 'yes';");
    }

    @Test
    void thePageLoadsWithoutConsoleErrorsAndSendsTheKeyOnlyAsAHeader() {
        assertEquals(List.of(), Browser.severe(browser), "console errors");
        assertFalse(browser.getCurrentUrl().contains("code="), "the key is taken out of the address bar: " + browser.getCurrentUrl());
        List<JsonNode> apiCalls = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode message = DashboardWorld.json(entry.getMessage()).path("message");
            String url = message.path("params").path("request").path("url").asText();
            if (message.path("method").asText().equals("Network.requestWillBeSent") && url.contains("/api/")
                    && !url.contains("/api/dashboard")) {
                apiCalls.add(message.path("params").path("request"));
            }
        }
        assertTrue(apiCalls.stream().anyMatch(r -> r.path("url").asText().endsWith("/api/drift")), apiCalls.toString());
        for (JsonNode request : apiCalls) {
            assertFalse(request.path("url").asText().contains(KEY), "the key is never in an API URL: " + request.path("url"));
            assertEquals(KEY, request.path("headers").path("x-functions-key").asText(), request.toString());
        }
    }

    /**
     * A failing drift report shows its problem and the page waits twice as long before the next try; a hidden tab
     * stops polling, and showing it again refreshes at once. The browser's fetch is wrapped to fail and to count.
     */
    @Test
    void aFailedRefreshShowsTheProblemAndBacksOffAndAHiddenTabStopsPolling() throws Exception {
        JavascriptExecutor js = browser;
        js.executeScript("""
                window.driftCalls = 0; window.failDrift = true; const real = window.fetch;
                window.fetch = (url, init) => {
                  if (String(url).endsWith('/drift')) {
                    window.driftCalls++;
                    if (window.failDrift) return Promise.resolve(new Response(JSON.stringify({type: 'about:blank',
                      title: 'Service unavailable', status: 503, detail: 'Azure throttled the account list.'}),
                      {status: 503, headers: {'Content-Type': 'application/problem+json'}}));
                  }
                  return real(url, init);
                };""");
        browser.findElement(By.id("refresh-now")).click();
        world.waitFor(browser, () -> browser.findElement(By.id("poll-state")).getText().contains("last refresh failed (HTTP 503)"), "the failure");
        assertTrue(browser.findElement(By.id("banner")).getText().contains("Service unavailable (503)"), browser.findElement(By.id("banner")).getText());
        assertTrue(browser.findElement(By.id("banner")).getText().contains("Azure throttled the account list."));
        assertEquals(4000L, js.executeScript("return state.delayMs;"), "twice the 2 s interval after one failure");
        assertTrue(browser.findElement(By.id("poll-state")).getText().contains("next in"));

        js.executeScript("window.failDrift = false;");
        world.waitFor(browser, () -> !browser.findElement(By.id("banner")).isDisplayed(), "recovery");
        js.executeScript("""
                Object.defineProperty(document, 'hidden', {configurable: true, get: () => true});
                document.dispatchEvent(new Event('visibilitychange'));""");
        world.waitFor(browser, () -> browser.findElement(By.id("poll-state")).getText().contains("paused while the tab is hidden"), "paused");
        long callsWhenHidden = (Long) js.executeScript("return window.driftCalls;");
        Thread.sleep(5_000); // two and a half polling intervals
        assertEquals(callsWhenHidden, (Long) js.executeScript("return window.driftCalls;"), "no refresh while hidden");
        js.executeScript("""
                Object.defineProperty(document, 'hidden', {configurable: true, get: () => false});
                document.dispatchEvent(new Event('visibilitychange'));""");
        world.waitFor(browser, () -> (Long) js.executeScript("return window.driftCalls;") > callsWhenHidden, "a refresh once visible");
        List<String> severe = Browser.severe(browser);
        assertTrue(severe.isEmpty(), "console errors: " + severe);
    }

    /**
     * Members other branches add to the drift report and getPool (CONTRACT.md: images, deadline, stuck, daysBehind)
     * are shown once present. The page's own functions render a report of that shape here, before those branches land.
     */
    @Test
    void theDriftReportsImagesAndDeadlinesShowOnceTheAppReportsThem() {
        String account = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/prodbatch";
        String definition = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/ubuntu";
        Object text = ((JavascriptExecutor) browser).executeScript(script("contract-shapes.js"), account, definition);
        String shown = String.valueOf(text);

        for (String expected : List.of("newest: 1.1.0", "westeurope", "Completed", "Replicating", "45%", "raised by the app from 1",
                "ready: prodbatch westeurope",
                "not ready: prodbatch eastus", "REPLICATION_IN_PROGRESS: still replicating to eastus",
                "1.1.0 in westeurope: 2 of 10 replicas for 3000 nodes of big (8 short)",
                "1.0.0 ended 3 d ago (2026-01-02), used by old-a, old-b", "stuck", "3 d behind", "deadline", "passed",
                "rejected: 0.9.9", "running 3", "idle 1", "1.0.0→1.1.0", "promotion: baking",
                "canary baking since 2026-01-05T08:30:00Z", "proves candidates", "promotion baking: 1.1.0")) {
            assertTrue(shown.replace("\n", " ").contains(expected) || shown.contains(expected), "'" + expected + "' in:\n" + shown);
        }
        assertEquals(List.of(), Browser.severe(browser), "console errors");
    }

    /** Each phase is one step of its strategy's sequence, or of its roll-back or abort path; a pool at rest shows none. */
    @Test
    void eachPhaseIsShownAsAStepOfItsStrategysSequence() {
        @SuppressWarnings("unchecked")
        Map<String, String> shown = (Map<String, String>) ((JavascriptExecutor) browser).executeScript(script("phase-steps.js"));

        assertEquals(Map.ofEntries(Map.entry("0 inPlace Draining", "main:drain"), Map.entry("1 inPlace Draining", "main:change image"),
                Map.entry("2 inPlace Draining", "main:restore"), Map.entry("3 inPlace Verifying", "main:verify"),
                Map.entry("4 inPlace RollingBack", "alt:drain"), Map.entry("5 inPlace RollingBackRestore", "alt:restore"),
                Map.entry("6 blueGreen CreatingCandidate", "main:candidate"), Map.entry("7 blueGreen CandidateVerifying", "main:verify"),
                Map.entry("8 blueGreen MovingJobs", "main:move jobs"), Map.entry("9 blueGreen RetiringOldPool", "main:retire"),
                Map.entry("10 blueGreen Aborting", "alt:jobs back"), Map.entry("11 inPlace Stable", "none"),
                Map.entry("12 inPlace Blocked", "none"), Map.entry("13 inPlace RollingBack", "alt:image back")), shown);
    }

    /** A phone's width: every card, the dialog and the summary fit without scrolling sideways. */
    @Test
    void onAPhoneWideScreenNothingScrollsSideways() throws Exception {
        world.createPool("phone-sized-pool-with-a-rather-long-name-for-a-small-screen", world.definition("dash-phone"), 1, "inPlace", "render");
        world.card(browser, "phone-sized-pool-with-a-rather-long-name-for-a-small-screen");
        org.openqa.selenium.Dimension laptop = browser.manage().window().getSize();
        try {
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
            world.waitFor(browser, () -> (Long) ((JavascriptExecutor) browser).executeScript("return window.innerWidth;") <= 390, "the phone width");
            long overflow = (Long) ((JavascriptExecutor) browser).executeScript(
                    "return document.documentElement.scrollWidth - window.innerWidth;");
            assertTrue(overflow <= 0, "the page is " + overflow + " px wider than the phone");
            WebElement card = world.card(browser, "phone-sized-pool-with-a-rather-long-name-for-a-small-screen");
            assertTrue(card.getRect().getWidth() <= 390, "card width " + card.getRect().getWidth());
        } finally {
            browser.manage().window().setSize(laptop);
        }
    }

    @Test
    void aPoolCreatedThroughTheApiAppearsWithoutAReloadAndItsMetadataStaysText() throws Exception {
        String hostile = "<img src=x onerror=\"window.injected='yes'\">";
        world.createPool("fresh", world.definition("dash-fresh"), 1, "blueGreen", hostile);

        WebElement card = world.card(browser, "fresh");
        assertTrue(card.getText().contains("blue-green"), card.getText());
        assertTrue(card.getText().contains("tracked"), card.getText());
        card.findElement(By.cssSelector("button[data-toggle='details']")).click();
        world.waitFor(browser, () -> world.card(browser, "fresh").getText().contains("team=" + hostile), "the pool's metadata as text");
        assertEquals(0, world.card(browser, "fresh").findElements(By.tagName("img")).size(), "metadata never becomes markup");
        assertEquals(null, ((JavascriptExecutor) browser).executeScript("return window.injected || null;"));
        assertEquals("yes", ((JavascriptExecutor) browser).executeScript("return window.sameDocument;"), "the page was not reloaded");
        assertEquals(List.of(), Browser.severe(browser), "console errors");
    }

    @Test
    void thePageFollowsAnInPlaceRolloutPhaseByPhaseWithoutAReload() throws Exception {
        var definition = world.definition("dash-roll");
        world.createPool("roll-me", definition, 2, "inPlace", "render");
        world.waitFor(browser, () -> world.phaseShown(browser, "roll-me").equals(world.apiPhase("roll-me")), "the pool at rest");
        world.publish(definition, "1.1.0");

        List<String> shown = new ArrayList<>();
        List<String> stepsWhileVerifying = new ArrayList<>();
        String last = world.phaseShown(browser, "roll-me");
        for (int pass = 0; pass < 40 && !(last.equals("Stable") && shown.contains("Verifying")); pass++) {
            AppContext.services().rolloutEngine().reconcileAll();
            String phase = world.apiPhase("roll-me");
            if (!phase.equals(last)) {
                world.waitFor(browser, () -> world.phaseShown(browser, "roll-me").equals(phase), "phase " + phase + " on the page");
                shown.add(phase);
                last = phase;
                if (phase.equals("Verifying")) {
                    world.waitFor(browser, () -> !world.card(browser, "roll-me").findElements(By.cssSelector(".steps li.current")).isEmpty(), "the current step");
                    stepsWhileVerifying.add(world.card(browser, "roll-me").findElement(By.cssSelector(".steps li.current")).getText());
                    world.waitFor(browser, () -> world.card(browser, "roll-me").getText().contains("in phase"), "time in phase");
                }
            }
            runner.sim().advance(Duration.ofMinutes(1));
        }

        assertEquals(List.of("Draining", "Verifying", "Stable"), shown, "phases the page showed, in order");
        assertEquals(List.of("verify"), stepsWhileVerifying, "the verify step of drain -> change image -> restore -> verify");
        world.waitFor(browser, () -> world.card(browser, "roll-me").findElement(By.cssSelector(".versions")).getText().startsWith("1.1.0"),
                "the new version");
        assertEquals("yes", ((JavascriptExecutor) browser).executeScript("return window.sameDocument;"), "the page was not reloaded");
        assertEquals(List.of(), Browser.severe(browser), "console errors");
    }

    @Test
    void aPauseClickedAndConfirmedOnThePagePausesThePoolWithOneAction() throws Exception {
        world.createPool("pause-me", world.definition("dash-pause"), 1, "inPlace", "render");
        int actionsBefore = runner.invocations().of("rolloutAction").size();

        world.card(browser, "pause-me").findElement(By.cssSelector("button[data-action='pause']")).click();
        WebElement dialog = browser.findElement(By.id("confirm"));
        world.waitFor(browser, dialog::isDisplayed, "the confirmation");
        assertTrue(dialog.getText().contains("Pause pool pause-me (account demobatch)?"), dialog.getText());
        assertTrue(dialog.getText().contains("Passes take no step on pause-me until it is resumed"), dialog.getText());
        assertEquals(actionsBefore, runner.invocations().of("rolloutAction").size(), "nothing is sent before the confirmation");
        browser.findElement(By.id("confirm-ok")).click();

        world.waitFor(browser, () -> !world.card(browser, "pause-me").findElements(By.cssSelector("button[data-action='resume']")).isEmpty(),
                "the pool shown paused");
        assertFalse(dialog.isDisplayed());
        assertTrue(world.getPool("pause-me").path("rollout").path("paused").asBoolean(), "getPool says paused");
        assertEquals(actionsBefore + 1, runner.invocations().of("rolloutAction").size(), "one rolloutAction request");
        assertEquals(List.of(), Browser.severe(browser), "console errors");
    }

    @Test
    void aRefusedActionShowsTheApisProblemAsItCame() throws Exception {
        world.createPool("never-rolled", world.definition("dash-refused"), 1, "inPlace", "render");
        int actionsBefore = runner.invocations().of("rolloutAction").size();

        world.card(browser, "never-rolled").findElement(By.cssSelector("button[data-action='rollback']")).click();
        world.waitFor(browser, () -> browser.findElement(By.id("confirm")).isDisplayed(), "the confirmation");
        browser.findElement(By.id("confirm-ok")).click();
        world.waitFor(browser, () -> browser.findElement(By.id("confirm-problem")).isDisplayed(), "the problem");

        JsonNode problem = world.rollbackProblem("never-rolled");
        String shown = browser.findElement(By.id("confirm-problem")).getText();
        assertTrue(shown.contains(problem.path("title").asText() + " (409)"), shown);
        assertTrue(shown.contains(problem.path("detail").asText()), shown + "\nversus\n" + problem);
        assertTrue(shown.contains("reason: " + problem.path("reason").asText()), shown);
        assertEquals(actionsBefore + 2, runner.invocations().of("rolloutAction").size(), "the page's request and this test's");
        List<String> severe = Browser.severe(browser);
        assertTrue(severe.stream().allMatch(m -> m.contains("status of 409")), "only the refused request is logged: " + severe);
        browser.findElement(By.id("confirm-cancel")).click();
    }
}
