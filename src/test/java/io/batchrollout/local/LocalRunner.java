package io.batchrollout.local;

import io.batchrollout.azure.AzureClients;
import io.batchrollout.config.Settings;
import io.batchrollout.functions.AppContext;
import io.batchrollout.functions.AppServices;
import io.batchrollout.sim.SimulatedAzure;
import java.io.PrintStream;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs the app on this machine the way the Functions host would, against the simulated Azure: `mvn -Plocal`.
 * Starts the simulator (SIM_PORT, default 7072) and seeds it, builds the app's settings and clients for it, finds the
 * functions by their annotations and serves them on http://127.0.0.1:{LOCAL_PORT, default 7071} with the host's URL
 * shapes. The simulator's Event Grid delivers to the runner's webhook; timer functions run on their schedule.
 * Test code: never deployed.
 */
public final class LocalRunner implements AutoCloseable {
    public static final String FUNCTIONS_PACKAGE = "io.batchrollout.functions";
    /** The simulated Event Grid topic NOTIFICATION_TOPIC_ENDPOINT points at by default. */
    public static final String NOTIFICATION_TOPIC = "rollouts";

    /**
     * @param localPort   0 for any free port
     * @param simPort     0 for any free port
     * @param environment app settings over the demo defaults (the process environment in {@link #main})
     * @param runTimers   run timer functions on their schedule (tests turn it off and use the admin API)
     * @param simSpeed    simulated seconds per real second; 0 keeps the clock still between /_sim/advance calls
     */
    public record Options(int localPort, int simPort, Seed seed, Map<String, String> environment, boolean runTimers,
                          PrintStream out, double simSpeed) {
        public static Options fromEnvironment() {
            Map<String, String> env = System.getenv();
            Seed seed = "none".equalsIgnoreCase(env.getOrDefault("LOCAL_SEED", "demo")) ? Seed.NONE : Seed.DEMO;
            return new Options(port(env, "LOCAL_PORT", 7071), port(env, "SIM_PORT", 7072), seed, env, true, System.out,
                    speed(env.get("SIM_SPEED")));
        }

        /** Any free ports, nothing seeded, no timers, the process environment ignored. */
        public static Options forTests(Map<String, String> environment) {
            return new Options(0, 0, Seed.NONE, environment, false, System.out, 0);
        }

        public Options withSeed(Seed other) {
            return new Options(localPort, simPort, other, environment, runTimers, out, simSpeed);
        }

        private static double speed(String value) {
            try {
                double speed = value == null || value.isBlank() ? 0 : Double.parseDouble(value.strip());
                if (speed >= 0 && speed <= 10_000) {
                    return speed;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException("SIM_SPEED '" + value + "' is not a number from 0 to 10000 "
                    + "(simulated seconds per real second; 0 or unset keeps the clock still)");
        }

        private static int port(Map<String, String> env, String name, int fallback) {
            String value = env.get(name);
            try {
                return value == null || value.isBlank() ? fallback : Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " '" + value + "' is not a port number");
            }
        }
    }

    private final SimulatedAzure sim;
    private final Settings settings;
    private final FunctionCatalog catalog;
    private final InvocationLog invocations = new InvocationLog();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "local-functions-host");
        t.setDaemon(true);
        return t;
    });
    private final TimerScheduler timers;
    private AppServices replacedServices;
    private AppServices installedServices;
    private final HostServer server;

    private LocalRunner(Options options) {
        Console console = new Console(options.out());
        this.sim = SimulatedAzure.start(options.simPort());
        try {
            plant(options.seed());
            sim.clock().setSpeed(options.simSpeed());
            Map<String, String> appSettings = new HashMap<>(DemoResources.appSettings());
            // Notifications go to the simulator's topic unless the environment says otherwise (empty turns them off).
            appSettings.put(Settings.NOTIFICATION_TOPIC_ENDPOINT, sim.addTopic(NOTIFICATION_TOPIC));
            sim.eventGrid().onReceived(event -> console.line(notificationLine(event)));
            appSettings.putAll(options.environment());
            this.settings = Settings.from(appSettings);
            appSettings.put(Settings.DRIFT_SCHEDULE, settings.driftSchedule());
            this.replacedServices = AppContext.services();
            AppContext.install(settings, AzureClients.create(sim.target()), sim.clock().asJavaClock());
            this.installedServices = AppContext.services();

            this.catalog = FunctionCatalog.scan(FUNCTIONS_PACKAGE);
            List<TimerScheduler.ScheduledFunction> scheduled = TimerScheduler.resolve(catalog, appSettings);
            FunctionHost host = new FunctionHost(console, invocations);
            this.timers = new TimerScheduler(host, console);
            this.server = new HostServer(options.localPort(), workers, console, new ApiRoutes(catalog, host),
                    new EventGridWebhook(catalog, host, console), new AdminApi(catalog, host, workers));
            sim.events().setWebhook(URI.create(baseUrl() + EventGridWebhook.PATH + "?functionName=galleryImageVersionEvent"));
            new Banner(this, options.seed(), scheduled, options.runTimers()).print(console);
            if (options.runTimers()) {
                timers.start(scheduled);
            }
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /** "notification io.batchrollout.rollout.started /subscriptions/.../pools/render 1.0.0->1.1.0" */
    static String notificationLine(io.batchrollout.sim.eventgrid.EventGridSimulation.Received event) {
        return "notification " + event.type() + " " + event.subject() + " "
                + event.data().path("fromVersion").asText("-") + "->" + event.data().path("toVersion").asText("-");
    }

    public static LocalRunner start(Options options) {
        return new LocalRunner(options);
    }

    private void plant(Seed seed) {
        try {
            seed.plant(sim);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Seeding the simulated Azure failed (" + e + "). Set LOCAL_SEED=none to start "
                    + "with an empty simulator.", e);
        }
    }

    public int localPort() {
        return server.port();
    }

    public int simPort() {
        return URI.create(sim.baseUrl()).getPort();
    }

    /** http://127.0.0.1:{localPort} */
    public String baseUrl() {
        return "http://127.0.0.1:" + localPort();
    }

    public SimulatedAzure sim() {
        return sim;
    }

    public Settings settings() {
        return settings;
    }

    public InvocationLog invocations() {
        return invocations;
    }

    FunctionCatalog catalog() {
        return catalog;
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (server != null) {
            server.close();
        }
        if (timers != null) {
            timers.close();
        }
        workers.shutdownNow();
        sim.close();
        // A runner started inside another's lifetime (tests) hands the app back to the one it replaced.
        if (installedServices != null && AppContext.services() == installedServices) {
            AppContext.restore(replacedServices);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        LocalRunner runner = start(Options.fromEnvironment());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping the local runner and the simulated Azure.");
            runner.close();
            stopped.countDown();
        }, "local-runner-shutdown"));
        stopped.await();
    }
}
