package io.batchrollout.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.StartTask;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.pools.CreatePoolCommand;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Each field's rule, one at a time, on an otherwise valid body. No Azure is involved: the parser never calls it. */
class CreatePoolRequestParserTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SUB = "00000000-0000-0000-0000-000000000001";
    static final BatchAccountId ONE = BatchAccountId.parse("/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/one");
    static final BatchAccountId TWO = BatchAccountId.parse("/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/two");
    static final ImageDefinitionId IMAGE = ImageDefinitionId.parse("/subscriptions/" + SUB + "/resourceGroups/img/providers/Microsoft.Compute/galleries/g1/images/ubuntu");
    static final Optional<String> JSON_TYPE = Optional.of("application/json");

    final CreatePoolRequestParser single = new CreatePoolRequestParser(new ConfiguredAccounts(List.of(ONE)));
    final CreatePoolRequestParser several = new CreatePoolRequestParser(new ConfiguredAccounts(List.of(ONE, TWO)));

    static ObjectNode valid() {
        return JSON.createObjectNode().put("poolId", "render-01").put("vmSize", "Standard_D2s_v3")
                .put("targetDedicatedNodes", 2).put("image", IMAGE.toString()).put("nodeAgentSkuId", "batch.node.ubuntu 22.04");
    }

    static String with(Consumer<ObjectNode> change) {
        ObjectNode body = valid();
        change.accept(body);
        return body.toString();
    }

    CreatePoolCommand accepted(CreatePoolRequestParser parser, String body) {
        CreatePoolParse parsed = parser.parse(JSON_TYPE, body);
        return assertInstanceOf(CreatePoolParse.Accepted.class, parsed, parsed.toString()).command();
    }

    /** The field errors by pointer; fails unless the body is refused as invalid. */
    Map<String, String> errors(CreatePoolRequestParser parser, String body) {
        CreatePoolParse parsed = parser.parse(JSON_TYPE, body);
        CreatePoolParse.Invalid invalid = assertInstanceOf(CreatePoolParse.Invalid.class, parsed, parsed.toString());
        return invalid.errors().stream().collect(Collectors.toMap(FieldError::pointer, FieldError::detail, (a, b) -> a + " | " + b));
    }

    void refusedAt(String body, String pointer) {
        Map<String, String> errors = errors(single, body);
        assertEquals(List.of(pointer), List.copyOf(errors.keySet()), errors.toString());
    }

    @Test
    void aMinimalBodyGetsTheDefaults() {
        CreatePoolCommand command = accepted(single, valid().toString());

        assertEquals(ONE.pool("render-01"), command.poolId());
        assertEquals(2, command.targetDedicatedNodes());
        assertEquals(0, command.targetLowPriorityNodes());
        assertEquals(new ImageRef.Tracked(IMAGE), command.image());
        assertEquals(Optional.empty(), command.startTask());
        assertEquals(RolloutStrategy.IN_PLACE, command.strategy());
        assertEquals(List.of(), command.callerMetadata());
    }

    @Test
    void everyFieldIsCarriedIntoTheCommand() {
        String body = with(b -> {
            b.put("batchAccountId", TWO.toString().toLowerCase()).put("targetLowPriorityNodes", 3)
                    .put("image", IMAGE.version("1.2.3").toString());
            b.putObject("startTask").put("commandLine", "/bin/sh -c 'echo hi'").put("elevated", true).put("waitForSuccess", false);
            b.putObject("rollout").put("strategy", "blueGreen");
            b.putArray("metadata").add(item("team", "render")).add(item("owner", "ops"));
        });

        CreatePoolCommand command = accepted(several, body);

        assertEquals(TWO.pool("render-01"), command.poolId());
        assertEquals(3, command.targetLowPriorityNodes());
        assertEquals(new ImageRef.Pinned(IMAGE.version("1.2.3")), command.image());
        assertEquals(Optional.of(new StartTask("/bin/sh -c 'echo hi'", true, false, 0)), command.startTask());
        assertEquals(RolloutStrategy.BLUE_GREEN, command.strategy());
        assertEquals(List.of(new Metadata("team", "render"), new Metadata("owner", "ops")), command.callerMetadata());
    }

    static ObjectNode item(String name, String value) {
        return JSON.createObjectNode().put("name", name).put("value", value);
    }

    @Test
    void startTaskDefaultsToNotElevatedAndWaitingForSuccess() {
        CreatePoolCommand command = accepted(single, with(b -> b.putObject("startTask").put("commandLine", "run.cmd")));
        assertEquals(Optional.of(new StartTask("run.cmd", false, true, 0)), command.startTask());
    }

    @Test
    void poolIdFollowsBatchsRule() {
        accepted(single, with(b -> b.put("poolId", "a".repeat(64))));
        accepted(single, with(b -> b.put("poolId", "A_b-9")));
        for (String bad : List.of("", "a".repeat(65), "has space", "../etc", "%2e%2e", "pool.1", "p\u0000", "p\n", "ｐｏｏｌ", "рool")) {
            refusedAt(with(b -> b.put("poolId", bad)), "#/poolId");
        }
        refusedAt(with(b -> b.remove("poolId")), "#/poolId");
    }

    @Test
    void batchAccountIdIsOptionalOnlyWithOneConfiguredAccountAndMustBeConfigured() {
        assertEquals(ONE.pool("render-01"), accepted(single, valid().toString()).poolId());
        assertTrue(errors(several, valid().toString()).get("#/batchAccountId").contains("several"));
        assertTrue(errors(single, with(b -> b.put("batchAccountId", TWO.toString()))).get("#/batchAccountId").contains("not an account"));
        for (String bad : List.of("", " " + ONE, ONE + "/pools/x", IMAGE.toString(), "/subscriptions/x/resourceGroups/rg")) {
            refusedAt(with(b -> b.put("batchAccountId", bad)), "#/batchAccountId");
        }
        refusedAt(with(b -> b.put("batchAccountId", 5)), "#/batchAccountId");
        refusedAt(with(b -> b.putNull("batchAccountId")), "#/batchAccountId");
    }

    @Test
    void vmSizeHasAzuresForm() {
        for (String good : List.of("Standard_D2s_v3", "standard_d2s_v3", "Basic_A1", "Standard_E4-2s_v3", "Standard_NC6s_v3")) {
            accepted(single, with(b -> b.put("vmSize", good)));
        }
        for (String bad : List.of("", "D2s_v3", "Standard_", "Standard__D2", "Standard_D2 s", "Premium_D2", "Standard_" + "D".repeat(60))) {
            refusedAt(with(b -> b.put("vmSize", bad)), "#/vmSize");
        }
    }

    @Test
    void nodeCountsAreWholeNumbersAndGalleryPoolsMayExceedTheManagedImageLimits() {
        accepted(single, with(b -> b.put("targetDedicatedNodes", 0)));
        accepted(single, with(b -> b.put("targetDedicatedNodes", 2000).put("targetLowPriorityNodes", 1000)));
        accepted(single, with(b -> b.put("targetDedicatedNodes", 3000).put("targetLowPriorityNodes", 1500)));
        accepted(single, with(b -> b.put("targetDedicatedNodes", 1_000_000).put("targetLowPriorityNodes", 1_000_000)));
        refusedAt(with(b -> b.put("targetDedicatedNodes", 1_000_001)), "#/targetDedicatedNodes");
        refusedAt(with(b -> b.put("targetDedicatedNodes", -1)), "#/targetDedicatedNodes");
        refusedAt(with(b -> b.put("targetDedicatedNodes", 1.5)), "#/targetDedicatedNodes");
        refusedAt(with(b -> b.put("targetDedicatedNodes", "2")), "#/targetDedicatedNodes");
        refusedAt(with(b -> b.put("targetDedicatedNodes", 4_294_967_298L)), "#/targetDedicatedNodes");
        refusedAt(with(b -> b.remove("targetDedicatedNodes")), "#/targetDedicatedNodes");
        refusedAt(with(b -> b.put("targetLowPriorityNodes", 1_000_001)), "#/targetLowPriorityNodes");
        refusedAt(with(b -> b.put("targetLowPriorityNodes", true)), "#/targetLowPriorityNodes");
        refusedAt(valid().toString().replace("\"targetDedicatedNodes\":2", "\"targetDedicatedNodes\":2.0"), "#/targetDedicatedNodes");
        refusedAt(valid().toString().replace("\"targetDedicatedNodes\":2", "\"targetDedicatedNodes\":2e0"), "#/targetDedicatedNodes");
    }

    @Test
    void imageIsAGalleryDefinitionOrVersionId() {
        for (String bad : List.of(IMAGE.gallery().toString(), ONE.toString(), IMAGE + "/versions/latest", IMAGE + "/versions/1.2",
                IMAGE + "/versions/1.2.3.4", IMAGE.toString().replace("galleries/g1", "galleries/.g"),
                IMAGE.toString().replace("images/ubuntu", "images/ub%2Fu"), IMAGE + " ", "ubuntu:22.04", "")) {
            refusedAt(with(b -> b.put("image", bad)), "#/image");
        }
    }

    @Test
    void nodeAgentSkuIdIsABatchNodeAgent() {
        accepted(single, with(b -> b.put("nodeAgentSkuId", "batch.node.windows amd64")));
        for (String bad : List.of("ubuntu 22.04", "batch.node.", "batch.node.ubuntu  22.04", "batch.node.ubuntu\t22.04", "batch.node." + "x".repeat(60))) {
            refusedAt(with(b -> b.put("nodeAgentSkuId", bad)), "#/nodeAgentSkuId");
        }
    }

    @Test
    void startTaskNeedsABoundedCommandLineAndKnowsOnlyItsFields() {
        refusedAt(with(b -> b.putObject("startTask")), "#/startTask/commandLine");
        refusedAt(with(b -> b.putObject("startTask").put("commandLine", "  ")), "#/startTask/commandLine");
        refusedAt(with(b -> b.putObject("startTask").put("commandLine", "x".repeat(8192))), "#/startTask/commandLine");
        refusedAt(with(b -> b.putObject("startTask").put("commandLine", "a\u0000b")), "#/startTask/commandLine");
        refusedAt(with(b -> b.putObject("startTask").put("commandLine", "ok").put("elevated", "yes")), "#/startTask/elevated");
        refusedAt(with(b -> b.putObject("startTask").put("commandLine", "ok").put("userIdentity", "admin")), "#/startTask/userIdentity");
        refusedAt(with(b -> b.put("startTask", "run.sh")), "#/startTask");
        refusedAt(with(b -> b.putNull("startTask")), "#/startTask");
    }

    @Test
    void rolloutStrategyIsInPlaceOrBlueGreen() {
        assertEquals(RolloutStrategy.IN_PLACE, accepted(single, with(b -> b.putObject("rollout"))).strategy());
        refusedAt(with(b -> b.putObject("rollout").put("strategy", "InPlace")), "#/rollout/strategy");
        refusedAt(with(b -> b.putObject("rollout").put("strategy", "canary")), "#/rollout/strategy");
        refusedAt(with(b -> b.putObject("rollout").put("maxUnavailable", 1)), "#/rollout/maxUnavailable");
    }

    @Test
    void callerMetadataMayNotUseTheAppsPrefixAndStaysWithinLimits() {
        refusedAt(with(b -> b.putArray("metadata").add(item("batch-image-rollout.policy.image", "x"))), "#/metadata/0/name");
        refusedAt(with(b -> b.putArray("metadata").add(item("BATCH-IMAGE-ROLLOUT.mine", "x"))), "#/metadata/0/name");
        refusedAt(with(b -> b.putArray("metadata").add(item("team", "a")).add(item("Team", "b"))), "#/metadata/1/name");
        refusedAt(with(b -> b.putArray("metadata").add(item("a b", "x"))), "#/metadata/0/name");
        refusedAt(with(b -> b.putArray("metadata").add(item("n".repeat(129), "x"))), "#/metadata/0/name");
        refusedAt(with(b -> b.putArray("metadata").add(item("n", "v".repeat(1025)))), "#/metadata/0/value");
        refusedAt(with(b -> b.putArray("metadata").add(item("n", "line\nbreak"))), "#/metadata/0/value");
        refusedAt(with(b -> b.putArray("metadata").add(JSON.createObjectNode().put("name", "n"))), "#/metadata/0/value");
        refusedAt(with(b -> b.putArray("metadata").add(item("n", "v").put("extra", 1))), "#/metadata/0/extra");
        refusedAt(with(b -> b.putArray("metadata").add("team=render")), "#/metadata/0");
        refusedAt(with(b -> b.putObject("metadata").put("team", "render")), "#/metadata");
        refusedAt(with(b -> {
            ArrayNode many = b.putArray("metadata");
            for (int i = 0; i < 33; i++) {
                many.add(item("n" + i, "v"));
            }
        }), "#/metadata");
        refusedAt(with(b -> {
            ArrayNode big = b.putArray("metadata");
            for (int i = 0; i < 9; i++) {
                big.add(item("n" + i, "v".repeat(1000)));
            }
        }), "#/metadata");
    }

    @Test
    void everyBadFieldIsListedNotOnlyTheFirst() {
        String body = with(b -> b.put("poolId", "bad id").put("vmSize", "x").put("targetDedicatedNodes", -1).put("colour", "blue")
                .put("size", 3).putObject("startTask").put("commandLine", ""));
        Map<String, String> errors = errors(single, body);
        assertEquals(List.of("#/colour", "#/poolId", "#/size", "#/startTask/commandLine", "#/targetDedicatedNodes", "#/vmSize"),
                errors.keySet().stream().sorted().toList(), errors.toString());
    }

    @Test
    void unknownFieldNamesArePointedAtWithJsonPointerEscaping() {
        assertEquals(List.of("#/a~1b~0c"), List.copyOf(errors(single, with(b -> b.put("a/b~c", 1))).keySet()));
    }

    @Test
    void hugeNumbersOfUnknownFieldsAreCountedNotAllListed() {
        Map<String, String> errors = errors(single, with(b -> {
            for (int i = 0; i < 200; i++) {
                b.put("x" + i, i);
            }
        }));
        assertEquals(JsonFields.MAX_LISTED_ERRORS + 1, errors.size());
        assertTrue(errors.get("#").contains("150 more"), errors.get("#"));
    }

    @Test
    void notJsonNotAnObjectDuplicatesAndTrailingGarbageAreInvalid() {
        for (String body : List.of("{", "[]", "\"pool\"", "42", "null", "{} {}", valid() + "x", "{'poolId':'a'}",
                "{\"poolId\":\"a\",}", "{\"a\":NaN}", "{\"n\":01}", "[".repeat(100) + "]".repeat(100), "{\"a\":" + "[".repeat(20) + "]".repeat(20) + "}",
                "{\"n\":" + "9".repeat(40) + "}", "/* c */ {}")) {
            CreatePoolParse parsed = single.parse(JSON_TYPE, body);
            assertInstanceOf(CreatePoolParse.Invalid.class, parsed, body);
        }
        String duplicate = "{\"poolId\":\"a\",\"poolId\":\"b\"}";
        assertEquals(List.of("#/poolId"), List.copyOf(errors(single, duplicate).keySet()));
        assertEquals(List.of("#/startTask/commandLine"), List.copyOf(errors(single,
                "{\"startTask\":{\"commandLine\":\"a\",\"commandLine\":\"b\"}}").keySet()));
    }

    @Test
    void anEmptyBodyIsInvalid() {
        assertInstanceOf(CreatePoolParse.Invalid.class, single.parse(JSON_TYPE, null));
        assertInstanceOf(CreatePoolParse.Invalid.class, single.parse(JSON_TYPE, "  "));
    }

    @Test
    void bodiesOver64KibAreTooLargeCountingUtf8Bytes() {
        String padding = "x".repeat(CreatePoolRequestParser.MAX_BODY_BYTES);
        assertInstanceOf(CreatePoolParse.TooLarge.class, single.parse(JSON_TYPE, "{\"a\":\"" + padding + "\"}"));
        String multiByte = "{\"a\":\"" + "é".repeat(33_000) + "\"}";
        assertTrue(multiByte.length() < CreatePoolRequestParser.MAX_BODY_BYTES);
        assertInstanceOf(CreatePoolParse.TooLarge.class, single.parse(JSON_TYPE, multiByte));
    }

    @Test
    void onlyJsonIsAcceptedWithParametersAndAnyCasing() {
        for (String type : List.of("application/json", "Application/JSON", "application/json; charset=utf-8",
                "application/json;charset=\"UTF-8\"")) {
            assertInstanceOf(CreatePoolParse.Accepted.class, single.parse(Optional.of(type), valid().toString()), type);
        }
        for (String type : List.of("text/plain", "application/xml", "application/json-patch+json", "application/jsonx",
                "application/json; charset=latin1", "multipart/form-data", "")) {
            assertInstanceOf(CreatePoolParse.UnsupportedMediaType.class, single.parse(Optional.of(type), valid().toString()), type);
        }
        assertInstanceOf(CreatePoolParse.UnsupportedMediaType.class, single.parse(Optional.empty(), valid().toString()));
    }

    @Test
    void rolloutCanaryIsABooleanOnlyForATrackedPoolAndDefaultsToFalse() {
        assertEquals(false, accepted(single, valid().toString()).canary());
        assertEquals(true, accepted(single, with(b -> b.putObject("rollout").put("canary", true))).canary());
        assertEquals(true, accepted(single, with(b -> b.putObject("rollout").put("canary", true))).policy().canary());
        refusedAt(with(b -> b.putObject("rollout").put("canary", "true")), "#/rollout/canary");
        refusedAt(with(b -> b.put("image", IMAGE.version("1.0.0").toString()).putObject("rollout").put("canary", true)),
                "#/rollout/canary");
    }
}
