package io.batchrollout.sim.batch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Renders accounts and pools as the Batch resource provider does (spec examples BatchAccountGet, PoolGet, PoolList
 * at 2024-07-01). Two details copied from Azure on purpose: fixedScale comes back without nodeDeallocationOption
 * (azure-rest-api-specs#20948; the option is in resizeOperationStatus), and resize errors are shown only once the
 * pool is Steady again. autoScaleRun follows the ARM model (AutoScaleRun, AutoScaleRunError): see {@link AutoscaleRuns}.
 */
final class ArmJson {
    private ArmJson() {
    }

    static ObjectNode account(SimAccount account, String authority) {
        ObjectNode body = BatchJson.object();
        body.put("id", account.armId()).put("name", account.name).put("type", "Microsoft.Batch/batchAccounts")
                .put("location", account.location);
        body.putObject("identity").put("type", "None");
        body.putObject("tags");
        ObjectNode p = body.putObject("properties");
        p.put("accountEndpoint", authority + "/batch/" + account.endpointName());
        p.put("nodeManagementEndpoint", account.endpointName() + ".service.batch.azure.com");
        p.put("provisioningState", "Succeeded");
        p.put("poolAllocationMode", account.poolAllocationMode);
        p.put("publicNetworkAccess", "Enabled");
        if (account.userSubscription()) {
            // Quotas are the subscription's in this mode: Batch returns none of the core quota properties, and the
            // account names the Key Vault that user subscription mode requires.
            p.putObject("keyVaultReference").put("id", "/subscriptions/" + account.subscriptionId + "/resourceGroups/"
                    + account.resourceGroup + "/providers/Microsoft.KeyVault/vaults/" + account.name + "-kv")
                    .put("url", "https://" + account.name + "-kv.vault.azure.net/");
        } else {
            p.put("dedicatedCoreQuota", account.dedicatedCoreQuota);
            if (account.listFamilyQuotas) {
                ArrayNode families = p.putArray("dedicatedCoreQuotaPerVMFamily");
                for (Map.Entry<String, Integer> family : account.familyQuota.entrySet()) {
                    families.addObject().put("name", family.getKey()).put("coreQuota", family.getValue());
                }
            }
            p.put("dedicatedCoreQuotaPerVMFamilyEnforced", account.familyQuotaEnforced);
            p.put("lowPriorityCoreQuota", account.lowPriorityCoreQuota);
        }
        p.put("poolQuota", account.poolQuota);
        p.put("activeJobAndJobScheduleQuota", account.activeJobAndJobScheduleQuota);
        p.putArray("allowedAuthenticationModes").add("AAD");
        return body;
    }

    static ObjectNode pool(SimPool pool) {
        ObjectNode body = BatchJson.object();
        body.put("id", pool.armId()).put("name", pool.name).put("type", "Microsoft.Batch/batchAccounts/pools")
                .put("etag", pool.etag);
        ObjectNode p = body.putObject("properties");
        if (pool.displayName != null) {
            p.put("displayName", pool.displayName);
        }
        BatchJson.putTime(p, "lastModified", pool.lastModified);
        BatchJson.putTime(p, "creationTime", pool.creationTime);
        p.put("provisioningState", pool.provisioningState);
        BatchJson.putTime(p, "provisioningStateTransitionTime", pool.provisioningStateTransitionTime);
        p.put("allocationState", pool.allocationState);
        BatchJson.putTime(p, "allocationStateTransitionTime", pool.allocationStateTransitionTime);
        p.put("vmSize", pool.vmSizeAsGiven);
        p.put("interNodeCommunication", pool.interNodeCommunication);
        p.put("taskSlotsPerNode", pool.taskSlotsPerNode);
        p.setAll(withoutSecrets(pool.carried));
        p.putObject("taskSchedulingPolicy").put("nodeFillType", "Spread");
        ObjectNode vm = p.putObject("deploymentConfiguration").putObject("virtualMachineConfiguration");
        ObjectNode image = vm.putObject("imageReference");
        if (pool.image.isGallery()) {
            image.put("id", pool.image.id());
        } else {
            image.put("publisher", pool.image.publisher()).put("offer", pool.image.offer())
                    .put("sku", pool.image.sku()).put("version", pool.image.version());
        }
        vm.put("nodeAgentSkuId", pool.nodeAgentSkuId);
        vm.setAll(VmConfiguration.withoutSecrets(pool.vmSettings));
        scale(p.putObject("scaleSettings"), pool);
        if (pool.scale instanceof ScaleTarget.Auto && pool.autoScaleRun != null) {
            p.set("autoScaleRun", autoScaleRun(pool.autoScaleRun));
        }
        ArrayNode metadata = p.putArray("metadata");
        for (Metadata m : pool.metadata) {
            metadata.addObject().put("name", m.name()).put("value", m.value());
        }
        if (pool.startTask != null && !pool.startTask.isEmpty()) {
            p.set("startTask", pool.startTask.deepCopy());
        }
        p.put("currentDedicatedNodes", pool.nodes(true));
        p.put("currentLowPriorityNodes", pool.nodes(false));
        if (pool.resize != null) {
            p.set("resizeOperationStatus", resize(pool));
        }
        return body;
    }

    private static void scale(ObjectNode settings, SimPool pool) {
        if (pool.scale instanceof ScaleTarget.Auto auto) {
            settings.putObject("autoScale").put("formula", auto.formula())
                    .put("evaluationInterval", auto.evaluationInterval().toString());
        } else {
            settings.putObject("fixedScale").put("targetDedicatedNodes", pool.scale.dedicated())
                    .put("targetLowPriorityNodes", pool.scale.lowPriority())
                    .put("resizeTimeout", pool.scale.resizeTimeout().toString());
        }
    }

    /** ARM's AutoScaleRun: evaluationTime, results, and error {code, message, details[{code, message}]} on failure. */
    private static ObjectNode autoScaleRun(AutoscaleRuns.Run run) {
        ObjectNode node = BatchJson.object();
        BatchJson.putTime(node, "evaluationTime", run.evaluationTime());
        node.put("results", run.results());
        if (run.error() != null) {
            ObjectNode error = node.putObject("error").put("code", run.error().code()).put("message", run.error().message());
            ArrayNode details = error.putArray("details");
            run.error().details().forEach(d -> details.addObject().put("code", "Message").put("message", d));
        }
        return node;
    }

    private static ObjectNode resize(SimPool pool) {
        ResizeOperation op = pool.resize;
        ObjectNode status = BatchJson.object();
        status.put("targetDedicatedNodes", op.targetDedicated).put("targetLowPriorityNodes", op.targetLowPriority)
                .put("nodeDeallocationOption", op.nodeDeallocationOption).put("resizeTimeout", op.resizeTimeout.toString());
        BatchJson.putTime(status, "startTime", op.startTime);
        if (pool.steady() && !op.errors.isEmpty()) {
            ArrayNode errors = status.putArray("errors");
            op.errors.forEach(e -> errors.add(error(e)));
        }
        return status;
    }

    private static ObjectNode error(ResizeOperation.ResizeError error) {
        ObjectNode node = BatchJson.object().put("code", error.code()).put("message", error.message());
        if (!error.details().isEmpty()) {
            ArrayNode details = node.putArray("details");
            error.details().forEach(d -> details.add(error(d)));
        }
        return node;
    }

    /** Batch never returns secrets it was given: user account passwords, mount keys and passwords. */
    private static ObjectNode withoutSecrets(ObjectNode carried) {
        ObjectNode copy = carried.deepCopy();
        copy.path("userAccounts").forEach(account -> ((ObjectNode) account).remove("password"));
        copy.path("mountConfiguration").forEach(mount -> mount.fields().forEachRemaining(kind -> {
            if (kind.getValue() instanceof ObjectNode config) {
                config.remove(java.util.List.of("accountKey", "password", "sasKey"));
            }
        }));
        return copy;
    }
}
