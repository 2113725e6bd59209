package io.batchrollout.functions;

import io.batchrollout.api.ConfiguredAccounts;
import io.batchrollout.api.CreatePoolRequestParser;
import io.batchrollout.azure.AzureClients;
import io.batchrollout.azure.AzureTarget;
import io.batchrollout.config.Settings;
import io.batchrollout.core.pools.BatchAccountCache;
import io.batchrollout.core.pools.PoolStatusReader;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The app's object graph, built once per process. The Java worker makes a new instance of a function class for every
 * call, so nothing lives in instances: entry points ask this holder. Each part is built the first time a path needs
 * it (building the Azure clients costs seconds of cold start; settings cost nothing), and a settings error surfaces
 * as the {@link io.batchrollout.config.SettingsException} naming every problem, on every call, until fixed.
 */
public final class AppContext {
    private static final Object LOCK = new Object();

    private static Supplier<Settings> settingsSource = Settings::fromEnvironment;
    private static Function<Settings, AzureClients> clientFactory = s -> AzureClients.create(AzureTarget.azure(s));
    private static volatile Settings settings;
    private static volatile AzureClients clients;
    private static volatile Clock clock = Clock.systemUTC();
    private static volatile ConfiguredAccounts accounts;
    private static volatile CreatePoolRequestParser createPoolParser;
    private static volatile BatchAccountCache batchAccounts;
    private static volatile PoolStatusReader poolStatusReader;

    private AppContext() {
    }

    public static Settings settings() {
        Settings current = settings;
        if (current != null) {
            return current;
        }
        synchronized (LOCK) {
            if (settings == null) {
                settings = Objects.requireNonNull(settingsSource.get(), "settings source returned null");
            }
            return settings;
        }
    }

    public static AzureClients clients() {
        AzureClients current = clients;
        if (current != null) {
            return current;
        }
        synchronized (LOCK) {
            if (clients == null) {
                clients = Objects.requireNonNull(clientFactory.apply(settings()), "client factory returned null");
            }
            return clients;
        }
    }

    /** BATCH_ACCOUNT_IDS as the API resolves request accounts against it. Needs the settings only. */
    public static ConfiguredAccounts configuredAccounts() {
        ConfiguredAccounts current = accounts;
        if (current != null) {
            return current;
        }
        Settings read = settings();
        synchronized (LOCK) {
            if (accounts == null) {
                accounts = new ConfiguredAccounts(read.batchAccountIds());
            }
            return accounts;
        }
    }

    /** Reads createPool bodies without any Azure client: a refused body costs no cold start. */
    public static CreatePoolRequestParser createPoolRequestParser() {
        CreatePoolRequestParser current = createPoolParser;
        if (current != null) {
            return current;
        }
        ConfiguredAccounts configured = configuredAccounts();
        synchronized (LOCK) {
            if (createPoolParser == null) {
                createPoolParser = new CreatePoolRequestParser(configured);
            }
            return createPoolParser;
        }
    }

    /** Batch accounts, read once per process per account id. */
    public static BatchAccountCache batchAccounts() {
        BatchAccountCache current = batchAccounts;
        if (current != null) {
            return current;
        }
        AzureClients built = clients();
        synchronized (LOCK) {
            if (batchAccounts == null) {
                batchAccounts = new BatchAccountCache(built.pools());
            }
            return batchAccounts;
        }
    }

    public static PoolStatusReader poolStatusReader() {
        PoolStatusReader current = poolStatusReader;
        if (current != null) {
            return current;
        }
        AzureClients built = clients();
        BatchAccountCache cache = batchAccounts();
        synchronized (LOCK) {
            if (poolStatusReader == null) {
                poolStatusReader = new PoolStatusReader(built.pools(), built.nodes(), cache, built.resourceManagerEndpoint());
            }
            return poolStatusReader;
        }
    }

    /** The app's notion of now: the system clock in Azure, the simulated clock on the simulated Azure. */
    public static Clock clock() {
        return clock;
    }

    /** For the local runner and tests: use these instead of reading the environment and reaching Azure. */
    public static void install(Settings installedSettings, AzureClients installedClients, Clock installedClock) {
        Objects.requireNonNull(installedSettings, "settings");
        Objects.requireNonNull(installedClients, "clients");
        Objects.requireNonNull(installedClock, "clock");
        synchronized (LOCK) {
            settings = installedSettings;
            clients = installedClients;
            clock = installedClock;
            forgetCollaborators();
        }
    }

    /** Forgets what was built or installed; the next call builds lazily from the given sources. For tests. */
    static void reset(Supplier<Settings> newSettingsSource, Function<Settings, AzureClients> newClientFactory) {
        synchronized (LOCK) {
            settingsSource = Objects.requireNonNull(newSettingsSource);
            clientFactory = Objects.requireNonNull(newClientFactory);
            settings = null;
            clients = null;
            clock = Clock.systemUTC();
            forgetCollaborators();
        }
    }

    /** Everything built from settings and clients; called under LOCK when those change. */
    private static void forgetCollaborators() {
        accounts = null;
        createPoolParser = null;
        batchAccounts = null;
        poolStatusReader = null;
    }

    /** Back to the production sources: the process environment and Azure. */
    static void reset() {
        reset(Settings::fromEnvironment, s -> AzureClients.create(AzureTarget.azure(s)));
    }
}
