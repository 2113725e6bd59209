package io.batchrollout.core.rollout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The writes of one pass, at most {@code limit} pools at once (MAX_PARALLEL_WRITES). Each task is one pool's step, so
 * a pool's own calls stay in order; different pools never share a write. Throttling is not handled here: the HTTP
 * pipeline's retry policy waits out 429 + Retry-After, so a throttled write slows its thread, never fails the pass. With
 * a limit of 1 tasks run at once on the caller's thread, in submission order, as before.
 */
final class ParallelWrites implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private final ExecutorService executor;
    private final List<Future<?>> pending = new ArrayList<>();

    ParallelWrites(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("at least one write at a time; got " + limit);
        }
        this.executor = limit == 1 ? null : Executors.newFixedThreadPool(limit, task -> {
            Thread thread = new Thread(task, "pass-write-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs {@code write} (now, or on a writer thread) and hands its result to {@code done}. */
    <T> void submit(Supplier<T> write, java.util.function.Consumer<T> done) {
        if (executor == null) {
            done.accept(write.get());
            return;
        }
        pending.add(executor.submit(() -> done.accept(write.get())));
    }

    /** Waits for every write submitted; a task that threw surfaces here, after the others finished. */
    void awaitAll() {
        RuntimeException first = null;
        for (Future<?> future : pending) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the pass's writes were running", e);
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
        }
        pending.clear();
        if (first != null) {
            throw first;
        }
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
