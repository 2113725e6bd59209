package io.batchrollout.sim;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.azure.AzureTarget;
import io.batchrollout.sim.batch.BatchSimulation;
import io.batchrollout.sim.compute.ComputeUsagesSimulation;
import io.batchrollout.sim.eventgrid.EventGridSimulation;
import io.batchrollout.sim.gallery.GalleryLookup;
import io.batchrollout.sim.gallery.GallerySimulation;
import io.batchrollout.sim.resources.ResourcesSimulation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import reactor.core.publisher.Mono;

/**
 * A stateful, simulated Azure on 127.0.0.1 over HTTPS: Resource Manager (Compute Gallery, Batch accounts and pools)
 * and the Batch data plane, behind the same front door. Test infrastructure only: it lives in src/test and never
 * reaches the deployed package. The real SDK clients talk to it with {@link #credential()} and {@link #clientTrust()}.
 */
public final class SimulatedAzure implements AutoCloseable {
    /** The only bearer token the simulator accepts; {@link #credential()} hands it out. */
    public static final String ACCESS_TOKEN = "simulated-azure-access-token";
    /** Where each Batch account's data plane lives: accountEndpoint is 127.0.0.1:{port}/batch/{account}.{region}. */
    public static final String DATA_PLANE_PREFIX = "/batch/";
    public static final Instant DEFAULT_START = Instant.parse("2026-01-05T09:00:00Z");

    private static final String KEYSTORE = "/sim/sim-tls.p12";
    private static final char[] KEYSTORE_PASSWORD = "simulated".toCharArray();

    private final SimClock clock;
    private final SimState state;
    private final Router router = new Router();
    private final Router controls = new Router();
    private final FaultInjector faults = new FaultInjector();
    private final RequestLog requests = new RequestLog();
    private final EventDelivery events;
    private final SimServer server;
    private final GallerySimulation gallery;
    private final BrokenVersions brokenVersions;
    private final BatchSimulation batch;
    private final ResourcesSimulation resources;
    private final ComputeUsagesSimulation compute;
    private final EventGridSimulation eventGrid;

    private SimulatedAzure(int port, Instant start, GalleryLookup galleryOverride) throws IOException {
        this.clock = new SimClock(start);
        this.state = new SimState(clock);
        this.events = new EventDelivery(clock);
        state.register(events);
        this.server = new SimServer(port, serverTls(), router, controls, state, faults, requests);
        this.gallery = new GallerySimulation(state, router, events);
        this.brokenVersions = new BrokenVersions(galleryOverride == null ? gallery : galleryOverride);
        this.batch = new BatchSimulation(state, router, brokenVersions, this::authority);
        this.resources = new ResourcesSimulation(state, router, batch::hasAccountIn);
        this.compute = new ComputeUsagesSimulation(state, router, batch::regionalVms);
        batch.useSubscriptionQuotas(compute);
        this.eventGrid = new EventGridSimulation(state, router, controls);
        addControls();
    }

    /** Starts on the given port (0 for any free one) with the clock at {@link #DEFAULT_START}. */
    public static SimulatedAzure start(int port) {
        return start(port, DEFAULT_START);
    }

    public static SimulatedAzure start(int port, Instant clockStart) {
        return start(port, clockStart, null);
    }

    /**
     * Starts with the Batch part asking {@code galleryOverride} about images instead of the simulated gallery, for
     * tests of the Batch part that script image facts directly.
     */
    public static SimulatedAzure start(int port, Instant clockStart, GalleryLookup galleryOverride) {
        try {
            SimulatedAzure azure = new SimulatedAzure(port, clockStart, galleryOverride);
            azure.server.start();
            return azure;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the simulated Azure on port " + port, e);
        }
    }

    public String baseUrl() {
        return "https://" + authority();
    }

    public String authority() {
        return "127.0.0.1:" + server.port();
    }

    public SimClock clock() {
        return clock;
    }

    /** Moves simulated time and brings every resource up to it. */
    public Instant advance(Duration by) {
        Instant now = clock.advance(by);
        state.sync();
        return now;
    }

    public FaultInjector faults() {
        return faults;
    }

    /** Every operation this simulator routes: Azure's (named like the specs' operationIds) and its own controls (Sim_*). */
    public java.util.Set<String> routedOperations() {
        java.util.Set<String> all = new java.util.TreeSet<>(router.operations());
        all.addAll(controls.operations());
        return all;
    }

    public RequestLog requests() {
        return requests;
    }

    /** TLS connections the simulator has accepted (each costs a handshake): clients should reuse theirs. */
    public long connectionsAccepted() {
        return server.connections();
    }

    public EventDelivery events() {
        return events;
    }

    public SimState state() {
        return state;
    }

    public GallerySimulation gallery() {
        return gallery;
    }

    public BatchSimulation batch() {
        return batch;
    }

    /** Compute's regional usages and limits per subscription: the quotas of UserSubscription-mode Batch accounts. */
    public ComputeUsagesSimulation compute() {
        return compute;
    }

    /** Event Grid custom topics (CloudEvents 1.0 input) and the events they accepted. */
    public EventGridSimulation eventGrid() {
        return eventGrid;
    }

    /** Creates a topic; the endpoint a publisher sends to (NOTIFICATION_TOPIC_ENDPOINT). */
    public String addTopic(String name) {
        return baseUrl() + eventGrid.addTopic(name);
    }

    /** Resource Manager's resource provider registrations per subscription. */
    public ResourcesSimulation resources() {
        return resources;
    }

    /** Where the app's client factory points to reach this simulator: the only difference from Azure. */
    public AzureTarget target() {
        RetryOptions fastRetry = new RetryOptions(new ExponentialBackoffOptions()
                .setMaxRetries(3).setBaseDelay(Duration.ofMillis(20)).setMaxDelay(Duration.ofSeconds(2)));
        return AzureTarget.at(baseUrl() + "/", credential(), clientTrust(), fastRetry);
    }

    public static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    @Override
    public void close() {
        server.stop();
        events.close();
    }

    /** A credential that always returns the simulator's token, as a managed identity would return a real one. */
    public static TokenCredential credential() {
        return request -> Mono.just(new AccessToken(ACCESS_TOKEN, OffsetDateTime.now(ZoneOffset.UTC).plusHours(1)));
    }

    /** Trusts the simulator's self-signed test certificate, and nothing else. */
    public static SSLContext clientTrust() {
        try {
            KeyStore serverStore = loadKeystore();
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            Certificate certificate = serverStore.getCertificate("sim");
            trust.setCertificateEntry("simulated-azure", certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("could not build the simulator's client trust", e);
        }
    }

    /** The simulator's server side TLS (its self-signed test certificate), e.g. for a benchmark's bare server. */
    public static SSLContext serverTls() {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(loadKeystore(), KEYSTORE_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("could not load the simulator's test certificate " + KEYSTORE, e);
        }
    }

    private static KeyStore loadKeystore() throws Exception {
        try (InputStream in = SimulatedAzure.class.getResourceAsStream(KEYSTORE)) {
            if (in == null) {
                throw new IllegalStateException(KEYSTORE + " is not on the test classpath");
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, KEYSTORE_PASSWORD);
            return store;
        }
    }

    private void addControls() {
        controls.add("POST", "/_sim/advance", "Sim_Advance", request -> {
            long seconds = (long) number(request, "seconds", 0, 10L * 366 * 24 * 3600);
            Instant now = advance(Duration.ofSeconds(seconds));
            ObjectNode body = SimServer.JSON.createObjectNode().put("now", now.toString());
            return SimResponse.ok(body);
        });
        controls.add("POST", "/_sim/speed", "Sim_Speed", request -> {
            double factor = number(request, "factor", 0, 10_000);
            clock.setSpeed(factor);
            return SimResponse.ok(SimServer.JSON.createObjectNode().put("speed", factor).put("now", clock.now().toString()));
        });
        controls.add("GET", "/_sim/clock", "Sim_Clock",
                request -> SimResponse.ok(SimServer.JSON.createObjectNode().put("now", clock.now().toString()).put("speed", clock.speed())));
        controls.add("GET", "/_sim/requests", "Sim_Requests", request -> {
            ObjectNode body = SimServer.JSON.createObjectNode();
            requests.countsByOperation().forEach(body::put);
            return SimResponse.ok(body);
        });
        new FaultControls(faults, router::operations, clock).register(controls);
        brokenVersions.register(controls);
    }

    /** A query parameter that must be a number in [min, max] ("seconds" must be whole); 400 naming it otherwise. */
    private static double number(SimRequest request, String name, double min, double max) {
        String given = request.queryParam(name).orElse(null);
        try {
            double value = Double.parseDouble(given == null ? "" : given.strip());
            if (value >= min && value <= max && (!name.equals("seconds") || value == Math.rint(value))) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw ControlProblem.invalid("The request was refused and nothing changed", List.of(new ControlProblem.FieldError(name,
                (given == null ? "required" : "'" + given + "' is not allowed") + ": a " + (name.equals("seconds") ? "whole " : "")
                        + "number from " + (long) min + " to " + (long) max)));
    }
}
