package io.batchrollout.core.rollout.remediation;

import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.model.RegionName;
import io.batchrollout.core.readiness.ImageChoice;
import io.batchrollout.core.readiness.LatestCandidates;
import io.batchrollout.core.readiness.Reason;
import io.batchrollout.core.readiness.ReasonCode;
import io.batchrollout.core.readiness.SemanticVersion;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads a pool's need from the readiness gate's verdict, purely. Only the version the pool would roll to counts (the
 * newest candidate: the first one the gate judged), and only when the gate's reasons against it are all "too few
 * replicas in the pool's region" (or "not published to the pool's region"): anything else a replica cannot fix.
 */
public final class ReplicaNeeds {
    private ReplicaNeeds() {
    }

    /** The reasons against the newest candidate, named by its version: the first version the gate judged. */
    public static Optional<Newest> newestBlocked(ImageChoice choice) {
        List<Reason> reasons = choice instanceof ImageChoice.NotReady notReady ? notReady.reasons()
                : ((ImageChoice.Ready) choice).newerNotReady();
        Optional<String> name = reasons.stream().map(Reason::version).flatMap(Optional::stream).findFirst();
        return name.map(n -> new Newest(n, reasons.stream().filter(r -> r.version().filter(n::equals).isPresent()).toList()));
    }

    public record Newest(String versionName, List<Reason> reasons) {
        public Newest {
            reasons = List.copyOf(reasons);
        }

        public boolean onlyFor(ReasonCode... codes) {
            List<ReasonCode> allowed = List.of(codes);
            return !reasons.isEmpty() && reasons.stream().allMatch(r -> allowed.contains(r.code()));
        }
    }

    /** Too few replicas in the pool's region is the only reason against the newest candidate. */
    public static Optional<ReplicaNeed> tooFewReplicas(ImageDefinitionId definition, PoolId pool, String region, int nodes,
                                                       ImageChoice choice) {
        return newestBlocked(choice).filter(n -> n.onlyFor(ReasonCode.TOO_FEW_REPLICAS)).flatMap(n -> {
            Reason reason = n.reasons().get(0);
            if (!(reason.facts().get("replicasNeeded") instanceof Integer needed)
                    || !RegionName.same(String.valueOf(reason.facts().get("region")), region)) {
                return Optional.empty();
            }
            return Optional.of(new ReplicaNeed(definition.version(n.versionName()), RegionName.normalize(region), pool, nodes, needed));
        });
    }

    /**
     * A tracked pool sees only versions published to its region ("latest" is per region), so a newer version that
     * leaves the region out is found in the version list: the newest numeric, Succeeded version not excluded from
     * latest, newer than every candidate in the region and than what the pool runs, that does not target the region.
     * Whether the region alone keeps it from the pool is the gate's question (the caller asks it for this version).
     */
    public static Optional<ImageVersionId> newerVersionMissingRegion(List<ImageVersion> listed, String region,
                                                                     Optional<String> runningVersionName) {
        Optional<SemanticVersion> newestCandidate = LatestCandidates.in(listed, region).newestFirst().stream()
                .map(v -> SemanticVersion.parse(v.id().versionName())).flatMap(Optional::stream).findFirst();
        Optional<SemanticVersion> running = runningVersionName.flatMap(SemanticVersion::parse);
        return listed.stream()
                .filter(v -> v.targetRegion(region).isEmpty() && !v.excludeFromLatest()
                        && "Succeeded".equalsIgnoreCase(v.provisioningState()))
                .filter(v -> SemanticVersion.parse(v.id().versionName()).isPresent())
                .max(Comparator.comparing(v -> SemanticVersion.parse(v.id().versionName()).orElseThrow()))
                .filter(v -> {
                    SemanticVersion number = SemanticVersion.parse(v.id().versionName()).orElseThrow();
                    return newestCandidate.map(c -> number.compareTo(c) > 0).orElse(true)
                            && running.map(r -> number.compareTo(r) > 0).orElse(true);
                })
                .map(ImageVersion::id);
    }

    /** The gate, asked about that version for this pool, says only that the region is not targeted. */
    public static Optional<ReplicaNeed> regionMissing(ImageVersionId version, PoolId pool, String region, int nodes,
                                                      int replicasNeeded, ImageChoice verdict) {
        return newestBlocked(verdict).filter(n -> n.versionName().equals(version.versionName())
                        && n.onlyFor(ReasonCode.REGION_NOT_TARGETED))
                .map(n -> new ReplicaNeed(version, RegionName.normalize(region), pool, nodes, replicasNeeded));
    }
}
