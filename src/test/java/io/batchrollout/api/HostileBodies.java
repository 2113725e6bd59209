package io.batchrollout.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.local.DemoResources;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One hundred createPool requests that must each be refused with a 4xx problem before anything reaches Azure:
 * unknown fields, hostile strings in ids, wrong types, huge numbers, wrong shapes, oversized bodies, wrong media
 * types. Most are a valid body with one thing broken, so each case tests the thing it names.
 */
final class HostileBodies {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String JSON_TYPE = "application/json";
    static final String DEMO_SUB = DemoResources.SUBSCRIPTION_ID;

    /** {@code contentType} null: no Content-Type header at all. */
    record Case(String name, String contentType, byte[] body, int expectedStatus) {
        @Override
        public String toString() {
            return name;
        }
    }

    private final List<Case> cases = new ArrayList<>();

    static ObjectNode valid() {
        return JSON.createObjectNode().put("poolId", "hostile-target").put("vmSize", "Standard_D2s_v3")
                .put("targetDedicatedNodes", 1).put("image", DemoResources.imageId().toString())
                .put("nodeAgentSkuId", "batch.node.ubuntu 22.04");
    }

    static List<Case> all() {
        HostileBodies b = new HostileBodies();
        b.mediaTypes();
        b.sizes();
        b.structure();
        b.unknownFields();
        b.hostilePoolIds();
        b.hostileIds();
        b.wrongTypes();
        b.badValues();
        return List.copyOf(b.cases);
    }

    private void raw(String name, String contentType, String body, int status) {
        cases.add(new Case(name, contentType, body.getBytes(StandardCharsets.UTF_8), status));
    }

    private void invalid(String name, Consumer<ObjectNode> change) {
        ObjectNode body = valid();
        change.accept(body);
        raw(name, JSON_TYPE, body.toString(), 400);
    }

    private void mediaTypes() {
        String body = valid().toString();
        raw("no Content-Type", null, body, 415);
        raw("text/plain", "text/plain", body, 415);
        raw("application/xml", "application/xml", body, 415);
        raw("form-urlencoded", "application/x-www-form-urlencoded", "poolId=a&vmSize=b", 415);
        raw("multipart", "multipart/form-data; boundary=x", body, 415);
        raw("latin1 charset", "application/json; charset=iso-8859-1", body, 415);
        raw("jsonp lookalike", "application/jsonp", body, 415);
    }

    private void sizes() {
        ObjectNode padded = valid();
        padded.putArray("metadata").addObject().put("name", "pad").put("value", "x".repeat(70 * 1024));
        raw("70 KiB valid-looking body", JSON_TYPE, padded.toString(), 413);
        raw("70 KiB of garbage", JSON_TYPE, "A".repeat(70 * 1024), 413);
        raw("64 KiB + 1 byte in multi-byte characters", JSON_TYPE, "{\"poolId\":\"" + "é".repeat(32 * 1024) + "\"}", 413);
    }

    private void structure() {
        String valid = valid().toString();
        raw("empty body", JSON_TYPE, "", 400);
        raw("whitespace body", JSON_TYPE, "   \n\t ", 400);
        raw("null", JSON_TYPE, "null", 400);
        raw("empty array", JSON_TYPE, "[]", 400);
        raw("array of a valid body", JSON_TYPE, "[" + valid + "]", 400);
        raw("a string", JSON_TYPE, "\"hostile-target\"", 400);
        raw("a number", JSON_TYPE, "42", 400);
        raw("unterminated object", JSON_TYPE, valid.substring(0, valid.length() - 1), 400);
        raw("trailing garbage", JSON_TYPE, valid + "garbage", 400);
        raw("two objects", JSON_TYPE, valid + valid, 400);
        raw("duplicate poolId", JSON_TYPE, valid.replaceFirst("\\{", "{\"poolId\":\"other\","), 400);
        raw("single quotes", JSON_TYPE, valid.replace('"', '\''), 400);
        raw("comment", JSON_TYPE, "/* hi */" + valid, 400);
        raw("10,000 nested arrays", JSON_TYPE, "[".repeat(10_000) + "]".repeat(10_000), 400);
        raw("deep nesting inside a field", JSON_TYPE, valid.replaceFirst("\\{", "{\"x\":" + "{\"a\":".repeat(50) + "1" + "}".repeat(50) + ","), 400);
        raw("NaN", JSON_TYPE, valid.replace("\"targetDedicatedNodes\":1", "\"targetDedicatedNodes\":NaN"), 400);
        raw("trailing comma", JSON_TYPE, valid.replaceFirst("}$", ",}"), 400);
        raw("byte order mark and junk", JSON_TYPE, "\uFEFF\u0000" + valid, 400);
        raw("invalid UTF-8 in a string", JSON_TYPE, "", 400);
        cases.set(cases.size() - 1, new Case("invalid UTF-8 in a string", JSON_TYPE, invalidUtf8(valid), 400));
    }

    private static byte[] invalidUtf8(String valid) {
        byte[] text = valid.replace("hostile-target", "hostile-XX").getBytes(StandardCharsets.UTF_8);
        String s = new String(text, StandardCharsets.ISO_8859_1);
        int at = s.indexOf("XX");
        text[at] = (byte) 0xC3;
        text[at + 1] = (byte) 0x28;
        return text;
    }

    private void unknownFields() {
        invalid("unknown field id", b -> b.put("id", "x"));
        invalid("wrongly cased poolID", b -> b.put("poolID", "x").remove("poolId"));
        invalid("__proto__", b -> b.putObject("__proto__").put("admin", true));
        invalid("constructor", b -> b.putObject("constructor").putObject("prototype").put("admin", true));
        invalid("Jackson @class", b -> b.put("@class", "java.lang.ProcessBuilder"));
        invalid("$type", b -> b.put("$type", "System.Diagnostics.Process"));
        invalid("unknown inside startTask", b -> b.putObject("startTask").put("commandLine", "x").put("runElevated", true));
        invalid("unknown inside rollout", b -> b.putObject("rollout").put("strategy", "inPlace").put("force", true));
        invalid("unknown inside a metadata item", b -> b.putArray("metadata").addObject().put("name", "a").put("value", "b").put("c", "d"));
        invalid("resizeTimeout is the app's to set", b -> b.put("resizeTimeout", "PT1M"));
        invalid("autoScale is not offered", b -> b.putObject("autoScale").put("formula", "$TargetDedicatedNodes=100"));
    }

    private void hostilePoolIds() {
        for (String id : List.of("../demobatch", "..%2f..%2fsecrets", "%2e%2e", "<script>alert(1)</script>",
                "a'; DROP TABLE pools;--", "x".repeat(65), "y".repeat(10_000), "ｈｏｓｔｉｌｅ", "hоstile", "pool\u0000",
                "pool\n", " pool", "${jndi:ldap://127.0.0.1/a}", "pool\u202Egnp", "🔥", "")) {
            invalid("poolId " + printable(id), b -> b.put("poolId", id));
        }
    }

    private void hostileIds() {
        String account = DemoResources.batchAccountId().toString();
        String image = DemoResources.imageId().toString();
        invalid("account not configured", b -> b.put("batchAccountId", account.replace("demobatch", "otherbatch")));
        invalid("account path traversal", b -> b.put("batchAccountId", account + "/../../otherbatch"));
        invalid("account with a query", b -> b.put("batchAccountId", account + "?api-version=2020-01-01"));
        invalid("account URL", b -> b.put("batchAccountId", "https://management.azure.com" + account));
        invalid("account encoded dots", b -> b.put("batchAccountId", account.replace("demobatch", "%2e%2e")));
        invalid("image is a gallery", b -> b.put("image", DemoResources.galleryId().toString()));
        invalid("image is a Batch account", b -> b.put("image", account));
        invalid("image with ..", b -> b.put("image", image.replace("ubuntu2204-batch", "..")));
        invalid("image URL", b -> b.put("image", "https://attacker.example" + image));
        invalid("image with a query", b -> b.put("image", image + "?x=1"));
        invalid("image with NUL", b -> b.put("image", image + "\u0000"));
        invalid("image version latest", b -> b.put("image", image + "/versions/latest"));
        invalid("image 10,000 characters", b -> b.put("image", image + "x".repeat(10_000)));
        invalid("image subscription not a GUID", b -> b.put("image", image.replace(DEMO_SUB, "../../../")));
    }

    private void wrongTypes() {
        invalid("poolId number", b -> b.put("poolId", 42));
        invalid("poolId array", b -> b.putArray("poolId").add("a"));
        invalid("poolId object", b -> b.putObject("poolId").put("a", 1));
        invalid("poolId null", b -> b.putNull("poolId"));
        invalid("dedicated as string", b -> b.put("targetDedicatedNodes", "1"));
        invalid("dedicated fractional", b -> b.put("targetDedicatedNodes", 1.5));
        invalid("dedicated 1e3", b -> b.put("targetDedicatedNodes", 1e3));
        invalid("dedicated beyond int", b -> b.put("targetDedicatedNodes", 2_147_483_648L));
        invalid("dedicated huge", b -> b.put("targetDedicatedNodes", new java.math.BigInteger("9".repeat(30))));
        raw("dedicated 1e400", JSON_TYPE, valid().toString().replace("\"targetDedicatedNodes\":1", "\"targetDedicatedNodes\":1e400"), 400);
        invalid("startTask array", b -> b.putArray("startTask").add("x"));
        invalid("startTask null", b -> b.putNull("startTask"));
        invalid("elevated string", b -> b.putObject("startTask").put("commandLine", "x").put("elevated", "true"));
        invalid("rollout string", b -> b.put("rollout", "blueGreen"));
        invalid("metadata object", b -> b.putObject("metadata").put("team", "a"));
        invalid("metadata of strings", b -> b.putArray("metadata").add("team=a"));
        invalid("image array", b -> b.putArray("image").add(DemoResources.imageId().toString()));
    }

    private void badValues() {
        raw("empty object", JSON_TYPE, "{}", 400);
        invalid("vmSize without prefix", b -> b.put("vmSize", "D2s_v3"));
        invalid("node agent not batch.node", b -> b.put("nodeAgentSkuId", "ubuntu 22.04"));
        invalid("strategy unknown", b -> b.putObject("rollout").put("strategy", "yolo"));
        invalid("commandLine 10,000 characters", b -> b.putObject("startTask").put("commandLine", "x".repeat(10_000)));
        invalid("commandLine with NUL", b -> b.putObject("startTask").put("commandLine", "a\u0000b"));
        invalid("commandLine missing", b -> b.putObject("startTask").put("elevated", true));
        invalid("metadata under the app's prefix", b -> b.putArray("metadata").addObject()
                .put("name", "batch-image-rollout.policy.image").put("value", "/subscriptions/x"));
        invalid("33 metadata entries", b -> {
            ArrayNode many = b.putArray("metadata");
            for (int i = 0; i < 33; i++) {
                many.addObject().put("name", "n" + i).put("value", "v");
            }
        });
        invalid("metadata value with control character", b -> b.putArray("metadata").addObject().put("name", "a").put("value", "\u0007"));
        invalid("dedicated over what 100 replicas could ever serve", b -> b.put("targetDedicatedNodes", 1_000_001));
        invalid("low priority over what 100 replicas could ever serve", b -> b.put("targetLowPriorityNodes", 1_000_001));
        invalid("required fields missing", b -> b.remove(List.of("vmSize", "image", "nodeAgentSkuId")));
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(24).forEach(c -> out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return text.length() > 24 ? out + "...(" + text.length() + ")" : out.toString();
    }
}
