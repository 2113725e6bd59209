package io.batchrollout.sim.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.sim.SimState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A pool as the simulated Batch service holds it. Server-owned fields are stamped here, never taken from a client. */
final class SimPool {

    /** A gallery image (id) or a marketplace image (publisher/offer/sku/version). */
    record ImageRef(String id, String publisher, String offer, String sku, String version) {
        static ImageRef gallery(String id) {
            return new ImageRef(id, null, null, null, null);
        }

        boolean isGallery() {
            return id != null;
        }
    }

    final SimAccount account;
    final String name;
    final Instant creationTime;
    String etag;
    Instant lastModified;
    String provisioningState = "Succeeded";
    Instant provisioningStateTransitionTime;
    String allocationState = "Steady";
    Instant allocationStateTransitionTime;
    VmSizes.VmSize vmSize;
    /** Batch echoes the size as the client spelt it. */
    String vmSizeAsGiven;
    ImageRef image;
    String nodeAgentSkuId;
    /** The virtualMachineConfiguration besides image and agent, as last sent: see {@link VmConfiguration}. */
    com.fasterxml.jackson.databind.node.ObjectNode vmSettings = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    ScaleTarget scale;
    /** The start task as the client sent it (Batch echoes it back); null when the pool has none. */
    ObjectNode startTask;
    List<Metadata> metadata = new ArrayList<>();
    int taskSlotsPerNode = 1;
    /** Stored and returned as given: see {@link PoolRequest#CARRIED_PROPERTIES}. */
    final com.fasterxml.jackson.databind.node.ObjectNode carried = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    String displayName;
    String interNodeCommunication = "Disabled";
    ResizeOperation resize;
    /** The last autoscale evaluation (null when the pool is not autoscaled) and when the next one is due. */
    AutoscaleRuns.Run autoScaleRun;
    Instant nextEvaluationAt;
    final List<SimNode> nodes = new ArrayList<>();
    Instant deleteAt;
    String deleteOperationId;
    private int nodeSequence;

    SimPool(SimAccount account, String name, Instant now) {
        this.account = account;
        this.name = name;
        this.creationTime = now;
        this.provisioningStateTransitionTime = now;
        this.allocationStateTransitionTime = now;
        stamp(now);
    }

    /** A change to pool-level data: new ETag and lastModified, as Batch does on every pool change. */
    void stamp(Instant now) {
        etag = SimState.newEtag();
        lastModified = now;
    }

    String armId() {
        return account.armId() + "/pools/" + name;
    }

    boolean deleting() {
        return "Deleting".equals(provisioningState);
    }

    boolean steady() {
        return "Steady".equals(allocationState);
    }

    boolean startTaskWaitsForSuccess() {
        return startTask != null && startTask.path("waitForSuccess").asBoolean(true);
    }

    boolean hasStartTask() {
        return startTask != null && startTask.hasNonNull("commandLine");
    }

    long nodes(boolean dedicated) {
        return nodes.stream().filter(n -> n.dedicated == dedicated).count();
    }

    /** Nodes that will still be in the pool once the current resize settles. */
    long staying(boolean dedicated) {
        return nodes.stream().filter(n -> n.dedicated == dedicated && !n.removing).count();
    }

    String nextNodeId(Instant now) {
        nodeSequence++;
        String stamp = now.toString().replaceAll("[^0-9]", "").substring(0, 14);
        return "tvm-" + Integer.toUnsignedString(Math.abs(armId().toLowerCase().hashCode())) + "_" + nodeSequence
                + "-" + stamp.substring(0, 8) + "t" + stamp.substring(8) + "z";
    }
}
