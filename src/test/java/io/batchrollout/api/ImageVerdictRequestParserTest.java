package io.batchrollout.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** promote / reject bodies: the field takes a version id only, and its refusals say so. */
class ImageVerdictRequestParserTest {
    private static final String DEFINITION = "/subscriptions/00000000-0000-0000-0000-00000000000a/resourceGroups/img/"
            + "providers/Microsoft.Compute/galleries/gal/images/ubuntu";
    private static final Optional<String> JSON = Optional.of("application/json");

    private static List<FieldError> refused(String body) {
        return assertInstanceOf(BodyParse.Invalid.class, new ImageVerdictRequestParser().parse(JSON, body, false)).errors();
    }

    @Test
    void aVersionIdIsAccepted() {
        var accepted = assertInstanceOf(BodyParse.Accepted.class, new ImageVerdictRequestParser().parse(JSON,
                "{\"versionId\": \"" + DEFINITION + "/versions/1.2.0\"}", false));
        assertEquals("1.2.0", ((ImageVerdictRequestParser.Verdict) accepted.value()).versionId().versionName());
    }

    @Test
    void textThatIsNoIdIsRefusedAsNotAVersionIdNotAsAnImageOfEitherKind() {
        List<FieldError> errors = refused("{\"versionId\": \"nope\"}");
        assertEquals(1, errors.size());
        assertEquals("#/versionId", errors.get(0).pointer());
        assertTrue(errors.get(0).detail().startsWith("must be a Compute Gallery image version id"), errors.get(0).detail());
    }

    @Test
    void aDefinitionIdIsRefusedAskingForOneOfItsVersions() {
        List<FieldError> errors = refused("{\"versionId\": \"" + DEFINITION + "\"}");
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).detail().startsWith("names an image definition; give one of its versions"),
                errors.get(0).detail());
    }
}
