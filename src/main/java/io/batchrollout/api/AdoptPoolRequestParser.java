package io.batchrollout.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.core.model.GalleryId;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.pools.Adoption;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.policy.RolloutStrategy;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads the body of {@code POST /api/pools/{poolId}/adopt}: {@code {"image": <definition id or version id>,
 * "rollout": {"strategy": "inPlace" | "blueGreen", "canary": false}, "runningVersion": <version id>}} into the policy to write. {@code rollout}
 * may be left out (inPlace, as for createPool). A gallery outside ALLOWED_GALLERY_IDS is a field error: refused before
 * Azure is asked. {@code runningVersion} (optional) is the version the nodes of a pool naming its definition run, which
 * Batch does not report: a version of the definition in {@code image}, the rollback target of the first rollout.
 */
public final class AdoptPoolRequestParser {
    static final Set<String> FIELDS = Set.of("image", "rollout", "runningVersion");
    static final Set<String> ROLLOUT_FIELDS = Set.of("strategy", "canary");

    private final Predicate<GalleryId> galleryAllowed;

    public AdoptPoolRequestParser(Predicate<GalleryId> galleryAllowed) {
        this.galleryAllowed = galleryAllowed;
    }

    public BodyParse<Adoption> parse(Optional<String> contentType, String body) {
        return JsonObjectBody.parse(contentType, body, "the image to keep the pool on", (object, fields) -> {
            fields.rejectUnknown(object, "#", FIELDS);
            Optional<ImageRef> image = fields.string(object, "#", "image", true).flatMap(text -> image(text, fields));
            Optional<ObjectNode> rollout = fields.object(object, "#", "rollout");
            Optional<RolloutStrategy> strategy = rollout.map(r -> strategy(r, fields))
                    .orElse(Optional.of(RolloutStrategy.IN_PLACE));
            boolean canary = rollout.flatMap(r -> CreatePoolRequestParser.canary(r, image, fields)).orElse(false);
            Optional<ImageVersionId> running = fields.string(object, "#", "runningVersion", false)
                    .flatMap(text -> runningVersion(text, image, fields));
            if (fields.hasErrors() || image.isEmpty() || strategy.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Adoption(new RolloutPolicy(image.get(), strategy.get(), canary), running));
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

    private static Optional<ImageVersionId> runningVersion(String text, Optional<ImageRef> image, JsonFields fields) {
        FieldRules.ImageCheck check = FieldRules.image(text);
        if (!(check instanceof FieldRules.ImageCheck.Valid valid && valid.image() instanceof ImageRef.Pinned version)) {
            fields.error("#/runningVersion", "must be a Compute Gallery image version id (…/images/{image}/versions/"
                    + "{Major.Minor.Patch}): the version the pool's nodes run"
                    + (check instanceof FieldRules.ImageCheck.Refused refused ? "; " + refused.detail() : ""));
            return Optional.empty();
        }
        if (image.isEmpty()) {
            return Optional.empty();
        }
        if (!(image.get() instanceof ImageRef.Tracked tracked)) {
            fields.error("#/runningVersion", "applies only when #/image is an image definition (a pinned image names "
                    + "its version already)");
            return Optional.empty();
        }
        if (!version.version().definition().toString().equalsIgnoreCase(tracked.definition().toString())) {
            fields.error("#/runningVersion", "is a version of " + Texts.clip(version.version().definition().toString())
                    + ", not of the definition in #/image");
            return Optional.empty();
        }
        return Optional.of(version.version());
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
