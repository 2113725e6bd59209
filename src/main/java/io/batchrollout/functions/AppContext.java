package io.batchrollout.functions;

import io.batchrollout.azure.AzureClients;
import io.batchrollout.azure.AzureTarget;
import io.batchrollout.config.Settings;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where function classes find the app's object graph. The Java worker makes a new instance of a function class for
 * every call, so nothing lives in instances: the graph ({@link AppServices}) is built once per process, lazily, from
 * the process environment and Azure; the local runner and tests install another.
 */
public final class AppContext {
    private static volatile AppServices services = production();

    private AppContext() {
    }

    public static AppServices services() {
        return services;
    }

    public static Settings settings() {
        return services.settings();
    }

    public static AzureClients clients() {
        return services.clients();
    }

    public static Clock clock() {
        return services.clock();
    }

    /** For the local runner and tests: use these instead of reading the environment and reaching Azure. */
    public static void install(Settings installedSettings, AzureClients installedClients, Clock installedClock) {
        Objects.requireNonNull(installedSettings, "settings");
        Objects.requireNonNull(installedClients, "clients");
        Objects.requireNonNull(installedClock, "clock");
        services = new AppServices(() -> installedSettings, s -> installedClients, installedClock);
    }

    /** Puts back a graph that {@link #services()} returned earlier, e.g. when a local runner that installed its own stops. */
    public static void restore(AppServices previous) {
        services = Objects.requireNonNull(previous, "previous");
    }

    /** Forgets what was built or installed; the next call builds lazily from the given sources. For tests. */
    static void reset(Supplier<Settings> settingsSource, Function<Settings, AzureClients> clientFactory) {
        services = new AppServices(Objects.requireNonNull(settingsSource), Objects.requireNonNull(clientFactory), Clock.systemUTC());
    }

    /** Back to the production sources: the process environment and Azure. */
    static void reset() {
        services = production();
    }

    private static AppServices production() {
        return new AppServices(Settings::fromEnvironment, s -> AzureClients.create(AzureTarget.azure(s)), Clock.systemUTC());
    }
}
