package io.batchrollout.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The one place simulated state changes: every handler reads under the read lock and writes under the write
 * lock, and time-driven participants are brought up to the clock under the write lock first. Server-owned
 * fields (ETags, times) are stamped here, never taken from the client.
 */
public final class SimState {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final SimClock clock;
    private final List<TimeDriven> participants = new ArrayList<>();
    private Instant syncedTo;

    public SimState(SimClock clock) {
        this.clock = clock;
        this.syncedTo = clock.now();
    }

    public SimClock clock() {
        return clock;
    }

    public void register(TimeDriven participant) {
        write(() -> {
            participants.add(participant);
            return null;
        });
    }

    /** Brings every participant up to the clock. Called before each request and after each clock move. */
    public void sync() {
        write(() -> {
            Instant now = clock.now();
            if (now.isAfter(syncedTo)) {
                for (TimeDriven p : participants) {
                    p.advanceTo(now);
                }
                syncedTo = now;
            }
            return null;
        });
    }

    public <T> T read(Supplier<T> action) {
        lock.readLock().lock();
        try {
            return action.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    public <T> T write(Supplier<T> action) {
        lock.writeLock().lock();
        try {
            return action.get();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** A fresh ETag in the quoted form ARM returns. */
    public static String newEtag() {
        return "W/\"0x" + UUID.randomUUID().toString().replace("-", "").substring(0, 15).toUpperCase() + "\"";
    }
}
