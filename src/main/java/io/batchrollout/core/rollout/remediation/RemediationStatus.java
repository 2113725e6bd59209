package io.batchrollout.core.rollout.remediation;

import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.model.RegionName;
import io.batchrollout.core.readiness.ReasonCode;
import io.batchrollout.port.AzureCallException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a remediation stands, read from the version alone (its tag and its replication status), so every pass, getPool
 * and the drift report say the same without any record on the pools: "raising replicas of 1.1.0 in westeurope from 1
 * to 10 (replication in progress)".
 */
public final class RemediationStatus {
    private RemediationStatus() {
    }

    /** One remediated region of a version; {@code state} is the region's replication state, null when not read. */
    public record RegionStatus(String region, int from, int to, String state) {
    }

    public static List<RegionStatus> of(ImageVersion version) {
        return RemediationTag.read(version.tags()).stream()
                .map(c -> new RegionStatus(c.region(), c.from(), c.to(), replicationState(version, c.region()).orElse(null)))
                .toList();
    }

    /**
     * What a pool blocked on {@code version} in {@code region} waits for, when the app's own update is what is running
     * there: the gate's reasons against the version are only those an update in progress gives (not Succeeded while it
     * updates, replication not completed, the count not yet raised) and the region is not Completed yet, or failed.
     */
    public static Optional<String> waitingText(ImageVersion version, String region, ReplicaNeeds.Newest newest) {
        if (!newest.versionName().equals(version.id().versionName()) || !newest.onlyFor(ReasonCode.VERSION_NOT_SUCCEEDED,
                ReasonCode.REPLICATION_IN_PROGRESS, ReasonCode.REPLICATION_FAILED, ReasonCode.TOO_FEW_REPLICAS)) {
            return Optional.empty();
        }
        Optional<RegionChange> change = RemediationTag.forRegion(version.tags(), region);
        String state = replicationState(version, region).orElse("Unknown");
        boolean updating = "Updating".equalsIgnoreCase(version.provisioningState());
        if (change.isEmpty() || ("Completed".equalsIgnoreCase(state) && !updating)) {
            return Optional.empty();
        }
        int present = version.targetRegion(region).map(ImageVersion.TargetRegion::regionalReplicaCount).orElse(0);
        if (present < change.get().to()) {
            return Optional.empty();
        }
        return Optional.of(change.get().text(version.id().versionName()) + " ("
                + ("Failed".equalsIgnoreCase(state) ? "replication failed" : "replication in progress") + ")");
    }

    /** Once this pass's update is accepted: the words later passes read from the version, so the pool is written once. */
    public static String plannedText(Remediation.Update update, String region) {
        return update.changes().stream().filter(c -> RegionName.same(c.region(), region)).findFirst()
                .map(c -> c.text(update.version().versionName()) + " (replication in progress)").orElse(update.text());
    }

    /**
     * When Azure refused this pass's update: what was attempted and Azure's answer, with the fix first for a 403 (the
     * metadata value is cut at its limit, so the hint goes before Azure's own, longer words). No request id or time
     * in it: the same answer gives the same words each pass, and the pool is written once.
     */
    public static String refusedText(Remediation.Update update, String region, AzureCallException refusal) {
        String attempted = update.changes().stream().filter(c -> RegionName.same(c.region(), region)).findFirst()
                .map(c -> c.text(update.version().versionName())).orElse(update.text());
        if (refusal instanceof AzureCallException.PreconditionFailed) {
            return attempted + " was not sent: the version changed since the pass read it; the next pass decides again";
        }
        String hint = refusal.status() == 403
                ? "; PERMISSION DENIED: grant the app's identity the gallery write role (infra galleryWrites)" : "";
        return attempted + " was refused: " + refusal.status() + " " + refusal.code() + hint
                + "; tried again each pass; Azure said: " + azureWords(update, refusal);
    }

    /** Azure's message without the adapter's "update image version {id}: " the pool's words already say. */
    private static String azureWords(Remediation.Update update, AzureCallException refusal) {
        String message = String.valueOf(refusal.getMessage());
        String id = update.version().toString().toLowerCase(Locale.ROOT);
        int at = message.toLowerCase(Locale.ROOT).indexOf(id + ": ");
        return at < 0 ? message : message.substring(at + id.length() + 2);
    }

    private static Optional<String> replicationState(ImageVersion version, String region) {
        return version.replication().flatMap(r -> r.summary().stream().filter(s -> RegionName.same(s.region(), region))
                .map(ImageVersion.RegionReplication::state).findFirst());
    }
}
