package io.batchrollout.core.rollout;

import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.readiness.ImageChoice;
import io.batchrollout.core.rollout.notify.NoticeType;
import io.batchrollout.core.rollout.notify.RolloutNotices;
import io.batchrollout.core.rollout.notify.Transition;
import io.batchrollout.core.rollout.state.ImageWave;
import io.batchrollout.core.rollout.state.PoolFacts;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.Step;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.port.RolloutNotifications;
import io.batchrollout.port.RolloutNotifications.Notice;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What one pass has to tell ({@link RolloutNotices}), gathered from its successful writes (several threads write at
 * once, hence the locks) and published after them in one batch, never inside a pool's decision. A failed publish is
 * logged and dropped: the rollout goes on, and nothing is queued (the next transition is published as usual).
 */
final class PassNotices {
    /** Event Grid takes at most 1 MB per batch; a notice is a few KB at most (decision text is bounded). */
    static final int BATCH = 100;

    private record Written(int index, Transition transition) {
    }

    private record Held(PoolId pool, String definition, String version, String image) {
    }

    /** Nothing is gathered when notifications are off: a pass then costs what it cost before them. */
    private final boolean on;
    private final Map<PoolId, FleetSnapshot.Managed> managed = new HashMap<>();
    private final Clock clock;
    private final Sent sent;
    private final List<Written> written = new ArrayList<>();
    private final List<Held> held = new ArrayList<>();
    private final List<Map.Entry<Integer, Notice>> other = new ArrayList<>();

    PassNotices(List<FleetSnapshot.Managed> pools, Clock clock, Sent sent, boolean on) {
        this.on = on;
        if (on) {
            pools.forEach(m -> managed.put(m.pool().id(), m));
        }
        this.clock = clock;
        this.sent = sent;
    }

    boolean on() {
        return on;
    }

    /** A write Azure accepted, with the state it replaced and the state it recorded. */
    synchronized void written(Pool pool, RolloutState before, RolloutState after) {
        FleetSnapshot.Managed m = managed.get(pool.id());
        if (m != null) {
            written.add(new Written(m.index(), new Transition(pool.id(), definition(m), pool.etag(), before, after,
                    pool.imageReferenceId(), clock.instant())));
        }
    }

    /** The pool waits in its wave for a slot to roll to {@code version} (nothing is written for it). */
    synchronized void heldBack(Pool pool, String version) {
        FleetSnapshot.Managed m = managed.get(pool.id());
        if (m != null) {
            held.add(new Held(pool.id(), definition(m), version, pool.imageReferenceId()));
        }
    }

    /** A TAMPERED decision was written (once: {@link PoolGuard} writes only a changed text). */
    synchronized void tampered(Pool pool, RolloutState state, String text) {
        operatorNeeded(pool, state, "TAMPERED", text, "tampered");
    }

    /**
     * Azure answered 403: nothing is written, so once-only comes from this process's memory of the event id (pool,
     * ETag, step); another instance sends the same id, which a consumer drops. A pool written since is told again.
     */
    synchronized void denied(Pool pool, RolloutState state, String what, AzureCallException e) {
        String text = "PERMISSION DENIED: " + what + " answered " + e.status() + " " + e.code()
                + "; the app's identity lacks a role for this call";
        operatorNeeded(pool, state, state.phase().name(), text, "denied|" + what);
    }

    private void operatorNeeded(Pool pool, RolloutState state, String phase, String text, String discriminator) {
        FleetSnapshot.Managed m = managed.get(pool.id());
        if (m == null) {
            return;
        }
        Notice notice = RolloutNotices.operatorNeeded(pool.id(), definition(m), pool.etag(), state, pool.imageReferenceId(),
                phase, text, discriminator, clock.instant());
        if (!discriminator.startsWith("denied") || sent.first(notice.id())) {
            other.add(Map.entry(m.index(), notice));
        }
    }

    /** The pass's notices in the accounts' listing order; a start is followed by the pools it put in waiting. */
    synchronized List<Notice> all() {
        List<Map.Entry<Integer, Notice>> byPool = new ArrayList<>(other);
        Set<PoolId> told = new HashSet<>();
        for (Written w : written) {
            List<Notice> notices = new ArrayList<>(RolloutNotices.of(w.transition()));
            if (notices.stream().anyMatch(n -> n.type().equals(NoticeType.STARTED.type()))) {
                String version = w.transition().after().target().map(PoolFacts::versionName).orElse("");
                for (Held h : held) {
                    if (h.definition().equalsIgnoreCase(w.transition().definition()) && h.version().equals(version)
                            && told.add(h.pool())) {
                        notices.add(RolloutNotices.waiting(w.transition(), h.pool(), h.image(), version));
                    }
                }
            }
            notices.forEach(n -> byPool.add(Map.entry(w.index(), n)));
        }
        byPool.sort(Map.Entry.comparingByKey(Comparator.naturalOrder()));
        return byPool.stream().map(Map.Entry::getValue).toList();
    }

    /**
     * The version a pool at rest waits for a wave slot to roll to: the decider's answer was exactly the wave's hold
     * back for the version its image choice offers, and not a halt (recorded, and told by its write) or an unread
     * account (no rollout starts then).
     */
    static Optional<String> waitingFor(Pool pool, RolloutState state, Step step, Optional<ImageChoice> image, ImageWave wave) {
        if (state.phase().inProgress() || !(step instanceof Step.NoChange none) || !wave.unreadAccounts().isEmpty()
                || !(image.orElse(null) instanceof ImageChoice.Ready ready)) {
            return Optional.empty();
        }
        if (ready.version().id().toString().equalsIgnoreCase(pool.imageReferenceId())) {
            return Optional.empty();
        }
        String version = ready.version().id().versionName();
        return wave.holdBack(pool.id(), version).filter(h -> h.lasting().isEmpty() && h.now().equals(none.reason()))
                .map(h -> version);
    }

    /** This pass's notices, published; whatever goes wrong is a WARNING line and never reaches the pass. */
    void publishTo(RolloutNotifications to, Consumer<String> log) {
        if (!on) {
            return;
        }
        List<Notice> notices;
        try {
            notices = all();
        } catch (RuntimeException e) {
            log.accept("WARNING notifications: this pass's events could not be made (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + "); none is sent, the rollout goes on");
            return;
        }
        if (!notices.isEmpty()) {
            publish(to, notices, log);
        }
    }

    /** Publishes in batches; a failure is a WARNING line and nothing else. */
    static void publish(RolloutNotifications to, List<Notice> notices, Consumer<String> log) {
        for (int from = 0; from < notices.size(); from += BATCH) {
            List<Notice> batch = notices.subList(from, Math.min(notices.size(), from + BATCH));
            try {
                to.publish(batch);
            } catch (RuntimeException e) {
                String cause = e instanceof AzureCallException a ? a.status() + " " + a.code() : e.getClass().getSimpleName();
                log.accept("WARNING notifications: publishing " + batch.size() + " event(s) failed (" + cause + ": "
                        + e.getMessage() + "); they are not sent again, the rollout goes on");
            }
        }
    }

    private static String definition(FleetSnapshot.Managed m) {
        return m.policy().image().definition().toString();
    }

    /** Ids of the notices this process sent without a write to derive them from (bounded: the oldest are forgotten). */
    static final class Sent {
        private static final int KEEP = 10_000;
        private final Map<String, Boolean> ids = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > KEEP;
            }
        };

        synchronized boolean first(String id) {
            return ids.put(id, Boolean.TRUE) == null;
        }
    }
}
