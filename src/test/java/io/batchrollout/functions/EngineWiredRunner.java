package io.batchrollout.functions;

import io.batchrollout.core.rollout.RolloutEngine;
import io.batchrollout.local.LocalRunner;
import io.batchrollout.local.Seed;
import java.util.Map;
import java.util.function.Function;

/**
 * A local runner on the demo seed whose app runs passes on a recording engine; closing puts the previous hook back.
 * Public for the contract suite (io.batchrollout.contract), which delivers Microsoft's published events through it.
 */
public final class EngineWiredRunner implements AutoCloseable {
    public final RecordingRolloutEngine engine = new RecordingRolloutEngine();
    public final LocalRunner runner;
    private final Function<AppServices, RolloutEngine> previousHook = AppServices.rolloutEngineFactory;

    public EngineWiredRunner() {
        AppServices.rolloutEngineFactory = services -> engine;
        try {
            runner = LocalRunner.start(LocalRunner.Options.forTests(Map.of()).withSeed(Seed.DEMO));
        } catch (RuntimeException e) {
            AppServices.rolloutEngineFactory = previousHook;
            throw e;
        }
    }

    @Override
    public void close() {
        runner.close();
        AppServices.rolloutEngineFactory = previousHook;
    }
}
