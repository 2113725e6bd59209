package io.batchrollout.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.core.model.GalleryId;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.policy.RolloutStrategy;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads the body of {@code POST /api/pools/{poolId}/adopt}: {@code {"image": <definition id or version id>,
 * "rollout": {"strategy": "inPlace" | "blueGreen"}}} into the policy to write. {@code rollout} may be left out
 * (inPlace, as for createPool). A gallery outside ALLOWED_GALLERY_IDS is a field error: refused before Azure is asked.
 */
public final class AdoptPoolRequestParser {
    static final Set<String> FIELDS = Set.of("image", "rollout");
    static final Set<String> ROLLOUT_FIELDS = Set.of("strategy");

    private final Predicate<GalleryId> galleryAllowed;

    public AdoptPoolRequestParser(Predicate<GalleryId> galleryAllowed) {
        this.galleryAllowed = galleryAllowed;
    }

    public BodyParse<RolloutPolicy> parse(Optional<String> contentType, String body) {
        return JsonObjectBody.parse(contentType, body, "the image to keep the pool on", (object, fields) -> {
            fields.rejectUnknown(object, "#", FIELDS);
            Optional<ImageRef> image = fields.string(object, "#", "image", true).flatMap(text -> image(text, fields));
            Optional<RolloutStrategy> strategy = fields.object(object, "#", "rollout").map(r -> strategy(r, fields))
                    .orElse(Optional.of(RolloutStrategy.IN_PLACE));
            if (fields.hasErrors() || image.isEmpty() || strategy.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new RolloutPolicy(image.get(), strategy.get()));
        });
    }

    private Optional<ImageRef> image(String text, JsonFields fields) {
        FieldRules.ImageCheck check = FieldRules.image(text);
        if (check instanceof FieldRules.ImageCheck.Refused refused) {
            fields.error("#/image", refused.detail());
            return Optional.empty();
        }
        ImageRef image = ((FieldRules.ImageCheck.Valid) check).image();
        if (!galleryAllowed.test(image.definition().gallery())) {
            fields.error("#/image", "names gallery " + Texts.clip(image.definition().gallery().toString())
                    + ", which is not in ALLOWED_GALLERY_IDS");
            return Optional.empty();
        }
        return Optional.of(image);
    }

    private static Optional<RolloutStrategy> strategy(ObjectNode rollout, JsonFields fields) {
        fields.rejectUnknown(rollout, "#/rollout", ROLLOUT_FIELDS);
        Optional<String> name = fields.string(rollout, "#/rollout", "strategy", true);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Optional<RolloutStrategy> strategy = RolloutStrategy.fromWireName(name.get());
        if (strategy.isEmpty()) {
            fields.error("#/rollout/strategy", "must be '" + RolloutStrategy.IN_PLACE.wireName() + "' or '"
                    + RolloutStrategy.BLUE_GREEN.wireName() + "'");
        }
        return strategy;
    }
}
