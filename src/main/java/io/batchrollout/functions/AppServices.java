package io.batchrollout.functions;

import io.batchrollout.api.AdoptPoolRequestParser;
import io.batchrollout.api.ConfiguredAccounts;
import io.batchrollout.api.CreatePoolRequestParser;
import io.batchrollout.api.RolloutActionRequestParser;
import io.batchrollout.azure.AzureClients;
import io.batchrollout.config.Settings;
import io.batchrollout.core.events.GalleryEventParser;
import io.batchrollout.core.accounts.BatchAccountCache;
import io.batchrollout.core.capacity.CapacityReader;
import io.batchrollout.core.capacity.VmSkuCatalog;
import io.batchrollout.core.pools.PoolAdopter;
import io.batchrollout.core.pools.PoolCreator;
import io.batchrollout.core.pools.PoolStatusReader;
import io.batchrollout.core.readiness.GalleryImageResolver;
import io.batchrollout.core.readiness.ImageResolver;
import io.batchrollout.core.readiness.ReadinessGate;
import io.batchrollout.core.readiness.ReplicaRule;
import io.batchrollout.core.rollout.drift.DriftReporter;
import io.batchrollout.core.rollout.plan.PlanReader;
import io.batchrollout.core.rollout.gate.HealthGate;
import io.batchrollout.core.rollout.gate.PhaseDeadline;
import io.batchrollout.core.rollout.operator.OperatorActions;
import io.batchrollout.core.rollout.PassRemediation;
import io.batchrollout.core.rollout.Reconciler;
import io.batchrollout.core.rollout.promotion.ManualPromotion;
import io.batchrollout.core.rollout.RolloutEngine;
import io.batchrollout.port.RolloutNotifications;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The app's object graph over one source of settings, one of clients and one clock. Each part is built the first
 * time a path needs it: a refused request body builds no Azure client (cold start), and a settings error surfaces as
 * the SettingsException naming every problem, on every call, until fixed.
 */
public final class AppServices {
    /**
     * The reconciler. Its step lines go to java.util.logging at FINE ({@code io.batchrollout.rollout}): the functions
     * log each decision and each unread account of the pass report through the invocation's logger, once.
     */
    static final Function<AppServices, RolloutEngine> RECONCILER =
            services -> services.rolloutEngine(Logger.getLogger("io.batchrollout.rollout")::fine);

    /**
     * Builds the rollout engine over a graph. Package-private and replaceable only so that function tests can record
     * the passes they cause; read when a graph first needs its engine.
     */
    static volatile Function<AppServices, RolloutEngine> rolloutEngineFactory = RECONCILER;

    private final Lazy<Settings> settings;
    private final Lazy<AzureClients> clients;
    private final Clock clock;
    private final Lazy<ConfiguredAccounts> configuredAccounts;
    private final Lazy<CreatePoolRequestParser> createPoolRequestParser;
    private final Lazy<BatchAccountCache> batchAccounts;
    private final Lazy<VmSkuCatalog> vmSkuCatalog;
    private final Lazy<PoolStatusReader> poolStatusReader;
    private final Lazy<ImageResolver> imageResolver;
    private final Lazy<PoolCreator> poolCreator;
    private final Lazy<GalleryEventParser> galleryEventParser;
    private final Lazy<RolloutEngine> rolloutEngine;
    private final Lazy<RolloutActionRequestParser> rolloutActionRequestParser;
    private final Lazy<AdoptPoolRequestParser> adoptPoolRequestParser;
    private final Lazy<OperatorActions> operatorActions;
    private final Lazy<PoolAdopter> poolAdopter;
    private final Lazy<DriftReporter> driftReporter;
    private final Lazy<PlanReader> planReader;
    private final Lazy<ManualPromotion> manualPromotion;

    AppServices(Supplier<Settings> settingsSource, Function<Settings, AzureClients> clientFactory, Clock clock) {
        this.settings = new Lazy<>(settingsSource);
        this.clients = new Lazy<>(() -> clientFactory.apply(settings()));
        this.clock = clock;
        this.configuredAccounts = new Lazy<>(() -> new ConfiguredAccounts(settings().batchAccountIds()));
        this.createPoolRequestParser = new Lazy<>(() -> new CreatePoolRequestParser(configuredAccounts()));
        this.batchAccounts = new Lazy<>(() -> new BatchAccountCache(clients().pools()));
        // One per process: Batch's VM sizes per region, refreshed every few hours.
        this.vmSkuCatalog = new Lazy<>(() -> new VmSkuCatalog(clients().vmSkus(), clock));
        this.poolStatusReader = new Lazy<>(() -> new PoolStatusReader(clients().pools(), clients().nodes(), batchAccounts(),
                clients().resourceManagerEndpoint())
                .withDeadlines(new PhaseDeadline(settings().verifyGrace()), clock)
                .withWaves(settings().batchAccountIds(), imageResolver(), settings().maxRolloutsPerImage()));
        // One per process: it remembers where Microsoft.Batch was seen registered.
        this.imageResolver = new Lazy<>(() -> new GalleryImageResolver(clients().gallery(), clients().providers(),
                new ReadinessGate(settings().vmsPerReplica()), settings()::galleryAllowed, clock));
        this.poolCreator = new Lazy<>(() -> new PoolCreator(clients().pools(), batchAccounts(), imageResolver()));
        this.galleryEventParser = new Lazy<>(() -> new GalleryEventParser(settings()::galleryAllowed));
        this.rolloutEngine = new Lazy<>(() -> rolloutEngineFactory.apply(this));
        this.rolloutActionRequestParser = new Lazy<>(RolloutActionRequestParser::new);
        this.adoptPoolRequestParser = new Lazy<>(() -> new AdoptPoolRequestParser(settings()::galleryAllowed));
        this.operatorActions = new Lazy<>(() -> new OperatorActions(clients().pools(), clock,
                Logger.getLogger("io.batchrollout.rollout")::info));
        this.poolAdopter = new Lazy<>(() -> new PoolAdopter(clients().pools()));
        this.driftReporter = new Lazy<>(() -> new DriftReporter(settings().batchAccountIds(), clients().pools(), batchAccounts(),
                imageResolver(), new ReplicaRule(settings().vmsPerReplica()))
                .withMaxRolloutsPerImage(settings().maxRolloutsPerImage())
                .withDeadlines(new PhaseDeadline(settings().verifyGrace()), clock));
        // Its own gallery reads per plan (the version asked for, not the newest ready one), through the same gate rule.
        this.manualPromotion = new Lazy<>(() -> new ManualPromotion(clients().gallery(), clients().galleryWrites(),
                settings()::galleryAllowed, clock, notifications()));
        this.planReader = new Lazy<>(() -> new PlanReader(settings().batchAccountIds(), clients().pools(), clients().nodes(),
                batchAccounts(), new CapacityReader(clients().pools(), vmSkuCatalog(), clients().usages()), clients().gallery(),
                clients().providers(), new ReadinessGate(settings().vmsPerReplica()), settings()::galleryAllowed, clock,
                settings().maxRolloutsPerImage(), settings().verifyGrace()));
    }

    /** Reads operator action bodies without any Azure client. */
    public RolloutActionRequestParser rolloutActionRequestParser() {
        return rolloutActionRequestParser.get();
    }

    /** Reads adopt bodies with ALLOWED_GALLERY_IDS; needs the settings only. */
    public AdoptPoolRequestParser adoptPoolRequestParser() {
        return adoptPoolRequestParser.get();
    }

    public OperatorActions operatorActions() {
        return operatorActions.get();
    }

    public PoolAdopter poolAdopter() {
        return poolAdopter.get();
    }

    public DriftReporter driftReporter() {
        return driftReporter.get();
    }

    /** promote / reject by hand (gated promotion). */
    public ManualPromotion manualPromotion() {
        return manualPromotion.get();
    }

    public PlanReader planReader() {
        return planReader.get();
    }

    public Settings settings() {
        return settings.get();
    }

    public AzureClients clients() {
        return clients.get();
    }

    /** The app's notion of now: the system clock in Azure, the simulated clock on the simulated Azure. */
    public Clock clock() {
        return clock;
    }

    /** BATCH_ACCOUNT_IDS as the API resolves request accounts against it. Needs the settings only. */
    public ConfiguredAccounts configuredAccounts() {
        return configuredAccounts.get();
    }

    /** Reads createPool bodies without any Azure client. */
    public CreatePoolRequestParser createPoolRequestParser() {
        return createPoolRequestParser.get();
    }

    /** Batch accounts, read once per process per account id. */
    public BatchAccountCache batchAccounts() {
        return batchAccounts.get();
    }

    /** The VM sizes Batch supports per subscription and region, kept for the process (refreshed every 6 hours). */
    public VmSkuCatalog vmSkuCatalog() {
        return vmSkuCatalog.get();
    }

    public PoolStatusReader poolStatusReader() {
        return poolStatusReader.get();
    }

    public ImageResolver imageResolver() {
        return imageResolver.get();
    }

    public PoolCreator poolCreator() {
        return poolCreator.get();
    }

    /** Reads Event Grid events with ALLOWED_GALLERY_IDS. Needs the settings only: an ignored event builds no client. */
    public GalleryEventParser galleryEventParser() {
        return galleryEventParser.get();
    }

    /** The reconciler both the timer and events run passes with; built once per graph by {@link #rolloutEngineFactory}. */
    public RolloutEngine rolloutEngine() {
        return rolloutEngine.get();
    }

    /**
     * A reconciler that logs each step to {@code log} (e.g. the invocation's ExecutionContext logger). Cheap: it holds
     * no state of its own and shares the clients, account cache and resolver of this graph.
     */
    public RolloutEngine rolloutEngine(Consumer<String> log) {
        Settings s = settings();
        Reconciler reconciler = new Reconciler(s.batchAccountIds(), clients().pools(), clients().nodes(), clients().jobs(),
                batchAccounts(), new CapacityReader(clients().pools(), vmSkuCatalog(), clients().usages()), imageResolver(),
                new HealthGate(s.minReadyPercent(), s.maxUnhealthyPercent(), s.verifyGrace()), clock, log)
                .withMaxRolloutsPerImage(s.maxRolloutsPerImage())
                .withPassLimits(new Reconciler.PassLimits(s.maxParallelWrites(), s.passDeadline(), System::nanoTime,
                        clients()::requestsSent))
                .withNotifications(notifications())
                .withPromotion(clients().galleryWrites(), s.promotionBake());
        return s.galleryRemediation() == Settings.GalleryRemediation.REPLICAS
                ? reconciler.withRemediation(new PassRemediation.Config(clients().galleryWrites(),
                        new ReplicaRule(s.vmsPerReplica()), s::galleryAllowed))
                : reconciler;
    }

    /** NOTIFICATION_TOPIC_ENDPOINT's topic, or off when it is empty. */
    public RolloutNotifications notifications() {
        return settings().notificationTopicEndpoint().map(uri -> clients().notifications(uri.toString()))
                .orElse(RolloutNotifications.OFF);
    }
}
