package io.batchrollout.core.readiness;

/**
 * How many gallery replicas a region needs for a pool: one per {@code vmsPerReplica} pool VMs (Microsoft's current
 * Batch guidance is 300; older text says 600), rounded up. A gallery image version holds at most
 * {@link #MAX_REPLICAS_PER_REGION} replicas in a region, so a pool that would need more is too large for any version.
 */
public record ReplicaRule(int vmsPerReplica) {
    /** Azure Compute Gallery's maximum regionalReplicaCount. */
    public static final int MAX_REPLICAS_PER_REGION = 100;
    /** The largest VMS_PER_REPLICA the settings accept. */
    public static final int MAX_VMS_PER_REPLICA = 10_000;

    /** What a pool of a given size asks of the gallery. */
    public sealed interface Requirement {
        int nodes();

        int replicasNeeded();
    }

    /** The region must hold at least {@code replicasNeeded} replicas. */
    public record Replicas(int nodes, int replicasNeeded) implements Requirement {
    }

    /** No version can serve this pool: it would need more than the gallery's maximum replicas in one region. */
    public record TooLarge(int nodes, int replicasNeeded, int maxReplicas, int maxNodes) implements Requirement {
    }

    public ReplicaRule {
        if (vmsPerReplica < 1) {
            throw new IllegalArgumentException("one replica serves at least one VM; got vmsPerReplica " + vmsPerReplica);
        }
    }

    /** ceil(nodes / vmsPerReplica): 3,000 nodes need 10 replicas at 300 VMs per replica, 5 at 600. */
    public int replicasNeeded(int nodes) {
        if (nodes < 0) {
            throw new IllegalArgumentException("a pool cannot have " + nodes + " nodes");
        }
        return (int) ((nodes + (long) vmsPerReplica - 1) / vmsPerReplica);
    }

    /** The largest pool one region's replicas can serve at this ratio. */
    public int maxNodes() {
        return MAX_REPLICAS_PER_REGION * vmsPerReplica;
    }

    public Requirement requirementFor(int nodes) {
        int needed = replicasNeeded(nodes);
        return needed > MAX_REPLICAS_PER_REGION
                ? new TooLarge(nodes, needed, MAX_REPLICAS_PER_REGION, maxNodes())
                : new Replicas(nodes, needed);
    }
}
