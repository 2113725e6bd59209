package io.batchrollout.sim.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.sim.SimArmId;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A pool PUT or PATCH body, read and checked the way the Batch resource provider checks it (spec 2024-07-01:
 * fixedScale and autoScale exclusive, resizeTimeout at least 5 minutes, virtualMachineConfiguration needs
 * imageReference and nodeAgentSkuId). Every field is optional here; the create path demands what a new pool needs.
 */
record PoolRequest(Optional<String> vmSize, Optional<SimPool.ImageRef> image, Optional<String> nodeAgentSkuId,
                   Optional<ScaleTarget> scale, Optional<List<Metadata>> metadata, Optional<ObjectNode> startTask,
                   Optional<Integer> taskSlotsPerNode, Optional<String> displayName, List<String> otherZeroSizeProperties,
                   ObjectNode carried, Optional<ObjectNode> vmSettings) {

    /**
     * Properties Batch stores and returns as given, which the simulator does not act on: kept so that a client that
     * copies a pool (a blue-green candidate) can be checked for what it carried over.
     */
    static final Set<String> CARRIED_PROPERTIES = Set.of("networkConfiguration", "userAccounts", "mountConfiguration",
            "certificates", "applicationPackages", "applicationLicenses", "targetNodeCommunicationMode");

    /** Properties Batch changes only on an empty, steady pool, at 2024-07-01 or later (ignored by the simulator). */
    private static final Set<String> ZERO_SIZE_PROPERTIES = Set.of("networkConfiguration", "interNodeCommunication",
            "userAccounts", "mountConfiguration", "taskSchedulingPolicy", "upgradePolicy", "resourceTags");
    private static final Map<String, String> OPTION_BY_LOWER = Map.of("requeue", "Requeue", "terminate", "Terminate",
            "taskcompletion", "TaskCompletion", "retaineddata", "RetainedData");

    boolean changesDeployment() {
        return vmSize.isPresent() || image.isPresent() || nodeAgentSkuId.isPresent() || taskSlotsPerNode.isPresent()
                || !otherZeroSizeProperties.isEmpty();
    }

    static PoolRequest parse(JsonNode body, Instant now) {
        if (!body.isObject()) {
            throw BatchArmError.invalidBody("The request body must be a JSON object.", "", now);
        }
        Iterator<String> top = body.fieldNames();
        while (top.hasNext()) {
            String field = top.next();
            if (!Set.of("id", "name", "type", "etag", "properties", "identity", "tags").contains(field)) {
                throw BatchArmError.invalidBody("Could not find member '" + field + "' on object of type 'Pool'. Path '"
                        + field + "'.", field, now);
            }
        }
        JsonNode p = body.path("properties");
        List<String> zeroSize = new ArrayList<>();
        ZERO_SIZE_PROPERTIES.stream().filter(p::has).sorted().forEach(zeroSize::add);
        Optional<String> vmSize = Optional.ofNullable(BatchJson.text(p, "vmSize"));
        Optional<SimPool.ImageRef> image = Optional.empty();
        Optional<String> agent = Optional.empty();
        // The rest of the VM configuration, present (possibly empty) exactly when a deploymentConfiguration is sent:
        // Batch replaces the whole of it, so whatever the body leaves out is gone (see VmConfiguration).
        Optional<ObjectNode> vmSettings = Optional.empty();
        if (p.has("deploymentConfiguration")) {
            JsonNode deployment = p.get("deploymentConfiguration");
            if (deployment.has("cloudServiceConfiguration")) {
                throw BatchArmError.invalidValue("cloudServiceConfiguration",
                        "properties.deploymentConfiguration.cloudServiceConfiguration",
                        "Cloud Services Configuration pools are retired; use virtualMachineConfiguration.", now);
            }
            JsonNode vm = deployment.get("virtualMachineConfiguration");
            if (vm == null || !vm.isObject()) {
                throw BatchArmError.missing("virtualMachineConfiguration",
                        "properties.deploymentConfiguration.virtualMachineConfiguration", now);
            }
            vmSettings = Optional.of(VmConfiguration.settings(vm, now));
            image = Optional.of(imageReference(vm.get("imageReference"), now));
            agent = Optional.ofNullable(BatchJson.text(vm, "nodeAgentSkuId"));
            if (agent.isEmpty() || agent.get().isBlank()) {
                throw BatchArmError.missing("nodeAgentSkuId",
                        "properties.deploymentConfiguration.virtualMachineConfiguration.nodeAgentSkuId", now);
            }
        }
        Optional<ScaleTarget> scale = p.has("scaleSettings") ? Optional.of(scale(p.get("scaleSettings"), now)) : Optional.empty();
        Optional<List<Metadata>> metadata = p.has("metadata") ? Optional.of(metadata(p.get("metadata"), now)) : Optional.empty();
        Optional<ObjectNode> startTask = p.has("startTask") ? Optional.of(startTask(p.get("startTask"), now)) : Optional.empty();
        Optional<Integer> slots = Optional.empty();
        if (p.has("taskSlotsPerNode")) {
            int value = p.get("taskSlotsPerNode").asInt(0);
            if (value < 1 || value > 256) {
                throw BatchArmError.invalidValue("taskSlotsPerNode", "properties.taskSlotsPerNode",
                        "taskSlotsPerNode must be between 1 and 256.", now);
            }
            slots = Optional.of(value);
        }
        ObjectNode carried = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        CARRIED_PROPERTIES.stream().sorted().filter(p::has).forEach(name -> carried.set(name, p.get(name).deepCopy()));
        return new PoolRequest(vmSize, image, agent, scale, metadata, startTask, slots,
                Optional.ofNullable(BatchJson.text(p, "displayName")), zeroSize, carried, vmSettings);
    }

    private static SimPool.ImageRef imageReference(JsonNode ref, Instant now) {
        String path = "properties.deploymentConfiguration.virtualMachineConfiguration.imageReference";
        if (ref == null || !ref.isObject()) {
            throw BatchArmError.missing("imageReference", path, now);
        }
        String id = BatchJson.text(ref, "id");
        if (id != null) {
            if (ref.has("publisher") || ref.has("offer") || ref.has("sku")) {
                throw BatchArmError.invalidValue("imageReference", path,
                        "An image reference gives either an id or publisher/offer/sku, not both.", now);
            }
            if (SimArmId.read(id).filter(a -> a.is(SimArmId.GALLERY_IMAGE) || a.is(SimArmId.GALLERY_IMAGE_VERSION)).isEmpty()) {
                throw BatchArmError.invalidValue("id", path + ".id", "The image reference id '" + id
                        + "' is not an Azure Compute Gallery image definition or version id.", now);
            }
            return SimPool.ImageRef.gallery(id);
        }
        String publisher = BatchJson.text(ref, "publisher");
        String offer = BatchJson.text(ref, "offer");
        String sku = BatchJson.text(ref, "sku");
        if (publisher == null || offer == null || sku == null) {
            throw BatchArmError.missing(publisher == null ? "publisher" : offer == null ? "offer" : "sku", path, now);
        }
        return new SimPool.ImageRef(null, publisher, offer, sku, Optional.ofNullable(BatchJson.text(ref, "version")).orElse("latest"));
    }

    private static ScaleTarget scale(JsonNode settings, Instant now) {
        JsonNode fixed = settings.get("fixedScale");
        JsonNode auto = settings.get("autoScale");
        if (fixed != null && auto != null) {
            throw BatchArmError.invalidValue("scaleSettings", "properties.scaleSettings",
                    "fixedScale and autoScale are mutually exclusive.", now);
        }
        if (auto != null) {
            String formula = BatchJson.text(auto, "formula");
            if (formula == null || formula.isBlank()) {
                throw BatchArmError.missing("formula", "properties.scaleSettings.autoScale.formula", now);
            }
            Duration interval = duration(auto, "evaluationInterval", Timings.DEFAULT_AUTOSCALE_INTERVAL,
                    "properties.scaleSettings.autoScale.evaluationInterval", now);
            if (interval.compareTo(Duration.ofMinutes(5)) < 0 || interval.compareTo(Duration.ofHours(168)) > 0) {
                throw BatchArmError.invalidValue("evaluationInterval", "properties.scaleSettings.autoScale.evaluationInterval",
                        "The evaluation interval must be between 5 minutes and 168 hours.", now);
            }
            return new ScaleTarget.Auto(formula, interval, 0, 0);
        }
        if (fixed == null) {
            return new ScaleTarget.Fixed(0, 0, Timings.DEFAULT_RESIZE_TIMEOUT, "Requeue");
        }
        String path = "properties.scaleSettings.fixedScale";
        if (!fixed.has("targetDedicatedNodes") && !fixed.has("targetLowPriorityNodes")) {
            throw BatchArmError.missing("targetDedicatedNodes", path + ".targetDedicatedNodes", now);
        }
        int dedicated = target(fixed, "targetDedicatedNodes", now);
        int lowPriority = target(fixed, "targetLowPriorityNodes", now);
        Duration timeout = duration(fixed, "resizeTimeout", Timings.DEFAULT_RESIZE_TIMEOUT, path + ".resizeTimeout", now);
        if (timeout.compareTo(Timings.MIN_RESIZE_TIMEOUT) < 0) {
            throw BatchArmError.invalidValue("resizeTimeout", path + ".resizeTimeout",
                    "The specified resize timeout " + timeout + " is less than the minimum of 5 minutes.", now);
        }
        String option = "Requeue";
        String given = BatchJson.text(fixed, "nodeDeallocationOption");
        if (given != null) {
            option = OPTION_BY_LOWER.get(given.toLowerCase());
            if (option == null) {
                throw BatchArmError.invalidValue("nodeDeallocationOption", path + ".nodeDeallocationOption",
                        "'" + given + "' is not one of Requeue, Terminate, TaskCompletion, RetainedData.", now);
            }
        }
        return new ScaleTarget.Fixed(dedicated, lowPriority, timeout, option);
    }

    private static int target(JsonNode fixed, String field, Instant now) {
        JsonNode value = fixed.get(field);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.canConvertToInt() || value.asInt() < 0) {
            throw BatchArmError.invalidValue(field, "properties.scaleSettings.fixedScale." + field,
                    field + " must be a non-negative integer.", now);
        }
        return value.asInt();
    }

    private static Duration duration(JsonNode node, String field, Duration fallback, String path, Instant now) {
        String text = BatchJson.text(node, field);
        if (text == null) {
            return fallback;
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw BatchArmError.invalidValue(field, path, "'" + text + "' is not an ISO 8601 duration.", now);
        }
    }

    private static List<Metadata> metadata(JsonNode array, Instant now) {
        if (array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw BatchArmError.invalidValue("metadata", "properties.metadata", "metadata must be a list of name/value pairs.", now);
        }
        List<Metadata> items = new ArrayList<>();
        for (JsonNode item : array) {
            String name = BatchJson.text(item, "name");
            if (name == null || name.isEmpty()) {
                throw BatchArmError.invalidValue("name", "properties.metadata.name", "A metadata item has an empty name.", now);
            }
            String value = BatchJson.text(item, "value");
            if (value == null) {
                throw BatchArmError.missing("value", "properties.metadata.value", now);
            }
            items.add(new Metadata(name, value));
        }
        return items;
    }

    /** An empty object removes the start task in a PATCH (spec note); otherwise commandLine is required. */
    private static ObjectNode startTask(JsonNode task, Instant now) {
        if (!task.isObject()) {
            throw BatchArmError.invalidValue("startTask", "properties.startTask", "startTask must be an object.", now);
        }
        if (!task.isEmpty() && (BatchJson.text(task, "commandLine") == null || task.get("commandLine").asText().isBlank())) {
            throw BatchArmError.missing("commandLine", "properties.startTask.commandLine", now);
        }
        return ((ObjectNode) task).deepCopy();
    }
}
