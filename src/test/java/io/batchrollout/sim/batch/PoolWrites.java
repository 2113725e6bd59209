package io.batchrollout.sim.batch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules Batch applies when a pool is created, replaced (PUT on an existing pool) or patched. Properties that
 * shape the nodes (vmSize, deploymentConfiguration and the like) are read-only before api-version 2024-07-01
 * (400 PropertyCannotBeUpdated); from 2024-07-01 they change only while the pool is Steady with no dedicated and
 * no low-priority nodes, and the next resize builds nodes from the new values. metadata, scaleSettings and
 * startTask change on a live pool. A deploymentConfiguration in a PATCH replaces the pool's whole VM configuration:
 * whether Batch merges nested objects is not documented, so the simulator takes the stricter reading.
 */
final class PoolWrites {
    static final String DEPLOYMENT_UPDATE_API = "2024-07-01";
    /** What a pool without scaleSettings gets: fixed scale with no nodes. */
    private static final ScaleTarget NO_NODES = new ScaleTarget.Fixed(0, 0, Timings.DEFAULT_RESIZE_TIMEOUT, "Requeue");

    private final ImageCheck images;
    private final AllocationEngine allocation;
    private final BatchStore store;

    PoolWrites(ImageCheck images, AllocationEngine allocation, BatchStore store) {
        this.images = images;
        this.allocation = allocation;
        this.store = store;
    }

    SimPool create(SimAccount account, String name, PoolRequest request, Instant now) {
        requireValidFormula(request, now);
        if (account.pools().size() >= account.poolQuota) {
            throw BatchArmError.of(409, "PoolQuotaReached", "The account has reached its quota of pools.", now);
        }
        String vmSize = request.vmSize().orElseThrow(() -> BatchArmError.missing("vmSize", "properties.vmSize", now));
        if (request.image().isEmpty()) {
            throw BatchArmError.missing("deploymentConfiguration", "properties.deploymentConfiguration", now);
        }
        SimPool pool = new SimPool(account, name, now);
        applyDeployment(pool, vmSize, request, now);
        pool.scale = NO_NODES;
        pool.metadata = new ArrayList<>(request.metadata().orElse(List.of()));
        pool.startTask = request.startTask().filter(t -> !t.isEmpty()).orElse(null);
        pool.displayName = request.displayName().orElse(null);
        account.putPool(pool);
        setScale(pool, request.scale().orElse(NO_NODES), now);
        return pool;
    }

    /** PUT on an existing pool replaces it: whatever the body leaves out goes back to its default. */
    SimPool replace(SimPool pool, PoolRequest request, String apiVersion, Instant now) {
        requireValidFormula(request, now);
        String vmSize = request.vmSize().orElseThrow(() -> BatchArmError.missing("vmSize", "properties.vmSize", now));
        if (request.image().isEmpty()) {
            throw BatchArmError.missing("deploymentConfiguration", "properties.deploymentConfiguration", now);
        }
        boolean sameDeployment = vmSize.equalsIgnoreCase(pool.vmSizeAsGiven) && request.image().get().equals(pool.image)
                && request.nodeAgentSkuId().get().equals(pool.nodeAgentSkuId)
                && request.taskSlotsPerNode().orElse(1) == pool.taskSlotsPerNode
                && request.vmSettings().orElseThrow().equals(pool.vmSettings);
        if (!sameDeployment) {
            requireDeploymentChangeAllowed(pool, request, apiVersion, now);
            applyDeployment(pool, vmSize, request, now);
        }
        setScale(pool, request.scale().orElse(NO_NODES), now);
        pool.metadata = new ArrayList<>(request.metadata().orElse(List.of()));
        pool.startTask = request.startTask().filter(t -> !t.isEmpty()).orElse(null);
        pool.displayName = request.displayName().orElse(null);
        pool.stamp(now);
        return pool;
    }

    /** PATCH: only what the body names changes; a metadata list replaces the whole list; {} removes the start task. */
    void update(SimPool pool, PoolRequest request, String apiVersion, Instant now) {
        requireValidFormula(request, now);
        if (request.changesDeployment()) {
            requireDeploymentChangeAllowed(pool, request, apiVersion, now);
            applyDeployment(pool, request.vmSize().orElse(pool.vmSizeAsGiven), request, now);
        }
        request.scale().ifPresent(scale -> setScale(pool, scale, now));
        request.metadata().ifPresent(metadata -> pool.metadata = new ArrayList<>(metadata));
        request.startTask().ifPresent(task -> pool.startTask = task.isEmpty() ? null : task);
        request.displayName().ifPresent(name -> pool.displayName = name);
        pool.stamp(now);
    }

    void startDelete(SimPool pool, Instant now) {
        allocation.startDelete(pool, now);
    }

    /** Checked before anything changes: a refused write leaves the pool as it was. */
    private void requireValidFormula(PoolRequest request, Instant now) {
        if (request.scale().orElse(null) instanceof ScaleTarget.Auto auto) {
            AutoscaleFormula.syntaxError(auto.formula(), store.refusedFormulaFragments).ifPresent(detail -> {
                throw BatchArmError.formulaSyntax(detail, now);
            });
        }
    }

    private void requireDeploymentChangeAllowed(SimPool pool, PoolRequest request, String apiVersion, Instant now) {
        if (apiVersion.compareTo(DEPLOYMENT_UPDATE_API) < 0) {
            if (request.vmSize().isPresent()) {
                throw BatchArmError.cannotBeUpdated("vmSize", "properties.vmSize", now);
            }
            if (request.image().isPresent()) {
                throw BatchArmError.cannotBeUpdated("deploymentConfiguration", "properties.deploymentConfiguration", now);
            }
            if (request.taskSlotsPerNode().isPresent()) {
                throw BatchArmError.cannotBeUpdated("taskSlotsPerNode", "properties.taskSlotsPerNode", now);
            }
            String other = request.otherZeroSizeProperties().get(0);
            throw BatchArmError.cannotBeUpdated(other, "properties." + other, now);
        }
        if (!pool.steady() || !pool.nodes.isEmpty()) {
            throw BatchArmError.invalidForState("vmSize, deploymentConfiguration and the other node-shaping properties "
                    + "change only while the pool is Steady with zero dedicated and zero low-priority nodes; the pool is "
                    + pool.allocationState + " with " + pool.nodes(true) + " dedicated and " + pool.nodes(false)
                    + " low-priority nodes.", now);
        }
    }

    private void applyDeployment(SimPool pool, String vmSize, PoolRequest request, Instant now) {
        VmSizes.VmSize size = VmSizes.find(vmSize).filter(s -> store.offered(pool.account.location, s))
                .orElseThrow(() -> BatchArmError.invalidValue("vmSize", "properties.vmSize", "The VM size '" + vmSize
                        + "' is not supported by the simulated Batch service in " + pool.account.location + ".", now));
        SimPool.ImageRef image = request.image().orElse(pool.image);
        String agent = request.nodeAgentSkuId().orElse(pool.nodeAgentSkuId);
        if (request.image().isPresent()) {
            images.requireUsable(image, agent, pool.account.location, now);
        }
        int slots = request.taskSlotsPerNode().orElse(pool.taskSlotsPerNode);
        if (slots > Math.min(4 * size.cores(), 256)) {
            throw BatchArmError.invalidValue("taskSlotsPerNode", "properties.taskSlotsPerNode", "taskSlotsPerNode may "
                    + "be at most 4 times the cores of " + size.name() + " (" + 4 * size.cores() + ").", now);
        }
        pool.vmSize = size;
        pool.vmSizeAsGiven = vmSize;
        pool.image = image;
        pool.nodeAgentSkuId = agent;
        // A deploymentConfiguration replaces the whole VM configuration (the strict reading of PATCH): settings the
        // body leaves out (data disks, containers, extensions, OS disk...) are dropped, not merged.
        request.vmSettings().ifPresent(settings -> pool.vmSettings = settings);
        pool.taskSlotsPerNode = slots;
        pool.carried.setAll(request.carried());
    }

    /**
     * New scale settings start a new resize on a Steady pool. While the pool is Resizing, Batch refuses a resize to
     * other targets (409 PoolBeingResized, as its data plane resize does); the same targets are only stored.
     */
    private void setScale(SimPool pool, ScaleTarget requested, Instant now) {
        AutoscaleRuns.Run runBefore = pool.autoScaleRun;
        Instant nextBefore = pool.nextEvaluationAt;
        // Batch evaluates a formula as soon as autoscale is set; the evaluation's targets are what the pool resizes to.
        ScaleTarget scale = requested instanceof ScaleTarget.Auto auto ? AutoscaleRuns.evaluate(pool, auto, now) : requested;
        boolean sameTargets = scale.dedicated() == pool.scale.dedicated() && scale.lowPriority() == pool.scale.lowPriority();
        if (!pool.steady() && !sameTargets) {
            pool.autoScaleRun = runBefore;
            pool.nextEvaluationAt = nextBefore;
            throw BatchArmError.of(409, "PoolBeingResized", "A pool operation was attempted which is not permitted "
                    + "when the pool is in the process of being resized.", now);
        }
        if (!(scale instanceof ScaleTarget.Auto)) {
            AutoscaleRuns.stop(pool);
        }
        pool.scale = scale;
        if (pool.steady()) {
            allocation.resize(pool, now);
        }
    }
}
