package io.batchrollout.core.rollout;

import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolUpdate;
import io.batchrollout.core.policy.PoolMetadata;
import io.batchrollout.core.rollout.state.PoolFacts;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.port.BatchPools;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One pool can never stop a pass: whatever goes wrong deciding or applying it (any exception, hostile metadata) becomes
 * that pool's decision, a WARNING line naming the pool and the cause, and at most one lasting write of the decision
 * text alone (the pool's other entries are left as they are, so nothing the pool's state names is acted on). The
 * write happens only when the text differs from the recorded one: a pool that stays broken costs no write per pass.
 */
final class PoolGuard {
    /** Report phase of a pool whose decision failed with an unexpected exception. */
    static final String FAILED = "FAILED";

    private final BatchPools pools;

    PoolGuard(BatchPools pools) {
        this.pools = pools;
    }

    /** Runs one pool's decision or write; an exception escaping it is recorded for this pool only. */
    PassReport.PoolDecision run(Pool pool, Supplier<PassReport.PoolDecision> decide) {
        try {
            return decide.get();
        } catch (RuntimeException e) {
            return failed(pool, e);
        }
    }

    /** As {@link #run}, for a decision that may also be a write still to apply (the reconciler's either-or). */
    Object attempt(Pool pool, Supplier<Object> decide) {
        try {
            return decide.get();
        } catch (RuntimeException e) {
            return failed(pool, e);
        }
    }

    private PassReport.PoolDecision failed(Pool pool, RuntimeException e) {
        String cause = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": "
                + StateValidation.shown(e.getMessage()));
        String text = FAILED + ": the pool could not be decided (" + cause + "); nothing was done to it and the "
                + "pass went on; the next pass tries again";
        return recorded(pool, FAILED, "none", text);
    }

    /**
     * The pool's metadata names facts that do not check out: left as it is, the TAMPERED decision recorded once;
     * {@code written} hears the decision text when that write happened (a notification, once).
     */
    PassReport.PoolDecision tampered(Pool pool, String problem, Consumer<String> written) {
        String text = StateValidation.TAMPERED + ": " + problem + "; the pool is left as it is and no pool or image it "
                + "names is acted on until an operator retries it (POST /api/pools/{poolId}/rollout {\"action\": "
                + "\"retry\"}) or adopts it again";
        return recorded(pool, StateValidation.TAMPERED, "none", text, written);
    }

    private PassReport.PoolDecision recorded(Pool pool, String phase, String step, String text) {
        return recorded(pool, phase, step, text, lasting -> { });
    }

    private PassReport.PoolDecision recorded(Pool pool, String phase, String step, String text, Consumer<String> written) {
        String lasting = text.length() <= PoolMetadata.MAX_VALUE_LENGTH ? text
                : text.substring(0, PoolMetadata.MAX_VALUE_LENGTH - 3) + "...";
        String outcome = "";
        if (!lasting.equals(currentDecision(pool))) {
            try {
                pools.update(pool.id(), PoolUpdate.metadata(withDecision(pool.metadata(), lasting)), pool.etag());
                outcome = " (recorded on the pool)";
                written.accept(lasting);
            } catch (AzureCallException e) {
                outcome = " (not recorded: " + e.status() + " " + e.code() + ")";
            } catch (RuntimeException e) {
                outcome = " (not recorded: " + e.getClass().getSimpleName() + ")";
            }
        }
        String version = PoolFacts.versionName(Objects.requireNonNullElse(pool.imageReferenceId(), "?"));
        return new PassReport.PoolDecision(pool.id(), phase, StateValidation.shown(version), step, text + outcome);
    }

    private static String currentDecision(Pool pool) {
        return pool.metadata().stream().filter(m -> RolloutStateCodec.DECISION.equals(m.name())).map(Metadata::value)
                .findFirst().orElse(null);
    }

    /** Only the decision entry is replaced; every other entry is written back exactly as read. */
    private static List<Metadata> withDecision(List<Metadata> metadata, String decision) {
        List<Metadata> out = new ArrayList<>();
        for (Metadata m : metadata) {
            if (!RolloutStateCodec.DECISION.equals(m.name())) {
                out.add(m);
            }
        }
        out.add(new Metadata(RolloutStateCodec.DECISION, decision));
        return out;
    }
}
