package io.batchrollout.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.pools.Adoption;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Adoption states the canary flag the same way createPool does. */
class AdoptPoolRequestParserCanaryTest {
    static final ImageDefinitionId IMAGE = ImageDefinitionId.parse("/subscriptions/00000000-0000-0000-0000-000000000001"
            + "/resourceGroups/img-rg/providers/Microsoft.Compute/galleries/g1/images/ubuntu");
    static final AdoptPoolRequestParser PARSER = new AdoptPoolRequestParser(g -> true);
    static final Optional<String> JSON = Optional.of("application/json");

    @Test
    void aTrackedPoolMayBeAdoptedAsACanaryAndAPinnedOneMayNot() {
        BodyParse<Adoption> canary = PARSER.parse(JSON, "{\"image\": \"" + IMAGE + "\", \"rollout\": "
                + "{\"strategy\": \"inPlace\", \"canary\": true}}");
        assertEquals(true, assertInstanceOf(BodyParse.Accepted.class, canary).value() instanceof Adoption a
                && a.policy().canary());
        BodyParse<Adoption> plain = PARSER.parse(JSON, "{\"image\": \"" + IMAGE + "\"}");
        assertEquals(false, ((Adoption) assertInstanceOf(BodyParse.Accepted.class, plain).value()).policy().canary());

        BodyParse<Adoption> pinned = PARSER.parse(JSON, "{\"image\": \"" + IMAGE.version("1.0.0") + "\", \"rollout\": "
                + "{\"strategy\": \"inPlace\", \"canary\": true}}");
        assertEquals("#/rollout/canary", ((BodyParse.Invalid<?>) assertInstanceOf(BodyParse.Invalid.class, pinned))
                .errors().get(0).pointer());
        BodyParse<Adoption> notBoolean = PARSER.parse(JSON, "{\"image\": \"" + IMAGE + "\", \"rollout\": "
                + "{\"strategy\": \"inPlace\", \"canary\": 1}}");
        assertEquals("#/rollout/canary", ((BodyParse.Invalid<?>) assertInstanceOf(BodyParse.Invalid.class, notBoolean))
                .errors().get(0).pointer());
    }
}
