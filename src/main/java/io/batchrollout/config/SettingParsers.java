package io.batchrollout.config;

import static io.batchrollout.config.Settings.DEFAULT_GALLERY_REMEDIATION;
import static io.batchrollout.config.Settings.DEFAULT_MAX_PARALLEL_WRITES;
import static io.batchrollout.config.Settings.DEFAULT_MAX_ROLLOUTS_PER_IMAGE;
import static io.batchrollout.config.Settings.DEFAULT_PASS_DEADLINE;
import static io.batchrollout.config.Settings.DEFAULT_PROMOTION_BAKE;
import static io.batchrollout.config.Settings.DEFAULT_VERIFY_GRACE;
import static io.batchrollout.config.Settings.DEFAULT_VMS_PER_REPLICA;
import static io.batchrollout.config.Settings.GALLERY_REMEDIATION;
import static io.batchrollout.config.Settings.MAX_MAX_PARALLEL_WRITES;
import static io.batchrollout.config.Settings.MAX_MAX_ROLLOUTS_PER_IMAGE;
import static io.batchrollout.config.Settings.MAX_PARALLEL_WRITES;
import static io.batchrollout.config.Settings.MAX_PASS_DEADLINE;
import static io.batchrollout.config.Settings.MAX_PROMOTION_BAKE;
import static io.batchrollout.config.Settings.MAX_ROLLOUTS_PER_IMAGE;
import static io.batchrollout.config.Settings.MAX_VERIFY_GRACE;
import static io.batchrollout.config.Settings.NOTIFICATION_TOPIC_ENDPOINT;
import static io.batchrollout.config.Settings.PASS_DEADLINE;
import static io.batchrollout.config.Settings.PROMOTION_BAKE;
import static io.batchrollout.config.Settings.VERIFY_GRACE;
import static io.batchrollout.config.Settings.VMS_PER_REPLICA;

import io.batchrollout.config.Settings.GalleryRemediation;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One setting at a time for {@link Settings#from}: each parser adds its own problem to {@code problems} and returns the
 * default, so every problem of an environment is named at once.
 */
final class SettingParsers {
    private SettingParsers() {
    }

    static GalleryRemediation parseGalleryRemediation(String raw, List<String> problems) {
        if (!present(raw)) {
            return DEFAULT_GALLERY_REMEDIATION;
        }
        for (GalleryRemediation value : GalleryRemediation.values()) {
            if (value.wire().equals(raw.strip())) {
                return value;
            }
        }
        problems.add(GALLERY_REMEDIATION + " '" + raw + "' is not one of off, replicas (replicas: raise a version's "
                + "replicas or add a pool's region when that alone blocks the pool). Remove it to use off.");
        return DEFAULT_GALLERY_REMEDIATION;
    }

    static <T> List<T> parseIds(Map<String, String> env, String name, Function<String, T> parser,
                                        String form, List<String> problems) {
        String raw = env.get(name);
        if (!present(raw)) {
            problems.add(name + " is not set: give one or more ARM ids, comma separated, of the form " + form + ".");
            return List.of();
        }
        List<T> ids = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String part : raw.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                T id = parser.apply(part.strip());
                if (seen.add(id.toString().toLowerCase(java.util.Locale.ROOT))) {
                    ids.add(id);
                }
            } catch (IllegalArgumentException e) {
                problems.add(name + ": " + e.getMessage() + ". Expected the form " + form + ".");
            }
        }
        if (ids.isEmpty() && problems.stream().noneMatch(p -> p.startsWith(name))) {
            problems.add(name + " holds no id: give one or more ARM ids, comma separated, of the form " + form + ".");
        }
        return ids;
    }

    static int parseVmsPerReplica(String raw, List<String> problems) {
        return wholeNumber(raw, 1, io.batchrollout.core.readiness.ReplicaRule.MAX_VMS_PER_REPLICA, DEFAULT_VMS_PER_REPLICA,
                problems, VMS_PER_REPLICA + " '" + raw + "' is not a whole number from 1 to 10000; Microsoft's current "
                + "guidance is 300 (older text says 600). Remove it to use " + DEFAULT_VMS_PER_REPLICA + ".");
    }

    static int parsePercent(Map<String, String> env, String name, int fallback, int min, List<String> problems) {
        String raw = env.get(name);
        return wholeNumber(raw, min, 100, fallback, problems,
                name + " '" + raw + "' is not a whole number from " + min + " to 100. Remove it to use " + fallback + ".");
    }

    static int parseMaxRolloutsPerImage(String raw, List<String> problems) {
        return wholeNumber(raw, 1, MAX_MAX_ROLLOUTS_PER_IMAGE, DEFAULT_MAX_ROLLOUTS_PER_IMAGE, problems,
                MAX_ROLLOUTS_PER_IMAGE + " '" + raw + "' is not a whole number from 1 to " + MAX_MAX_ROLLOUTS_PER_IMAGE
                + " (pools of one image definition rolled at once). Remove it to use " + DEFAULT_MAX_ROLLOUTS_PER_IMAGE + ".");
    }

    static int parseMaxParallelWrites(String raw, List<String> problems) {
        return wholeNumber(raw, 1, MAX_MAX_PARALLEL_WRITES, DEFAULT_MAX_PARALLEL_WRITES, problems,
                MAX_PARALLEL_WRITES + " '" + raw + "' is not a whole number from 1 to " + MAX_MAX_PARALLEL_WRITES
                + " (pools written at once in a pass). Remove it to use " + DEFAULT_MAX_PARALLEL_WRITES + ".");
    }

    /** Off when empty; otherwise an https URL with a host (the app's identity signs in to it: never plain http). */
    static Optional<URI> parseTopicEndpoint(String raw, List<String> problems) {
        if (!present(raw)) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(raw.strip());
            if ("https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && uri.getUserInfo() == null
                    && uri.getRawQuery() == null && uri.getRawFragment() == null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException ignored) {
            // reported below
        }
        problems.add(NOTIFICATION_TOPIC_ENDPOINT + " '" + raw + "' is not an https URL without query or fragment, e.g. "
                + "https://{topic}.{region}-1.eventgrid.azure.net/api/events (the Event Grid topic's endpoint). Leave it "
                + "empty to send no notifications.");
        return Optional.empty();
    }

    static Duration parsePassDeadline(String raw, List<String> problems) {
        return duration(raw, Duration.ofSeconds(10), MAX_PASS_DEADLINE, DEFAULT_PASS_DEADLINE, problems,
                PASS_DEADLINE + " '" + raw + "' is not an ISO-8601 duration from PT10S to PT25M, e.g. PT3M (keep it "
                + "well inside the function timeout). Remove it to use " + DEFAULT_PASS_DEADLINE + ".");
    }

    static Duration parsePromotionBake(String raw, List<String> problems) {
        return duration(raw, Duration.ZERO, MAX_PROMOTION_BAKE, DEFAULT_PROMOTION_BAKE, problems,
                PROMOTION_BAKE + " '" + raw + "' is not an ISO-8601 duration from PT0S to P7D, e.g. PT1H (how long "
                + "canaries stay healthy on a candidate before it is promoted). Remove it to use " + DEFAULT_PROMOTION_BAKE + ".");
    }

    static Duration parseVerifyGrace(String raw, List<String> problems) {
        return duration(raw, Duration.ZERO, MAX_VERIFY_GRACE, DEFAULT_VERIFY_GRACE, problems,
                VERIFY_GRACE + " '" + raw + "' is not an ISO-8601 duration from PT0S to PT24H, e.g. PT10M. Remove it to "
                + "use " + DEFAULT_VERIFY_GRACE + ".");
    }

    /** {@code raw} as a whole number from min to max; absent, the fallback; otherwise the problem, and the fallback. */
    private static int wholeNumber(String raw, int min, int max, int fallback, List<String> problems, String problem) {
        if (!present(raw)) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        problems.add(problem);
        return fallback;
    }

    /** {@code raw} as an ISO-8601 duration from min to max; absent, the fallback; otherwise the problem, and the fallback. */
    private static Duration duration(String raw, Duration min, Duration max, Duration fallback, List<String> problems,
                                     String problem) {
        if (!present(raw)) {
            return fallback;
        }
        try {
            Duration value = Duration.parse(raw.strip());
            if (value.compareTo(min) >= 0 && value.compareTo(max) <= 0) {
                return value;
            }
        } catch (DateTimeParseException ignored) {
            // reported below
        }
        problems.add(problem);
        return fallback;
    }

    static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
