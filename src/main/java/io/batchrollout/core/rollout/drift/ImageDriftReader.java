package io.batchrollout.core.rollout.drift;

import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.RegionName;
import io.batchrollout.core.readiness.DefinitionVersions;
import io.batchrollout.core.readiness.GalleryTags;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.rollout.promotion.BakeRecord;
import io.batchrollout.core.rollout.promotion.PromotionSubject;
import io.batchrollout.core.readiness.PoolTarget;
import io.batchrollout.core.readiness.ReplicaRule;
import io.batchrollout.core.rollout.DriftCounts;
import io.batchrollout.core.rollout.PoolReads;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Turns one definition's gallery reads ({@link DefinitionVersions}) and the managed pools on it into the report's
 * {@link ImageDrift}: in memory, nothing read here. Pools are sized as the pass sizes them ({@link PoolReads#target}).
 */
final class ImageDriftReader {
    /** A managed pool whose policy names the definition, with its account. */
    record Member(BatchAccount account, Pool pool) {
        PoolTarget target() {
            return PoolReads.target(account, pool);
        }
    }

    private ImageDriftReader() {
    }

    /** The largest member of each account, in the order the accounts first appear: whom readiness is judged for. */
    static List<Member> largestPerAccount(List<Member> members) {
        return largestBy(members, m -> m.account().id().toString().toLowerCase(java.util.Locale.ROOT));
    }

    static ImageDrift of(DefinitionVersions read, List<Member> members, ReplicaRule replicas, Instant now) {
        List<Member> judged = largestPerAccount(members);
        List<ImageDrift.VersionState> versions = new ArrayList<>();
        for (DefinitionVersions.Read version : read.newest()) {
            List<ImageDrift.AccountReadiness> readiness = new ArrayList<>();
            for (int i = 0; i < judged.size() && i < version.readiness().size(); i++) {
                BatchAccount account = judged.get(i).account();
                readiness.add(new ImageDrift.AccountReadiness(account.id(), RegionName.normalize(account.location()),
                        version.readiness().get(i)));
            }
            versions.add(new ImageDrift.VersionState(version.version(), regions(version.version()), readiness,
                    promotion(version.version(), members)));
        }
        Optional<ImageVersion> newest = read.newestVersion();
        List<ImageDrift.Shortfall> shortfall = new ArrayList<>();
        newest.ifPresent(version -> largestBy(members, m -> RegionName.normalize(m.account().location())).forEach(m -> {
            String region = RegionName.normalize(m.account().location());
            int nodes = m.target().totalNodes();
            int present = version.targetRegion(region).map(ImageVersion.TargetRegion::regionalReplicaCount).orElse(0);
            shortfall.add(new ImageDrift.Shortfall(region, version.id().versionName(), m.pool().id(), nodes,
                    replicas.replicasNeeded(nodes), present));
        }));
        return new ImageDrift(read.id(), newest, versions, shortfall, endOfLife(read, members, now), read.note());
    }

    /** Gated promotion's standing of the version: the gallery's verdict, or the canaries' bakes of it. */
    private static Optional<ImageDrift.Promotion> promotion(ImageVersion version, List<Member> members) {
        String name = version.id().versionName();
        List<Member> canaries = members.stream().filter(m -> RolloutPolicy.of(m.pool()).map(RolloutPolicy::seesCandidates)
                .orElse(false)).toList();
        List<String> bakes = new ArrayList<>();
        for (Member c : canaries) {
            BakeRecord.of(c.pool().metadata()).filter(r -> r.version().equals(name) && r.verdict().isEmpty())
                    .ifPresent(r -> bakes.add(c.pool().id().poolName() + " baking since " + r.since()));
        }
        List<String> names = canaries.stream().map(c -> c.pool().id().poolName()).toList();
        return PromotionSubject.stateOf(version, !canaries.isEmpty(), !bakes.isEmpty()).map(state -> new ImageDrift.Promotion(
                state, switch (state) {
                    case REJECTED -> GalleryTags.rejected(version).orElse("");
                    case PROMOTED -> GalleryTags.promoted(version).orElse("");
                    case BAKING -> String.join("; ", bakes);
                    case CANDIDATE -> "excluded from latest: canary pools " + String.join(", ", names) + " roll to it first";
                }, names));
    }

    /** Target regions with what the replication status says of each (read one by one; the list says nothing). */
    private static List<ImageDrift.RegionState> regions(ImageVersion version) {
        List<ImageDrift.RegionState> regions = new ArrayList<>();
        for (ImageVersion.TargetRegion target : version.targetRegions()) {
            Optional<ImageVersion.RegionReplication> status = version.replication().stream()
                    .flatMap(r -> r.summary().stream()).filter(s -> RegionName.same(s.region(), target.name())).findFirst();
            regions.add(new ImageDrift.RegionState(RegionName.normalize(target.name()),
                    status.map(ImageVersion.RegionReplication::state).filter(s -> !s.isBlank()),
                    target.regionalReplicaCount(), status.map(ImageVersion.RegionReplication::progress)));
        }
        return regions;
    }

    /** Versions the members run (a version id of this definition) that are past or near their end of life. */
    private static List<ImageDrift.EndOfLife> endOfLife(DefinitionVersions read, List<Member> members, Instant now) {
        Map<String, List<String>> poolsByVersion = new TreeMap<>();
        Map<String, ImageVersion> versions = new LinkedHashMap<>();
        for (Member m : members) {
            read.listedVersion(m.pool().imageReferenceId())
                    .filter(v -> DriftCounts.endOfLifeSoon(v.endOfLifeDate(), now))
                    .ifPresent(v -> {
                        versions.putIfAbsent(v.id().versionName(), v);
                        poolsByVersion.computeIfAbsent(v.id().versionName(), k -> new ArrayList<>()).add(m.pool().id().poolName());
                    });
        }
        return versions.values().stream().sorted(DefinitionVersions.NEWEST_FIRST)
                .map(v -> new ImageDrift.EndOfLife(v.id().versionName(), v.endOfLifeDate(),
                        DriftCounts.daysLeft(v.endOfLifeDate(), now), poolsByVersion.get(v.id().versionName())))
                .toList();
    }

    /** The largest member per key (the first of equals), keys in the order they first appear. */
    private static List<Member> largestBy(List<Member> members, Function<Member, String> key) {
        Map<String, Member> largest = new LinkedHashMap<>();
        Comparator<Member> size = Comparator.comparingInt(m -> m.target().totalNodes());
        for (Member m : members) {
            largest.merge(key.apply(m), m, (a, b) -> size.compare(b, a) > 0 ? b : a);
        }
        return List.copyOf(largest.values());
    }
}
