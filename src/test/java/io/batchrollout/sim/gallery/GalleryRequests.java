package io.batchrollout.sim.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.sim.SimException;
import io.batchrollout.sim.SimRequest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/** Validation every gallery handler shares: api-version, resource names, and reading fields of a request body. */
final class GalleryRequests {
    /** What azure-resourcemanager-compute 2.53.2 sends for every gallery call. */
    static final String API_VERSION = "2024-03-03";
    /** The Compute gallery api-versions ARM routes (as ARM lists them in NoRegisteredProviderFound). */
    static final List<String> SUPPORTED_API_VERSIONS = List.of("2018-06-01", "2019-03-01", "2019-07-01", "2019-12-01",
            "2020-09-30", "2021-03-01", "2021-07-01", "2021-10-01", "2022-01-03", "2022-03-03", "2022-08-03",
            "2023-07-03", "2024-03-03", "2025-03-03");

    private static final Pattern API_VERSION_FORMAT = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}(-preview)?$");
    private static final Pattern GALLERY_NAME = Pattern.compile("^[A-Za-z0-9]([A-Za-z0-9._]{0,78}[A-Za-z0-9])?$");
    private static final Pattern IMAGE_NAME = Pattern.compile("^[A-Za-z0-9]([A-Za-z0-9._-]{0,78}[A-Za-z0-9])?$");
    private static final Pattern VERSION_NAME = Pattern.compile("^(\\d{1,10})\\.(\\d{1,10})\\.(\\d{1,10})$");

    private GalleryRequests() {
    }

    /**
     * A malformed api-version is ARM's InvalidApiVersionParameter; a well-formed one the gallery types do not
     * serve is NoRegisteredProviderFound, both 400.
     */
    static void requireApiVersion(SimRequest request, String resourceType) {
        String apiVersion = request.apiVersion();
        String supported = String.join(", ", SUPPORTED_API_VERSIONS);
        if (!API_VERSION_FORMAT.matcher(apiVersion).matches()) {
            throw SimException.badRequest("InvalidApiVersionParameter", "The api-version '" + apiVersion
                    + "' is invalid. The supported versions are '" + supported + "'.");
        }
        if (!SUPPORTED_API_VERSIONS.contains(apiVersion)) {
            throw SimException.badRequest("NoRegisteredProviderFound", "No registered resource provider found for API version '"
                    + apiVersion + "' and type '" + resourceType + "'. The supported api-versions are '" + supported + "'.");
        }
    }

    /** Where the client reached the simulator, for the absolute URLs ARM hands out (nextLink, operation status). */
    static String baseUrl(SimRequest request) {
        return "https://" + request.header("host").orElse("127.0.0.1");
    }

    static String galleryName(String name) {
        return checkName(name, GALLERY_NAME, "galleryName",
                "The allowed characters are alphabets and numbers with dots and underscores allowed in the middle; at most 80 characters.");
    }

    static String imageName(String name) {
        return checkName(name, IMAGE_NAME, "galleryImageName",
                "The allowed characters are alphabets and numbers with dots, dashes and underscores allowed in the middle; at most 80 characters.");
    }

    /** Major.Minor.Patch, each a 32-bit integer. */
    static String versionName(String name) {
        var m = VERSION_NAME.matcher(name);
        boolean valid = m.matches();
        for (int i = 1; valid && i <= 3; i++) {
            valid = Long.parseLong(m.group(i)) <= Integer.MAX_VALUE;
        }
        if (!valid) {
            throw SimException.badRequest("InvalidParameter", "The gallery image version name '" + name
                    + "' is invalid. It must follow the pattern <MajorVersion>.<MinorVersion>.<Patch>, where each part is"
                    + " an integer within the range of a 32-bit integer. Target: 'galleryImageVersionName'.");
        }
        return name;
    }

    private static String checkName(String name, Pattern pattern, String parameter, String rule) {
        if (!pattern.matcher(name).matches()) {
            throw SimException.badRequest("InvalidParameter", "The value '" + name + "' of parameter '" + parameter
                    + "' is invalid. " + rule);
        }
        return name;
    }

    static ObjectNode properties(JsonNode body) {
        JsonNode properties = body.path("properties");
        if (properties.isMissingNode() || properties.isNull()) {
            return GalleryJson.object();
        }
        if (!properties.isObject()) {
            throw invalidContent("properties");
        }
        return (ObjectNode) properties;
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalidContent(field);
        }
        return value.asText();
    }

    static boolean bool(JsonNode node, String field, boolean otherwise) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return otherwise;
        }
        if (!value.isBoolean()) {
            throw invalidContent(field);
        }
        return value.asBoolean();
    }

    static Integer integer(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw invalidContent(field);
        }
        return value.asInt();
    }

    static Instant dateTime(JsonNode node, String field, String property) {
        String value = text(node, field);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw SimException.badRequest("InvalidParameter", "The value '" + value + "' of parameter '" + property
                    + "' is not a valid date-time.");
        }
    }

    /** One of the allowed values, compared case-insensitively and answered in Azure's casing. */
    static String oneOf(String value, String property, List<String> allowed) {
        return allowed.stream().filter(a -> a.equalsIgnoreCase(value)).findFirst()
                .orElseThrow(() -> SimException.badRequest("InvalidParameter", "The value '" + value + "' of parameter '"
                        + property + "' is not allowed. Allowed values are: " + String.join(", ", allowed) + "."));
    }

    static SimException required(String property) {
        return SimException.badRequest("InvalidParameter", "Required parameter '" + property + "' is missing (null).");
    }

    static SimException propertyChange(String property) {
        return new SimException(409, "PropertyChangeNotAllowed", "Changing property '" + property + "' is not allowed.");
    }

    private static SimException invalidContent(String field) {
        return SimException.badRequest("InvalidRequestContent",
                "The request content was invalid and could not be deserialized: unexpected value for '" + field + "'.");
    }
}
