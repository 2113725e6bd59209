package io.batchrollout.api;

import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.policy.ImageRef;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the body of {@code POST /api/images/promote} and {@code /reject}: {@code {"versionId": <gallery image version
 * id>, "reason": <text>}}; the reason is required to reject (it becomes the version's rejected tag, which Azure limits
 * to 256 characters) and optional to promote. Whether the gallery is allowed is the core's answer (422), not a field
 * error: the request is well formed.
 */
public final class ImageVerdictRequestParser {
    static final Set<String> FIELDS = Set.of("versionId", "reason");
    /** Leaves room in the 256-character tag for "rejected by an operator at {instant}: ". */
    public static final int MAX_REASON_LENGTH = 200;

    /** A parsed request: the version and the operator's reason. */
    public record Verdict(ImageVersionId versionId, Optional<String> reason) {
    }

    public BodyParse<Verdict> parse(Optional<String> contentType, String body, boolean reasonRequired) {
        return JsonObjectBody.parse(contentType, body, "the image version id", (object, fields) -> {
            fields.rejectUnknown(object, "#", FIELDS);
            Optional<ImageVersionId> version = fields.string(object, "#", "versionId", true).flatMap(text -> version(text, fields));
            Optional<String> reason = fields.string(object, "#", "reason", reasonRequired).filter(text -> {
                if (text.isBlank() || text.length() > MAX_REASON_LENGTH || Texts.hasControl(text, false)) {
                    fields.error("#/reason", "must be 1 to " + MAX_REASON_LENGTH + " characters, not blank, without "
                            + "control characters");
                    return false;
                }
                return true;
            });
            if (fields.hasErrors() || version.isEmpty() || (reasonRequired && reason.isEmpty())) {
                return Optional.empty();
            }
            return Optional.of(new Verdict(version.get(), reason.map(String::strip)));
        });
    }

    private static Optional<ImageVersionId> version(String text, JsonFields fields) {
        FieldRules.ImageCheck check = FieldRules.image(text);
        if (check instanceof FieldRules.ImageCheck.Refused refused) {
            // The shared rule words both image forms; this field takes a version only, so say that first.
            fields.error("#/versionId", "must be a Compute Gallery image version id (…/providers/Microsoft.Compute/galleries/"
                    + "{gallery}/images/{image}/versions/{Major.Minor.Patch}); " + refused.detail());
            return Optional.empty();
        }
        ImageRef image = ((FieldRules.ImageCheck.Valid) check).image();
        if (!(image instanceof ImageRef.Pinned pinned)) {
            fields.error("#/versionId", "names an image definition; give one of its versions ({definition id}/versions/"
                    + "{Major.Minor.Patch})");
            return Optional.empty();
        }
        return Optional.of(pinned.version());
    }
}
