package io.batchrollout.core.events;

import static io.batchrollout.core.events.GalleryEventParserTest.ALLOWED;
import static io.batchrollout.core.events.GalleryEventParserTest.DEFINITION;
import static io.batchrollout.core.events.GalleryEventParserTest.VERSION;
import static io.batchrollout.core.events.GalleryEvents.eventGridWrite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Whatever arrives, the parser answers (never throws), says why in a bounded single line, and acts only on a version. */
class HostileGalleryEventsTest {
    private static final int MAX_REASON = 2_000;

    private final GalleryEventParser parser = new GalleryEventParser(Set.of(ALLOWED)::contains);

    private String malformed(String raw) {
        GalleryEvent event = parser.parse(raw);
        String reason = assertInstanceOf(GalleryEvent.Malformed.class, event, event.describe()).reason();
        assertBounded(reason);
        return reason;
    }

    private static void assertBounded(String text) {
        assertTrue(text.length() < MAX_REASON, "a reason of " + text.length() + " characters");
        assertFalse(text.contains("\n") || text.contains("\r"), "a reason spanning lines: " + text);
    }

    @Test
    void emptyAndNonJsonBodiesAreMalformed() {
        assertTrue(malformed(null).contains("empty"));
        assertTrue(malformed("").contains("empty"));
        assertTrue(malformed(" \n\t ").contains("empty"));
        assertTrue(malformed("not json").contains("not one JSON value"));
        assertTrue(malformed("{").contains("not one JSON value"));
        assertTrue(malformed("{\"id\":\"x\"} {\"id\":\"y\"}").contains("not one JSON value"));
    }

    @Test
    void jsonThatIsNotAnObjectIsMalformed() {
        for (String raw : new String[] {"42", "\"a string\"", "null", "true", "[42]", "[null]", "[[]]"}) {
            assertTrue(malformed(raw).contains("not a JSON object"), raw);
        }
    }

    @Test
    void anEventLargerThanEventGridAllowsIsRefusedWithoutBeingRead() {
        String huge = "{\"id\":\"" + "x".repeat(GalleryEventParser.MAX_EVENT_CHARS) + "\"}";

        assertTrue(malformed(huge).contains("at most " + GalleryEventParser.MAX_EVENT_CHARS));
    }

    @Test
    void aHugeResourceIdIsEchoedClipped() {
        ObjectNode event = eventGridWrite("h-1", VERSION);
        String long1 = VERSION + "x".repeat(400_000);
        event.put("subject", long1);
        ((ObjectNode) event.get("data")).put("resourceUri", long1);

        assertTrue(malformed(event.toString()).contains("(400"), "the clip names the length");
    }

    @Test
    void deepNestingIsRefusedBeforeItCostsTheStack() {
        String deepArrays = "[".repeat(100_000) + "]".repeat(100_000);
        ObjectNode event = eventGridWrite("n-1", VERSION);
        String deepData = event.toString().replace("\"claims\":{", "\"claims\":" + "{\"a\":".repeat(200) + "{")
                .replace("\"ver\":\"1.0\"}", "\"ver\":\"1.0\"}" + "}".repeat(200));

        assertTrue(malformed(deepArrays).contains("not one JSON value"));
        assertTrue(malformed(deepData).contains("not one JSON value"));
    }

    @Test
    void junkNestedInFieldsTheParserDoesNotReadIsLeftUnread() {
        ObjectNode event = eventGridWrite("j-1", VERSION);
        ObjectNode data = (ObjectNode) event.get("data");
        data.putArray("claims").add(1).addObject().putArray("x").add("y").addArray().add(false);
        data.put("authorization", "{not json");
        data.putObject("httpRequest").putObject("url").put("nested", "junk");
        event.putObject("topic").put("evil", true);

        GalleryEvent parsed = parser.parse(event.toString());

        assertEquals(DEFINITION, assertInstanceOf(GalleryEvent.VersionWritten.class, parsed, parsed.describe()).version().definition());
    }

    @Test
    void duplicateKeysAreMalformedRatherThanResolvedSilently() {
        String twoSubjects = eventGridWrite("k-1", VERSION).toString().replaceFirst("\\{", "{\"subject\":\"/elsewhere\",");

        assertTrue(malformed(twoSubjects).contains("not one JSON value"));
    }

    @Test
    void controlCharactersInEchoedTextCannotForgeLogLines() {
        ObjectNode event = eventGridWrite("line1\nWARNING forged\r", VERSION);
        event.put("eventType", "Other\nSEVERE forged");

        GalleryEvent parsed = parser.parse(event.toString());

        String reason = assertInstanceOf(GalleryEvent.Ignored.class, parsed, parsed.describe()).reason();
        assertBounded(reason);
        assertTrue(reason.contains("line1?WARNING forged?"), reason);
    }

    @Test
    void wrongTypesInEveryEnvelopeFieldAreMalformed() {
        for (String field : new String[] {"id", "eventType", "subject", "eventTime"}) {
            for (String junk : new String[] {"1", "true", "null", "[]", "{\"a\":1}", "\"\""}) {
                String raw = eventGridWrite("w-1", VERSION).toString().replace("\"" + field + "\":",
                        "\"" + field + "\":" + junk + ",\"ignored-" + field + "\":");

                GalleryEvent parsed = parser.parse(raw);

                assertInstanceOf(GalleryEvent.Malformed.class, parsed, field + "=" + junk + ": " + parsed.describe());
            }
        }
    }

    /** Random bytes spliced into a valid event: every answer is one of the three, bounded, never an exception. */
    @Test
    void randomlyCorruptedEventsNeverThrowAndOnlyTheIntactOnesAct() {
        Random random = new Random(20260105);
        String valid = eventGridWrite("f-1", VERSION).toString();
        String alphabet = "{}[]\":,\\ \n\u0000\u00e9\ud83d\ude00abc019-/.eE+";
        int acted = 0;
        for (int i = 0; i < 3_000; i++) {
            StringBuilder corrupted = new StringBuilder(valid);
            for (int cuts = 1 + random.nextInt(3); cuts > 0; cuts--) {
                int at = random.nextInt(corrupted.length());
                switch (random.nextInt(3)) {
                    case 0 -> corrupted.deleteCharAt(at);
                    case 1 -> corrupted.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> corrupted.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            GalleryEvent parsed = parser.parse(corrupted.toString());
            assertBounded(parsed.describe());
            if (parsed instanceof GalleryEvent.VersionWritten written) {
                acted++;
                assertEquals(ALLOWED, written.version().definition().gallery(), corrupted.toString());
            }
        }
        assertTrue(acted < 3_000, "some corruptions must be refused");
    }
}
