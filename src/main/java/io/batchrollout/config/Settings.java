package io.batchrollout.config;

import static io.batchrollout.config.SettingParsers.parseGalleryRemediation;
import static io.batchrollout.config.SettingParsers.parseIds;
import static io.batchrollout.config.SettingParsers.parseMaxParallelWrites;
import static io.batchrollout.config.SettingParsers.parseMaxRolloutsPerImage;
import static io.batchrollout.config.SettingParsers.parsePassDeadline;
import static io.batchrollout.config.SettingParsers.parsePercent;
import static io.batchrollout.config.SettingParsers.parsePromotionBake;
import static io.batchrollout.config.SettingParsers.parseTopicEndpoint;
import static io.batchrollout.config.SettingParsers.parseVerifyGrace;
import static io.batchrollout.config.SettingParsers.parseVmsPerReplica;
import static io.batchrollout.config.SettingParsers.present;

import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.GalleryId;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The app's settings, read once from the environment (app settings in Azure, local.settings.json locally) and
 * validated together, so a misconfigured app fails at start with every problem named, not on its first event.
 */
public record Settings(List<BatchAccountId> batchAccountIds, Set<GalleryId> allowedGalleryIds, int vmsPerReplica,
                       String driftSchedule, Optional<String> azureClientId, int minReadyPercent,
                       int maxUnhealthyPercent, Duration verifyGrace, int maxRolloutsPerImage,
                       int maxParallelWrites, Duration passDeadline, Optional<URI> notificationTopicEndpoint,
                       GalleryRemediation galleryRemediation, Duration promotionBake) {

    /** What the app may change in a gallery to unblock pools (GALLERY_REMEDIATION). */
    public enum GalleryRemediation {
        /** Never writes to a gallery: the readiness gate only reports. */
        OFF,
        /** Raises a version's regionalReplicaCount, or adds the pool's region, for pools blocked only by that. */
        REPLICAS;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static final String BATCH_ACCOUNT_IDS = "BATCH_ACCOUNT_IDS";
    public static final String ALLOWED_GALLERY_IDS = "ALLOWED_GALLERY_IDS";
    public static final String VMS_PER_REPLICA = "VMS_PER_REPLICA";
    public static final String DRIFT_SCHEDULE = "DRIFT_SCHEDULE";
    public static final String AZURE_CLIENT_ID = "AZURE_CLIENT_ID";
    /** Health gate after a rollout: at least this percentage of the target nodes idle or running. */
    public static final String MIN_READY_PERCENT = "MIN_READY_PERCENT";
    /** Health gate: at most this percentage of the target nodes startTaskFailed or unusable. */
    public static final String MAX_UNHEALTHY_PERCENT = "MAX_UNHEALTHY_PERCENT";
    /** Health gate deadline: the restore's resizeTimeout plus this ISO-8601 duration. */
    public static final String VERIFY_GRACE = "VERIFY_GRACE";
    /** Waves: at most this many pools tracking one image definition mid-rollout at once, across all accounts. */
    public static final String MAX_ROLLOUTS_PER_IMAGE = "MAX_ROLLOUTS_PER_IMAGE";
    /** Pools whose steps a pass writes at once (each pool's own steps stay in order). */
    public static final String MAX_PARALLEL_WRITES = "MAX_PARALLEL_WRITES";
    /** How long a pass decides pools before leaving the rest, first in line, to the next pass. */
    public static final String PASS_DEADLINE = "PASS_DEADLINE";
    /** Where rollout notifications go: an Event Grid topic's endpoint (CloudEvents 1.0); empty turns them off. */
    public static final String NOTIFICATION_TOPIC_ENDPOINT = "NOTIFICATION_TOPIC_ENDPOINT";
    /** off (default) or replicas: raise replicas / add regions of a version that blocks pools only for that. */
    public static final String GALLERY_REMEDIATION = "GALLERY_REMEDIATION";
    /** Gated promotion: how long every canary must stay healthy on a candidate before it is promoted to latest. */
    public static final String PROMOTION_BAKE = "PROMOTION_BAKE";

    /** Every setting the app reads: README, local.settings.json.example and infra name exactly these (tests check). */
    public static final List<String> NAMES = List.of(BATCH_ACCOUNT_IDS, ALLOWED_GALLERY_IDS, VMS_PER_REPLICA, DRIFT_SCHEDULE,
            AZURE_CLIENT_ID, MIN_READY_PERCENT, MAX_UNHEALTHY_PERCENT, VERIFY_GRACE, MAX_ROLLOUTS_PER_IMAGE,
            MAX_PARALLEL_WRITES, PASS_DEADLINE, NOTIFICATION_TOPIC_ENDPOINT, GALLERY_REMEDIATION,
            PROMOTION_BAKE);

    /** Microsoft's current Batch guidance: one gallery replica per 300 pool VMs. */
    public static final int DEFAULT_VMS_PER_REPLICA = 300;
    public static final String DEFAULT_DRIFT_SCHEDULE = "0 */5 * * * *";
    public static final int DEFAULT_MIN_READY_PERCENT = 90;
    public static final int DEFAULT_MAX_UNHEALTHY_PERCENT = 10;
    public static final Duration DEFAULT_VERIFY_GRACE = Duration.ofMinutes(10);
    /** One canary pool at a time: the others start only once it is healthy again. */
    public static final int DEFAULT_MAX_ROLLOUTS_PER_IMAGE = 1;
    public static final int DEFAULT_MAX_PARALLEL_WRITES = 8;
    static final int MAX_MAX_PARALLEL_WRITES = 64;
    /**
     * Consumption plans stop a function after 5 minutes by default: a pass stops deciding after 3, leaving time for the
     * writes already started and the log.
     */
    public static final Duration DEFAULT_PASS_DEADLINE = Duration.ofMinutes(3);
    public static final GalleryRemediation DEFAULT_GALLERY_REMEDIATION = GalleryRemediation.OFF;
    static final Duration MAX_PASS_DEADLINE = Duration.ofMinutes(25);
    static final int MAX_MAX_ROLLOUTS_PER_IMAGE = 100;
    /** A longer grace only delays the rollback of a broken version. */
    static final Duration MAX_VERIFY_GRACE = Duration.ofHours(24);
    public static final Duration DEFAULT_PROMOTION_BAKE = Duration.ofHours(1);
    /** A week: a longer bake only holds a proved version back from the fleet. */
    static final Duration MAX_PROMOTION_BAKE = Duration.ofDays(7);

    /**
     * Settings whose presence means someone tries to give the app a shared key. Batch accounts used with
     * gallery images must authenticate with Microsoft Entra ID, so a key is refused rather than ignored.
     */
    public static final List<String> FORBIDDEN_KEY_SETTINGS = List.of(
            "BATCH_ACCOUNT_KEY", "BATCH_SHARED_KEY", "AZURE_BATCH_KEY", "AZURE_BATCH_ACCESS_KEY", "BATCH_CONNECTION_STRING");

    public Settings {
        batchAccountIds = List.copyOf(batchAccountIds);
        allowedGalleryIds = Set.copyOf(allowedGalleryIds);
        java.util.Objects.requireNonNull(notificationTopicEndpoint, "notificationTopicEndpoint");
    }

    public static Settings fromEnvironment() {
        return from(System.getenv());
    }

    /** Reads and validates all settings; throws {@link SettingsException} listing every problem found. */
    public static Settings from(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        for (String forbidden : FORBIDDEN_KEY_SETTINGS) {
            if (present(env.get(forbidden))) {
                problems.add(forbidden + " is set, but this app never uses Batch shared keys: remove the setting and "
                        + "grant the app's managed identity the 'Azure Batch Data Contributor' role on the account.");
            }
        }
        List<BatchAccountId> accounts = parseIds(env, BATCH_ACCOUNT_IDS, BatchAccountId::parse,
                "/subscriptions/{subscriptionId}/resourceGroups/{group}/providers/Microsoft.Batch/batchAccounts/{account}",
                problems);
        List<GalleryId> galleries = parseIds(env, ALLOWED_GALLERY_IDS, GalleryId::parse,
                "/subscriptions/{subscriptionId}/resourceGroups/{group}/providers/Microsoft.Compute/galleries/{gallery}",
                problems);
        int vmsPerReplica = parseVmsPerReplica(env.get(VMS_PER_REPLICA), problems);
        String schedule = present(env.get(DRIFT_SCHEDULE)) ? env.get(DRIFT_SCHEDULE).strip() : DEFAULT_DRIFT_SCHEDULE;
        String scheduleProblem = NcrontabCheck.problem(schedule);
        if (scheduleProblem != null) {
            problems.add(DRIFT_SCHEDULE + " '" + schedule + "' " + scheduleProblem
                    + "; use six NCRONTAB fields {second} {minute} {hour} {day} {month} {day-of-week}, e.g. '"
                    + DEFAULT_DRIFT_SCHEDULE + "'.");
        }
        int minReady = parsePercent(env, MIN_READY_PERCENT, DEFAULT_MIN_READY_PERCENT, 1, problems);
        int maxUnhealthy = parsePercent(env, MAX_UNHEALTHY_PERCENT, DEFAULT_MAX_UNHEALTHY_PERCENT, 0, problems);
        Duration verifyGrace = parseVerifyGrace(env.get(VERIFY_GRACE), problems);
        int maxRollouts = parseMaxRolloutsPerImage(env.get(MAX_ROLLOUTS_PER_IMAGE), problems);
        int parallelWrites = parseMaxParallelWrites(env.get(MAX_PARALLEL_WRITES), problems);
        Duration passDeadline = parsePassDeadline(env.get(PASS_DEADLINE), problems);
        Optional<URI> topic = parseTopicEndpoint(env.get(NOTIFICATION_TOPIC_ENDPOINT), problems);
        Duration promotionBake = parsePromotionBake(env.get(PROMOTION_BAKE), problems);
        GalleryRemediation remediation = parseGalleryRemediation(env.get(GALLERY_REMEDIATION), problems);
        Optional<String> clientId = Optional.ofNullable(env.get(AZURE_CLIENT_ID)).map(String::strip).filter(s -> !s.isEmpty());
        if (!problems.isEmpty()) {
            throw new SettingsException(problems);
        }
        return new Settings(accounts, new LinkedHashSet<>(galleries), vmsPerReplica, schedule, clientId, minReady,
                maxUnhealthy, verifyGrace, maxRollouts, parallelWrites, passDeadline, topic, remediation, promotionBake);
    }

    /** The only configured account, for requests that may omit it; empty when several are configured. */
    public Optional<BatchAccountId> soleAccount() {
        return batchAccountIds.size() == 1 ? Optional.of(batchAccountIds.get(0)) : Optional.empty();
    }

    public boolean galleryAllowed(GalleryId gallery) {
        return allowedGalleryIds.contains(gallery);
    }
}
