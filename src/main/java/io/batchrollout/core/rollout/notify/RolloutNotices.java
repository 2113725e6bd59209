package io.batchrollout.core.rollout.notify;

import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.rollout.state.ImageWave;
import io.batchrollout.core.rollout.state.PoolFacts;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.port.RolloutNotifications.Data;
import io.batchrollout.port.RolloutNotifications.Notice;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The notifications of one written transition, as a pure function of the state before and the state written. A pass
 * that writes nothing notifies nothing, and of two passes racing on a pool only the one whose ETag-conditioned write
 * won has a transition: each event is published once per transition however often passes run. Each event's
 * {@code id} is derived from the pool, the ETag the write replaced and the type, so a consumer can drop a repeat too.
 *
 * <p>{@code fromVersion}/{@code toVersion} name the rollout (the recorded previous and target versions) while one is
 * in progress or has just ended; at rest they are the pool's version and, where known, the version held back.
 */
public final class RolloutNotices {
    private RolloutNotices() {
    }

    /** The notifications of {@code t}, in the order they happened. */
    public static List<Notice> of(Transition t) {
        return typesOf(t.before(), t.after()).stream().map(type -> notice(t, type, "")).toList();
    }

    /** What the write from {@code b} to {@code a} means, in order; empty when nothing an operator follows changed. */
    static List<NoticeType> typesOf(RolloutState b, RolloutState a) {
        RolloutPhase from = b.phase();
        RolloutPhase to = a.phase();
        List<NoticeType> out = new ArrayList<>();
        if (a.refused().isPresent() && !a.refused().equals(b.refused())) {
            out.add(NoticeType.OPERATOR_NEEDED);
        }
        if (!from.inProgress() && to.inProgress() && to != RolloutPhase.CANDIDATE) {
            out.add(NoticeType.STARTED);
            return out;
        }
        if (from != to) {
            // A candidate whose old pool is gone verifies itself again (VERIFYING, naming the pool it replaced): its
            // success is told, not a second gate pass of the same rollout (the old pool's may already have been told).
            boolean takeover = b.links().replaces().isPresent();
            if ((from == RolloutPhase.CANDIDATE_VERIFYING && to == RolloutPhase.MOVING_JOBS)
                    || (from == RolloutPhase.VERIFYING && to == RolloutPhase.STABLE && !takeover)) {
                out.add(NoticeType.GATE_PASSED);
            }
            boolean newlyRejected = a.target().map(PoolFacts::versionName)
                    .filter(v -> a.isRejected(v) && !b.isRejected(v)).isPresent();
            if (to == RolloutPhase.ROLLING_BACK || to == RolloutPhase.ABORTING
                    || (from == RolloutPhase.VERIFYING && to == RolloutPhase.BLOCKED && newlyRejected)) {
                out.add(NoticeType.FAILED);
            }
            boolean finished = to == RolloutPhase.STABLE && (from == RolloutPhase.VERIFYING
                    || from == RolloutPhase.CANDIDATE || from == RolloutPhase.ADOPTING_JOBS);
            if (finished) {
                out.add(NoticeType.SUCCEEDED);
            } else if (to == RolloutPhase.STABLE && from.inProgress()) {
                // Back at rest without reaching the target: a rollback done, a refused or deleted candidate given up.
                out.add(NoticeType.ROLLED_BACK);
            }
        }
        if (to == RolloutPhase.BLOCKED && (from != RolloutPhase.BLOCKED || !a.lastDecision().equals(b.lastDecision()))) {
            out.add(NoticeType.BLOCKED);
        }
        if (!to.inProgress() && a.lastDecision().filter(d -> d.startsWith(ImageWave.HALTED)).isPresent()
                && !a.lastDecision().equals(b.lastDecision())) {
            out.add(NoticeType.HALTED);
        }
        return out;
    }

    /**
     * A pool held back in the wave behind a rollout that {@code start} began: one per waiting pool per start, named
     * by the start's write, so it shares that write's once-only guarantee.
     */
    public static Notice waiting(Transition start, PoolId pool, String poolImage, String version) {
        RolloutState s = start.after();
        String why = "waiting to roll to " + version + ": pool " + start.pool().poolName() + " started rolling to it and "
                + "the wave lets a limited number of pools of the definition roll at once (MAX_ROLLOUTS_PER_IMAGE)";
        Data data = new Data(pool.poolName(), pool.account().toString(), start.definition(), name(poolImage), version,
                RolloutPhase.STABLE.name(), List.of(why), null, link(pool));
        return new Notice(id(NoticeType.WAITING, pool, start.etagRead(), start.pool().toString() + "|" + s.target().orElse("")),
                NoticeType.WAITING.type(), pool.toString(), start.at(), data);
    }

    /**
     * An operator is needed without a transition to derive it from (a TAMPERED decision, PERMISSION DENIED): the
     * caller says why only once ({@code discriminator} tells apart two reasons on the same ETag).
     */
    public static Notice operatorNeeded(PoolId pool, String definition, String etagRead, RolloutState state,
                                        String poolImage, String phase, String reason, String discriminator, Instant at) {
        boolean rolling = state.phase().inProgress();
        Data data = new Data(pool.poolName(), pool.account().toString(), definition,
                rolling ? state.previous().map(RolloutNotices::name).orElse(null) : name(poolImage),
                rolling ? state.target().map(RolloutNotices::name).orElse(null) : null, phase, List.of(reason),
                state.links().group().orElse(null), link(pool));
        return new Notice(id(NoticeType.OPERATOR_NEEDED, pool, etagRead, discriminator), NoticeType.OPERATOR_NEEDED.type(),
                pool.toString(), at, data);
    }

    private static Notice notice(Transition t, NoticeType type, String extra) {
        RolloutState a = t.after();
        boolean rollout = a.phase().inProgress() || t.before().phase().inProgress();
        String from = rollout ? a.previous().map(RolloutNotices::name).orElse(null) : name(t.poolImage());
        String to = rollout ? a.target().map(RolloutNotices::name).orElse(null) : null;
        Data data = new Data(t.pool().poolName(), t.pool().account().toString(), t.definition(), from, to,
                a.phase().name(), a.lastDecision().map(List::of).orElse(List.of()), a.links().group().orElse(null),
                link(t.pool()));
        return new Notice(id(type, t.pool(), t.etagRead(), extra), type.type(), t.pool().toString(), t.at(), data);
    }

    /** getPool for the pool, as the API routes it. */
    static String link(PoolId pool) {
        return "/api/pools/" + pool.poolName() + "?batchAccountId=" + pool.account();
    }

    /** The same pool, ETag and type always give the same id (a name-based UUID): consumers de-duplicate on it. */
    static String id(NoticeType type, PoolId pool, String etag, String extra) {
        String key = type.type() + "|" + pool.toString().toLowerCase(Locale.ROOT) + "|" + etag + "|" + extra;
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String name(String imageReferenceId) {
        return Optional.ofNullable(imageReferenceId).filter(s -> !s.isBlank()).map(PoolFacts::versionName).orElse(null);
    }
}
