package io.batchrollout.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.local.DemoResources;
import io.batchrollout.local.LocalRunner;
import io.batchrollout.sim.gallery.GallerySimulation.SimTargetRegion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The fleet behind the dashboard: definitions and pools in the demo gallery and account, made through the app's API. */
final class DashboardWorld {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(20);
    static final List<SimTargetRegion> WEST_EUROPE = List.of(new SimTargetRegion("West Europe", 1, false));

    /** The demo account, named so that the calls work when the runner manages several accounts. */
    static final String DEMO_ACCOUNT = "?batchAccountId=" + java.net.URLEncoder.encode(DemoResources.batchAccountId().toString(),
            java.nio.charset.StandardCharsets.UTF_8);

    private final LocalRunner runner;
    private final HttpClient http = HttpClient.newHttpClient();

    DashboardWorld(LocalRunner runner) {
        this.runner = runner;
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new definition of the demo gallery whose 1.0.0 is replicated to the account's region. */
    ImageDefinitionId definition(String name) {
        runner.sim().gallery().addImageDefinition(DemoResources.galleryId().toString(), name, "Linux", "Generalized", "V2");
        ImageDefinitionId id = DemoResources.galleryId().image(name);
        publish(id, "1.0.0");
        return id;
    }

    void publish(ImageDefinitionId definition, String version) {
        runner.sim().gallery().addVersion(definition.toString(), version, WEST_EUROPE, true);
    }

    /** POST /api/pools as a pipeline would, then six simulated minutes so its nodes come up. */
    JsonNode createPool(String poolId, ImageDefinitionId definition, int nodes, String strategy, String team) {
        JsonNode created = post("/api/pools", createBody(poolId, definition, nodes, strategy, team));
        runner.sim().advance(Duration.ofMinutes(6));
        return created;
    }

    ObjectNode createBody(String poolId, ImageDefinitionId definition, int nodes, String strategy, String team) {
        ObjectNode body = JSON.createObjectNode().put("poolId", poolId).put("batchAccountId", DemoResources.batchAccountId().toString())
                .put("vmSize", "Standard_D2s_v3")
                .put("targetDedicatedNodes", nodes).put("image", definition.toString())
                .put("nodeAgentSkuId", "batch.node.ubuntu 22.04");
        body.putObject("startTask").put("commandLine", "/bin/sh -c 'echo ready'").put("waitForSuccess", true);
        body.putObject("rollout").put("strategy", strategy);
        body.putArray("metadata").addObject().put("name", "team").put("value", team);
        return body;
    }

    /** A create that must answer 201. */
    JsonNode post(String path, ObjectNode body) {
        HttpResponse<String> response = send("POST", path, body.toString());
        if (response.statusCode() != 201) {
            throw new AssertionError("POST " + path + " " + body.path("poolId") + " answered " + response.statusCode() + ": " + response.body());
        }
        return json(response.body());
    }

    JsonNode getPool(String poolId) {
        HttpResponse<String> response = send("GET", "/api/pools/" + poolId + DEMO_ACCOUNT, null);
        if (response.statusCode() != 200) {
            throw new AssertionError("getPool " + poolId + " answered " + response.statusCode() + ": " + response.body());
        }
        return json(response.body());
    }

    String apiPhase(String poolId) {
        return getPool(poolId).path("rollout").path("phase").asText("");
    }

    /** The problem the API answers a rollback of this pool with (a refused rollback changes nothing). */
    JsonNode rollbackProblem(String poolId) throws Exception {
        HttpResponse<String> response = send("POST", "/api/pools/" + poolId + "/rollout" + DEMO_ACCOUNT, "{\"action\":\"rollback\"}");
        if (response.statusCode() != 409) {
            throw new AssertionError("rollback of " + poolId + " answered " + response.statusCode() + ": " + response.body());
        }
        return json(response.body());
    }

    HttpResponse<String> send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(runner.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The pool's card, once the page shows it (the page re-renders as it polls: callers look it up again each time). */
    WebElement card(WebDriver browser, String poolId) {
        By selector = By.cssSelector("article.pool[data-pool='" + poolId + "']");
        waitFor(browser, () -> !browser.findElements(selector).isEmpty(), "the card of pool " + poolId);
        return browser.findElement(selector);
    }

    String phaseShown(WebDriver browser, String poolId) {
        try {
            return card(browser, poolId).getAttribute("data-phase");
        } catch (StaleElementReferenceException e) {
            return "";
        }
    }

    /** Waits for the DOM; a card replaced by a refresh while it was read counts as "not yet". */
    void waitFor(WebDriver browser, BooleanSupplier condition, String what) {
        new WebDriverWait(browser, WAIT, Duration.ofMillis(100)).withMessage(what)
                .ignoring(StaleElementReferenceException.class).ignoring(NoSuchElementException.class)
                .until(driver -> condition.getAsBoolean());
    }
}
