package io.batchrollout.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.local.DemoResources;
import io.batchrollout.local.LocalRunner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Sends createPool requests to a local runner the way a pipeline would. */
final class CreatePoolApi {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String LINUX_AGENT = "batch.node.ubuntu 22.04";

    private final LocalRunner runner;
    private final HttpClient http = HttpClient.newHttpClient();

    CreatePoolApi(LocalRunner runner) {
        this.runner = runner;
    }

    /** A valid body tracking the demo image definition. */
    static ObjectNode body(String poolId, int dedicatedNodes) {
        ObjectNode body = JSON.createObjectNode()
                .put("poolId", poolId)
                .put("vmSize", "Standard_D2s_v3")
                .put("targetDedicatedNodes", dedicatedNodes)
                .put("image", DemoResources.imageId().toString())
                .put("nodeAgentSkuId", LINUX_AGENT);
        body.putObject("startTask").put("commandLine", "/bin/sh -c 'echo ready'").put("waitForSuccess", true);
        body.putArray("metadata").addObject().put("name", "team").put("value", "render");
        return body;
    }

    HttpResponse<String> post(JsonNode body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(runner.baseUrl() + "/api/pools"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }
}
