package io.batchrollout.core.rollout.plan;

import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.readiness.Reason;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a pass would do with one version of an image definition if that version were ready now: nothing is written to
 * find it out. "Ready" is assumed for what publishing the version completes (its provisioning, its replication and
 * replica count in each pool's region); each pool still carries the gate's actual verdict, so an operator sees what
 * would block it today.
 *
 * @param pools          every managed pool whose policy names the definition, in wave order (the canary first)
 * @param limit          MAX_ROLLOUTS_PER_IMAGE: the size of a wave
 * @param unreadAccounts configured accounts whose pools could not be listed (no rollout starts while one is unread)
 * @param newerVersions  versions of the definition newer than the one planned for, newest first: a pass rolls a tracked
 *                       pool to the newest ready version, so the plan holds only while these are not ready
 */
public record RolloutPlan(ImageDefinitionId definition, ImageVersionId version, int limit, List<PoolPlan> pools,
                          List<String> unreadAccounts, List<String> newerVersions) {

    public RolloutPlan {
        pools = List.copyOf(pools);
        unreadAccounts = List.copyOf(unreadAccounts);
        newerVersions = List.copyOf(newerVersions);
    }

    /** Whether the pool rolls on the next pass, waits for a slot, or is not rolled to this version. */
    public enum Action { ROLL, WAIT, SKIP }

    /** Why, as a stable code for pipelines; {@link PoolPlan#why()} says it in words with the facts. */
    public enum Why {
        ROLLS_NOW, WAITS_FOR_SLOT, WAITS_FOR_UNREAD_ACCOUNT,
        PINNED, PAUSED, REJECTED, IN_PROGRESS, CANDIDATE, HALTED, TAMPERED, UNREADABLE_STATE, ALREADY_ON_VERSION,
        ON_NEWER_VERSION, NOT_READY_FOR_POOL, BLOCKED, QUOTA;

        /** camelCase, as the API's other enum values. */
        public String apiName() {
            String[] words = name().toLowerCase(java.util.Locale.ROOT).split("_");
            StringBuilder text = new StringBuilder(words[0]);
            for (int i = 1; i < words.length; i++) {
                text.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
            }
            return text.toString();
        }
    }

    /**
     * One pool's line of the plan.
     *
     * @param order        1 for the canary: the position in {@code ImageWaves.ORDER} among the definition's pools
     * @param wave         the group of {@code limit} pools it rolls with (1: the slots now, held by rollouts in progress
     *                     or taken by the pools that roll now); empty for a pool that is not rolled
     * @param currentVersion the version name the pool runs (or the definition's name when it names the definition)
     */
    public record PoolPlan(int order, OptionalInt wave, PoolId pool, BatchAccountId account, RolloutStrategy strategy,
                           String currentVersion, Action action, Why code, String why, GateView readiness,
                           Optional<QuotaView> quota, Optional<CapacityDown> capacityDown) {
    }

    /**
     * The readiness gate's actual verdict for the version on this pool (its region, size and node agent), with the
     * numbers most often behind a "no".
     *
     * @param replicationState the version's replication state in the region as the gallery reports it; empty when the
     *                         region is not in its summary
     */
    public record GateView(boolean ready, String region, int nodes, int replicasNeeded, int replicasPresent,
                           Optional<String> replicationState, List<Reason> reasons) {
        public GateView {
            reasons = List.copyOf(reasons);
        }
    }

    /** The blue-green core quota check for the candidate, next to the account's pools as they are now. */
    public record QuotaView(boolean ok, String detail) {
    }

    /**
     * How long the pool's capacity is down. In place: the drain (until the tasks running on {@code runningNodes} finish:
     * no duration is known for that), the image change, then the restore within its resizeTimeout and the health gate
     * within VERIFY_GRACE ({@code afterDrain}); {@code estimate} is {@code afterDrain} only when no node runs a task.
     * Blue-green: zero, the candidate is created beside the pool within {@code afterDrain}.
     *
     * @param runningNodes nodes running tasks now (node counts), empty when they were not read
     */
    public record CapacityDown(Optional<Duration> estimate, Duration afterDrain, int nodes, OptionalInt runningNodes,
                               String basis) {
    }

    public long count(Action action) {
        return pools.stream().filter(p -> p.action() == action).count();
    }
}
