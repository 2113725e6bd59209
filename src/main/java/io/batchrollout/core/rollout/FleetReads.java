package io.batchrollout.core.rollout;

import io.batchrollout.core.readiness.ImageResolver;
import io.batchrollout.core.rollout.inplace.RolloutDecider;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.port.AzureCallException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The bulk reads of a pass, side by side instead of one after another: the accounts' pool lists, then the gallery
 * answers every definition in use needs (definition, version list, candidate versions), warmed with one representative
 * pool per definition and account (the reads depend on the region, not the size). The pass then decides each pool from
 * these answers in memory. At 50 ms per request this is what keeps a pass at rest near one second whatever the fleet.
 * Failures are not raised here: a failed read is remembered by the pass's gallery reads and surfaces where a pool needs
 * it, as before.
 */
public final class FleetReads {
    private FleetReads() {
    }

    /** Runs {@code reads} at most {@code parallel} at once; the answers in the same order. */
    public static <T> List<T> inParallel(List<Callable<T>> reads, int parallel) {
        if (parallel <= 1 || reads.size() <= 1) {
            List<T> answers = new ArrayList<>();
            for (Callable<T> read : reads) {
                answers.add(call(read));
            }
            return answers;
        }
        ExecutorService executor = Executors.newFixedThreadPool(Math.min(parallel, reads.size()), task -> {
            Thread thread = new Thread(task, "pass-read");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<T>> futures = executor.invokeAll(reads);
            List<T> answers = new ArrayList<>();
            for (Future<T> future : futures) {
                try {
                    answers.add(future.get());
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
            return answers;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the pass was reading", e);
        } finally {
            executor.shutdownNow();
        }
    }

    private static <T> T call(Callable<T> read) {
        try {
            return read.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Asks the pass's resolver once per (image, account, running version) among the pools whose phase needs the image, in parallel, so
     * that the shared gallery reads are in memory before the pools are decided one by one.
     */
    static void warm(ImageResolver passResolver, List<FleetSnapshot.Managed> managed, int parallel) {
        Map<String, FleetSnapshot.Managed> representatives = new LinkedHashMap<>();
        for (FleetSnapshot.Managed m : managed) {
            if (RolloutStateCodec.decode(m.pool().metadata()) instanceof RolloutStateCodec.Decoded.Present present
                    && RolloutDecider.needsImage(m.policy(), present.state())) {
                representatives.putIfAbsent((m.policy().image() + "|" + m.account().id() + "|"
                        + m.pool().imageReferenceId()).toLowerCase(Locale.ROOT), m);
            }
        }
        List<Callable<Object>> reads = representatives.values().stream().<Callable<Object>>map(m -> () -> {
            try {
                return passResolver.resolveRunning(m.policy().image(), PoolReads.target(m.account(), m.pool()),
                        m.pool().imageReferenceId());
            } catch (AzureCallException remembered) {
                return remembered;
            }
        }).toList();
        inParallel(reads, parallel);
    }
}
