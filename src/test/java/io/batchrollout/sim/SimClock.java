package io.batchrollout.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Simulated time. Tests move it with {@link #advance}; the local runner may also let it run at a multiple of real
 * time for demos. Everything time-driven in the simulator (replication, allocation, tasks) reads this clock.
 */
public final class SimClock {
    private Instant base;
    private long realBaseNanos;
    private double speed;

    public SimClock(Instant start) {
        this.base = start;
        this.realBaseNanos = System.nanoTime();
        this.speed = 0;
    }

    public synchronized Instant now() {
        if (speed == 0) {
            return base;
        }
        long elapsedNanos = System.nanoTime() - realBaseNanos;
        return base.plusNanos((long) (elapsedNanos * speed));
    }

    public synchronized Instant advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the simulated clock never goes back");
        }
        rebase();
        base = base.plus(by);
        return base;
    }

    /** 0 stops the clock between explicit advances (the default, and what tests use); 60 runs a minute a second. */
    public synchronized void setSpeed(double factor) {
        if (factor < 0) {
            throw new IllegalArgumentException("speed cannot be negative");
        }
        rebase();
        speed = factor;
    }

    public synchronized double speed() {
        return speed;
    }

    /** A java.time view of this clock, for the app under test: its "now" is simulated time. */
    public Clock asJavaClock() {
        SimClock sim = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException("the simulated clock is UTC only");
            }

            @Override
            public Instant instant() {
                return sim.now();
            }
        };
    }

    private void rebase() {
        base = now();
        realBaseNanos = System.nanoTime();
    }
}
