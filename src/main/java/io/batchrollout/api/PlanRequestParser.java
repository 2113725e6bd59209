package io.batchrollout.api;

import io.batchrollout.core.model.ArmId;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.readiness.SemanticVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the query of {@code GET /api/plan}: {@code image} (a gallery image definition id), optional {@code version}
 * (a version name such as 1.2.0, or that version's id), optional {@code format} (json or markdown). Anything else is
 * refused, so a misspelt parameter is not silently ignored; {@code code} (the function key) is the host's.
 */
public final class PlanRequestParser {
    /** Names compare ignoring case, as the host's query collection does. */
    static final Set<String> KNOWN = Set.of("image", "version", "format", "code");

    public enum Format { JSON, MARKDOWN }

    public sealed interface Parsed {
        record Accepted(ImageDefinitionId definition, Optional<String> version, Format format) implements Parsed {
        }

        /** One entry per invalid parameter, named by a {@code #/query/{name}} pointer. */
        record Refused(List<FieldError> errors) implements Parsed {
            public Refused {
                errors = List.copyOf(errors);
            }
        }
    }

    private PlanRequestParser() {
    }

    public static Parsed parse(Map<String, String> query) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> unknown = new TreeSet<>();
        Map<String, String> values = new java.util.HashMap<>();
        for (Map.Entry<String, String> e : (query == null ? Map.<String, String>of() : query).entrySet()) {
            if (e.getKey() == null) {
                continue;
            }
            String name = e.getKey().toLowerCase(Locale.ROOT);
            if (KNOWN.contains(name)) {
                values.put(name, e.getValue() == null ? "" : e.getValue().trim());
            } else {
                unknown.add(e.getKey());
            }
        }
        unknown.forEach(name -> errors.add(error(Texts.clip(name), "is not a parameter of the plan; use image, version and format")));
        Optional<ImageDefinitionId> definition = definition(values.get("image"), errors);
        Optional<String> version = Optional.ofNullable(values.get("version"));
        if (version.isPresent() && definition.isPresent()) {
            version = versionName(version.get(), definition.get(), errors);
        }
        Format format = Format.JSON;
        String asked = values.getOrDefault("format", "json");
        if (asked.equalsIgnoreCase("markdown") || asked.equalsIgnoreCase("md")) {
            format = Format.MARKDOWN;
        } else if (!asked.equalsIgnoreCase("json")) {
            errors.add(error("format", "must be json or markdown, not '" + Texts.clip(asked) + "'"));
        }
        return errors.isEmpty() ? new Parsed.Accepted(definition.get(), version, format) : new Parsed.Refused(errors);
    }

    private static Optional<ImageDefinitionId> definition(String image, List<FieldError> errors) {
        if (image == null || image.isEmpty()) {
            errors.add(error("image", "is required: the id of the gallery image definition to plan for "
                    + "(/subscriptions/.../galleries/{gallery}/images/{image})"));
            return Optional.empty();
        }
        ArmId id;
        try {
            id = ArmId.parse(image);
        } catch (IllegalArgumentException e) {
            errors.add(error("image", "is not an Azure resource id: " + Texts.clip(e.getMessage())));
            return Optional.empty();
        }
        if (id.isOfType(ImageVersionId.TYPE)) {
            errors.add(error("image", "names a version; give its image definition as image and the version as version="
                    + new ImageVersionId(id).versionName()));
            return Optional.empty();
        }
        if (!id.isOfType(ImageDefinitionId.TYPE)) {
            errors.add(error("image", "is a " + id.resourceType() + " id; expected a gallery image definition id ("
                    + ImageDefinitionId.TYPE + ")"));
            return Optional.empty();
        }
        return Optional.of(new ImageDefinitionId(id));
    }

    /** A name (Major.Minor.Patch, as the gallery names versions) or a version id of the same definition. */
    private static Optional<String> versionName(String version, ImageDefinitionId definition, List<FieldError> errors) {
        String name = version;
        if (version.startsWith("/")) {
            try {
                ImageVersionId id = new ImageVersionId(ArmId.parse(version));
                if (!id.definition().toString().equalsIgnoreCase(definition.toString())) {
                    errors.add(error("version", "is a version of " + id.definition() + ", not of the image planned for"));
                    return Optional.empty();
                }
                name = id.versionName();
            } catch (IllegalArgumentException e) {
                errors.add(error("version", "is neither a version name nor a gallery image version id: "
                        + Texts.clip(e.getMessage())));
                return Optional.empty();
            }
        }
        if (SemanticVersion.parse(name).isEmpty()) {
            errors.add(error("version", "must be a gallery image version name, Major.Minor.Patch (e.g. 1.2.0), or its "
                    + "id; not '" + Texts.clip(name) + "'"));
            return Optional.empty();
        }
        return Optional.of(name);
    }

    private static FieldError error(String parameter, String detail) {
        return new FieldError("#/query/" + parameter, "query parameter " + parameter + " " + detail);
    }
}
