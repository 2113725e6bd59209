package io.batchrollout.functions;

import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.rollout.PassReport;
import io.batchrollout.core.rollout.RolloutEngine;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A test double of the core's RolloutEngine (not of any Azure port): records which passes the entry points asked for,
 * answers a scripted report, and throws scripted failures on the next calls. Thread-safe: the local runner serves
 * deliveries concurrently.
 */
public final class RecordingRolloutEngine implements RolloutEngine {
    private final List<ImageDefinitionId> trackingPasses = new ArrayList<>();
    private final Deque<RuntimeException> failures = new ArrayDeque<>();
    private int allPasses;
    private PassReport report = new PassReport(List.of());

    @Override
    public synchronized PassReport reconcileAll() {
        allPasses++;
        return answer();
    }

    @Override
    public synchronized PassReport reconcileTracking(ImageDefinitionId definition) {
        trackingPasses.add(definition);
        return answer();
    }

    private PassReport answer() {
        RuntimeException failure = failures.poll();
        if (failure != null) {
            throw failure;
        }
        return report;
    }

    synchronized void answerWith(PassReport next) {
        report = next;
    }

    /** The next call (of either kind) throws this, after being recorded. */
    synchronized void failNext(RuntimeException failure) {
        failures.add(failure);
    }

    public synchronized List<ImageDefinitionId> trackingPasses() {
        return List.copyOf(trackingPasses);
    }

    public synchronized int allPasses() {
        return allPasses;
    }

    public synchronized void reset() {
        trackingPasses.clear();
        failures.clear();
        allPasses = 0;
        report = new PassReport(List.of());
    }
}
