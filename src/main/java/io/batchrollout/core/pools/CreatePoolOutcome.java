package io.batchrollout.core.pools;

import io.batchrollout.core.model.Pool;
import io.batchrollout.core.readiness.Reason;
import java.util.List;

/** What asking for a pool came to. A value, so the HTTP layer maps it and tests read it. */
public sealed interface CreatePoolOutcome {

    /** The pool was created now, on the version the gate chose. */
    record Created(Pool pool) implements CreatePoolOutcome {
    }

    /** The same pool with the same spec was there already: a pipeline's retry, answered as a success. */
    record AlreadyExists(Pool pool) implements CreatePoolOutcome {
    }

    /** A pool of that id exists with another spec; nothing was changed. */
    record ConflictingSpec(Pool existing, List<SpecDifference> differences) implements CreatePoolOutcome {
        public ConflictingSpec {
            differences = List.copyOf(differences);
        }
    }

    /** The image cannot back this pool now; nothing was created. Every reason is listed. */
    record NotReady(List<Reason> reasons) implements CreatePoolOutcome {
        public NotReady {
            reasons = List.copyOf(reasons);
        }
    }

    /** Batch refused the pool itself (core quota, pool quota, a rule the gate does not know); nothing was created. */
    record RefusedByBatch(int status, String code, String message) implements CreatePoolOutcome {
    }
}
