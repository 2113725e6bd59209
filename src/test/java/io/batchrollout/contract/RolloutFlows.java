package io.batchrollout.contract;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.azure.AzureClients;
import io.batchrollout.core.accounts.BatchAccountCache;
import io.batchrollout.core.capacity.CapacityReader;
import io.batchrollout.core.capacity.VmSkuCatalog;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.GalleryId;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolSpec;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.model.StartTask;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.readiness.GalleryImageResolver;
import io.batchrollout.core.readiness.ReadinessGate;
import io.batchrollout.core.readiness.ReplicaRule;
import io.batchrollout.core.rollout.gate.HealthGate;
import io.batchrollout.core.rollout.PassRemediation;
import io.batchrollout.core.rollout.Reconciler;
import io.batchrollout.core.rollout.RolloutEngine;
import io.batchrollout.core.rollout.promotion.ManualPromotion;
import io.batchrollout.port.RolloutNotifications;
import io.batchrollout.sim.SimulatedAzure;
import io.batchrollout.sim.gallery.GallerySimulation.SimTargetRegion;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The app's representative flows on one simulated Azure, so that a test can read every request they sent: a pool
 * created from a gallery image version, an in-place rollout, a blue-green rollout that moves jobs, and the gallery
 * writes (replica remediation, gated promotion by a pass, an operator's promote and reject). Real adapters,
 * the real reconciler, simulated time (one pass per simulated minute). Public for the infra checks, which derive
 * the app identity's roles from what these flows send.
 */
public final class RolloutFlows implements AutoCloseable {
    public static final String SUB = Examples.SUBSCRIPTION;
    public static final GalleryId GALLERY = GalleryId.parse("/subscriptions/" + SUB + "/resourceGroups/img-rg/providers/Microsoft.Compute/galleries/flowgallery");
    public static final BatchAccountId ACCOUNT = BatchAccountId.parse("/subscriptions/" + SUB
            + "/resourceGroups/batch-rg/providers/Microsoft.Batch/batchAccounts/flowbatch");
    /** VM settings beyond the image that an in-place image change must carry over (issue 7, defect 3). */
    static final String DATA_DISKS = "[{\"lun\":0,\"diskSizeGB\":64,\"caching\":\"ReadOnly\",\"storageAccountType\":\"Standard_LRS\"}]";

    public final SimulatedAzure sim = SimulatedAzure.start(0);
    public final AzureClients clients = AzureClients.create(sim.target());
    final List<String> log = new ArrayList<>();
    private final Clock clock = sim.clock().asJavaClock();
    private final Reconciler engine;
    /** The same pass with GALLERY_REMEDIATION=replicas: the app's gallery write for replicas. */
    private final Reconciler remediating;
    /** The same pass with gated promotion (PROMOTION_BAKE {@link #BAKE}): its promote and reject writes. */
    private final Reconciler promoting;
    static final Duration BAKE = Duration.ofMinutes(20);

    public RolloutFlows() {
        sim.gallery().addGallery(SUB, "img-rg", "flowgallery", "westeurope");
        sim.batch().addAccount(SUB, "batch-rg", "flowbatch", "northeurope", 500, 0);
        engine = new Reconciler(List.of(ACCOUNT), clients.pools(), clients.nodes(), clients.jobs(),
                new BatchAccountCache(clients.pools()),
                new CapacityReader(clients.pools(), new VmSkuCatalog(clients.vmSkus(), clock), clients.usages()),
                new GalleryImageResolver(clients.gallery(), clients.providers(), new ReadinessGate(300), g -> true, clock),
                HealthGate.defaults(), clock, line -> log.add(sim.clock().now() + " " + line));
        remediating = engine.withRemediation(new PassRemediation.Config(clients.galleryWrites(), new ReplicaRule(300), g -> true));
        promoting = engine.withPromotion(clients.galleryWrites(), BAKE);
    }

    public ImageDefinitionId definition(String name) {
        sim.gallery().addImageDefinition(GALLERY.toString(), name, "Linux", "Generalized", "V2");
        ImageDefinitionId id = GALLERY.image(name);
        addVersion(id, "1.0.0");
        return id;
    }

    public void addVersion(ImageDefinitionId definition, String version) {
        sim.gallery().addVersion(definition.toString(), version,
                List.of(new SimTargetRegion("West Europe", 1, false), new SimTargetRegion("North Europe", 1, false)), true);
    }

    /** A version published to these regions only (names as a publisher gives them), replicated. */
    public void addVersionIn(ImageDefinitionId definition, String version, String... regions) {
        sim.gallery().addVersion(definition.toString(), version, java.util.Arrays.stream(regions)
                .map(r -> new SimTargetRegion(r, 1, false)).toList(), true);
    }

    /** Passes with GALLERY_REMEDIATION=replicas, one simulated minute apart, until {@code done}; false when never. */
    public boolean remediateUntil(ImageDefinitionId definition, BooleanSupplier done, int maxPasses) {
        return passUntil(remediating, definition, done, maxPasses);
    }

    /** Passes with gated promotion, one simulated minute apart, until {@code done}; false when never. */
    public boolean promoteUntil(ImageDefinitionId definition, BooleanSupplier done, int maxPasses) {
        return passUntil(promoting, definition, done, maxPasses);
    }

    private boolean passUntil(RolloutEngine engine, ImageDefinitionId definition, BooleanSupplier done, int maxPasses) {
        for (int pass = 0; pass < maxPasses; pass++) {
            engine.reconcileTracking(definition);
            if (done.getAsBoolean()) {
                return true;
            }
            sim.advance(Duration.ofMinutes(1));
        }
        return false;
    }

    /** A tracked in-place canary pool on 1.0.0 (policy canary true), allocated and idle. */
    public Pool createCanary(String name, ImageDefinitionId definition, int nodes) {
        List<Metadata> metadata = new ArrayList<>(List.of(new Metadata("team", "render")));
        metadata.addAll(new RolloutPolicy(new ImageRef.Tracked(definition), RolloutStrategy.IN_PLACE, true).toMetadata());
        clients.pools().create(ACCOUNT.pool(name), new PoolSpec("Standard_D2s_v3", definition.version("1.0.0").toString(),
                "batch.node.ubuntu 22.04", new ScaleSettings.FixedScale(nodes, 0, Duration.ofMinutes(15),
                ScaleSettings.NodeDeallocationOption.TASK_COMPLETION), Optional.of(new StartTask("/bin/true", false, true, 0)),
                metadata));
        sim.advance(Duration.ofMinutes(6));
        return clients.pools().get(ACCOUNT.pool(name)).orElseThrow();
    }

    /**
     * A candidate as a team using gated promotion publishes it, over raw ARM: excludeFromLatest true on the version,
     * and on North Europe as well (a per-region exclude the promotion must lift too), with a tag of the team's own;
     * then it replicates.
     */
    public void publishCandidate(ImageDefinitionId definition, String version) {
        ObjectNode body = Examples.JSON.createObjectNode().put("location", "westeurope");
        body.putObject("tags").put("team", "render");
        ObjectNode properties = body.putObject("properties");
        ObjectNode publishing = properties.putObject("publishingProfile").put("excludeFromLatest", true);
        publishing.putArray("targetRegions").add(Examples.JSON.createObjectNode().put("name", "West Europe")
                .put("regionalReplicaCount", 1)).add(Examples.JSON.createObjectNode().put("name", "North Europe")
                .put("regionalReplicaCount", 1).put("excludeFromLatest", true));
        properties.putObject("storageProfile").putObject("source").put("id", "/subscriptions/" + SUB
                + "/resourceGroups/img-rg/providers/Microsoft.Compute/images/" + definition.imageName() + "-" + version);
        SimRaw.Answer answer = new SimRaw(sim).send("PUT", definition.version(version) + "?api-version=2024-03-03", body);
        if (answer.status() != 200 && answer.status() != 201) {
            throw new IllegalStateException("publishing " + version + " answered " + answer.status() + ": " + answer.body());
        }
        sim.advance(Duration.ofMinutes(30));
    }

    /** The version as Azure serves it, read raw (not by the app, so the contract checks do not count it). */
    public com.fasterxml.jackson.databind.JsonNode versionAsServed(ImageDefinitionId definition, String version) {
        return new SimRaw(sim).get(definition.version(version) + "?api-version=2024-03-03");
    }

    /** What POST /api/images/promote and /reject run, on this simulated Azure's clients. */
    public ManualPromotion manualPromotion() {
        return new ManualPromotion(clients.gallery(), clients.galleryWrites(), g -> true, clock, RolloutNotifications.OFF);
    }

    /** Flow 1: the app creates a tracked pool from version 1.0.0 of {@code definition}, and it allocates. */
    public Pool createPool(String name, ImageDefinitionId definition, int nodes, RolloutStrategy strategy) {
        List<Metadata> metadata = new ArrayList<>(List.of(new Metadata("team", "render")));
        metadata.addAll(new RolloutPolicy(new ImageRef.Tracked(definition), strategy).toMetadata());
        clients.pools().create(ACCOUNT.pool(name), new PoolSpec("Standard_D2s_v3", definition.version("1.0.0").toString(),
                "batch.node.ubuntu 22.04", new ScaleSettings.FixedScale(nodes, 0, Duration.ofMinutes(15),
                ScaleSettings.NodeDeallocationOption.TASK_COMPLETION), Optional.of(new StartTask("/bin/true", false, true, 0)),
                metadata));
        sim.advance(Duration.ofMinutes(6));
        return clients.pools().get(ACCOUNT.pool(name)).orElseThrow();
    }

    /**
     * A tracked in-place pool someone created with data disks (the app's own create has none), over raw ARM as a
     * pipeline would, at the api-version of Microsoft's example.
     */
    com.fasterxml.jackson.databind.JsonNode createPoolWithDataDisks(String name, ImageDefinitionId definition, int nodes) {
        ObjectNode pool = Examples.JSON.createObjectNode();
        ObjectNode properties = pool.putObject("properties").put("vmSize", "Standard_D2s_v3");
        ObjectNode vm = properties.putObject("deploymentConfiguration").putObject("virtualMachineConfiguration");
        vm.putObject("imageReference").put("id", definition.version("1.0.0").toString());
        vm.put("nodeAgentSkuId", "batch.node.ubuntu 22.04");
        try {
            vm.set("dataDisks", Examples.JSON.readTree(DATA_DISKS));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        properties.putObject("scaleSettings").putObject("fixedScale").put("targetDedicatedNodes", nodes).put("resizeTimeout", "PT15M");
        ArrayNode metadata = properties.putArray("metadata");
        new RolloutPolicy(new ImageRef.Tracked(definition), RolloutStrategy.IN_PLACE).toMetadata()
                .forEach(m -> metadata.addObject().put("name", m.name()).put("value", m.value()));
        SimRaw.Answer answer = new SimRaw(sim).send("PUT", ACCOUNT.pool(name) + "?api-version=2024-07-01", pool);
        if (answer.status() != 200) {
            throw new IllegalStateException("creating " + name + " answered " + answer.status() + ": " + answer.body());
        }
        sim.advance(Duration.ofMinutes(6));
        return answer.body();
    }

    public void addJob(String job, String pool, int tasks, Duration runtime) {
        sim.batch().addJob(ACCOUNT.toString(), job, pool);
        for (int i = 0; i < tasks; i++) {
            sim.batch().addTask(ACCOUNT.toString(), job, job + "-t" + i, runtime);
        }
    }

    /** Passes one simulated minute apart until {@code done}; false when it never was. */
    public boolean passUntil(ImageDefinitionId definition, BooleanSupplier done, int maxPasses) {
        for (int pass = 0; pass < maxPasses; pass++) {
            engine.reconcileTracking(definition);
            if (done.getAsBoolean()) {
                return true;
            }
            sim.advance(Duration.ofMinutes(1));
        }
        return false;
    }

    public Optional<Pool> find(String name) {
        return clients.pools().get(ACCOUNT.pool(name));
    }

    @Override
    public void close() {
        sim.close();
    }
}
