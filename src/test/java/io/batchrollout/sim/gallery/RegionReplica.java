package io.batchrollout.sim.gallery;

import java.time.Duration;
import java.time.Instant;

/**
 * One target region of a version and its replication there. A region is scheduled when its version is published
 * or updated: replication runs from {@code startAt} to {@code endAt}, one region after another.
 */
final class RegionReplica {

    enum State {
        UNKNOWN("Unknown"), REPLICATING("Replicating"), COMPLETED("Completed"), FAILED("Failed");

        final String wire;

        State(String wire) {
            this.wire = wire;
        }
    }

    final Regions.Region region;
    int regionalReplicaCount;
    String storageAccountType;
    boolean excludeFromLatest;
    State state = State.REPLICATING;
    int progress;
    String details = "";
    Instant startAt;
    Instant endAt;
    boolean failWhenDone;

    RegionReplica(Regions.Region region, int regionalReplicaCount, String storageAccountType, boolean excludeFromLatest) {
        this.region = region;
        this.regionalReplicaCount = regionalReplicaCount;
        this.storageAccountType = storageAccountType;
        this.excludeFromLatest = excludeFromLatest;
    }

    boolean finished() {
        return state == State.COMPLETED || state == State.FAILED;
    }

    void schedule(Instant start, Duration duration) {
        state = State.REPLICATING;
        progress = 0;
        details = "";
        startAt = start;
        endAt = start.plus(duration);
    }

    void completeNow(Instant at) {
        state = State.COMPLETED;
        progress = 100;
        details = "";
        startAt = at;
        endAt = at;
    }
}
