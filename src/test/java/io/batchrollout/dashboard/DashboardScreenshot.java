package io.batchrollout.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.functions.AppContext;
import io.batchrollout.local.DemoResources;
import io.batchrollout.local.LocalRunner;
import io.batchrollout.local.Seed;
import io.batchrollout.sim.gallery.GallerySimulation.SimTargetRegion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Writes the README's picture of the dashboard mid-rollout (docs/img/dashboard.png by default): a fleet of two
 * accounts where one pool rolls, two wait in its wave, one (in East US) is blocked on a version still replicating, one
 * is pinned and one paused. Run from the project folder after {@code mvn -q -o test-compile} and
 * {@code mvn -q -o dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test}:
 * {@code java -cp "target/test-classes:target/classes:$(cat target/cp.txt)" io.batchrollout.dashboard.DashboardScreenshot}
 * (optional argument: the file to write; {@code -Ddashboard.screenshot.width=500} for a phone's view).
 */
public final class DashboardScreenshot {
    private static final String EAST_ACCOUNT = "batch-eastus";

    private DashboardScreenshot() {
    }

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args.length > 0 ? args[0] : "docs/img/dashboard.png");
        Browser.missing().ifPresent(missing -> {
            throw new IllegalStateException("no browser: " + missing);
        });
        String east = DemoResources.batchAccountId().toString().replace("/" + DemoResources.BATCH_ACCOUNT, "/" + EAST_ACCOUNT);
        try (LocalRunner runner = LocalRunner.start(LocalRunner.Options.forTests(Map.of("BATCH_ACCOUNT_IDS",
                DemoResources.batchAccountId() + "," + east)).withSeed(Seed.DEMO))) {
            runner.sim().events().setWebhook(null);
            runner.sim().batch().addAccount(DemoResources.SUBSCRIPTION_ID, DemoResources.RESOURCE_GROUP, EAST_ACCOUNT, "eastus", 200, 100);
            fleet(runner, east);
            int width = Integer.getInteger("dashboard.screenshot.width", 1360);
            ChromeDriver browser = Browser.start(width, 900);
            try {
                DashboardWorld world = new DashboardWorld(runner);
                browser.get(runner.baseUrl() + "/api/dashboard?code=screenshot");
                world.waitFor(browser, () -> browser.findElement(By.id("poll-state")).getText().contains("updated at"), "the first refresh");
                world.waitFor(browser, () -> !browser.findElements(By.cssSelector("article.pool .time")).isEmpty(), "the rolling pool's detail");
                world.card(browser, "encode").findElement(By.cssSelector("button[data-toggle='details']")).click();
                world.waitFor(browser, () -> world.card(browser, "encode").getText().contains("waits at position"), "encode's place in the wave");
                JavascriptExecutor js = browser;
                for (int i = 0; i < 3; i++) { // the window's frame takes some of its height: grow until the page fits
                    long missing = (Long) js.executeScript("return document.documentElement.scrollHeight - window.innerHeight;");
                    if (missing <= 0) {
                        break;
                    }
                    Dimension size = browser.manage().window().getSize();
                    browser.manage().window().setSize(new Dimension(size.getWidth(), (int) Math.min(4000, size.getHeight() + missing)));
                    Thread.sleep(300);
                }
                Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
                Files.createDirectories(target.toAbsolutePath().getParent());
                Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
                System.out.println("wrote " + target.toAbsolutePath() + "; console: " + Browser.severe(browser));
            } finally {
                browser.quit();
            }
        }
    }

    private static void fleet(LocalRunner runner, String east) throws Exception {
        DashboardWorld world = new DashboardWorld(runner);
        List<SimTargetRegion> both = List.of(new SimTargetRegion("West Europe", 1, false), new SimTargetRegion("East US", 1, false));
        ImageDefinitionId ubuntu = DemoResources.imageId();
        runner.sim().gallery().addVersion(ubuntu.toString(), "0.9.0", both, true);
        runner.sim().gallery().addImageDefinition(DemoResources.galleryId().toString(), "ubuntu2204-gpu", "Linux", "Generalized", "V2");
        ImageDefinitionId gpu = DemoResources.galleryId().image("ubuntu2204-gpu");
        runner.sim().gallery().addVersion(gpu.toString(), "1.0.0", both, true);
        world.createPool("render", ubuntu, 2, "inPlace", "render");
        world.createPool("encode", ubuntu, 4, "inPlace", "media");
        ObjectNode transcode = world.createBody("transcode", ubuntu, 3, "inPlace", "media").put("batchAccountId", east);
        world.post("/api/pools", transcode);
        world.post("/api/pools", world.createBody("ml-train", gpu, 2, "blueGreen", "research").put("batchAccountId", east));
        world.createPool("qa-sandbox", ubuntu, 1, "inPlace", "qa");
        ObjectNode pinned = world.createBody("legacy-etl", ubuntu, 1, "inPlace", "finance").put("image", ubuntu.version("1.0.0").toString());
        world.post("/api/pools", pinned);
        runner.sim().advance(Duration.ofMinutes(8));
        world.send("POST", "/api/pools/qa-sandbox/rollout" + DashboardWorld.DEMO_ACCOUNT, "{\"action\":\"pause\"}");
        AppContext.services().rolloutEngine().reconcileAll();

        runner.sim().gallery().addVersion(ubuntu.toString(), "1.1.0", both, true);
        // Still replicating while render rolls: the pool tracking it is blocked, with the gate's reasons.
        runner.sim().gallery().addVersion(gpu.toString(), "1.2.0", both, false);
        for (int pass = 0; pass < 30 && !world.apiPhase("render").equals("Verifying"); pass++) {
            AppContext.services().rolloutEngine().reconcileAll();
            runner.sim().advance(Duration.ofMinutes(1));
        }
        runner.sim().advance(Duration.ofMinutes(1));
        System.out.println("fleet: " + world.send("GET", "/api/drift", null).body());
    }
}
