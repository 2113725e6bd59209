package io.batchrollout.sim.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A pool's virtualMachineConfiguration besides imageReference and nodeAgentSkuId, checked against the definitions of
 * the management spec 2024-07-01 (VirtualMachineConfiguration, DataDisk, ContainerConfiguration, VMExtension, OSDisk,
 * ManagedDisk, SecurityProfile, NodePlacementConfiguration, DiskEncryptionConfiguration, WindowsConfiguration,
 * ServiceArtifactReference) and kept as sent. The simulator builds no different node from any of it; it is stored and
 * returned so that a client rewriting the deploymentConfiguration (an image change) can be caught dropping it.
 * Enums are matched ignoring case, the way Batch reads them; members the spec does not define are refused.
 */
final class VmConfiguration {
    /** Every member of VirtualMachineConfiguration at 2024-07-01. */
    static final Set<String> MEMBERS = Set.of("imageReference", "nodeAgentSkuId", "windowsConfiguration", "dataDisks",
            "licenseType", "containerConfiguration", "diskEncryptionConfiguration", "nodePlacementConfiguration",
            "extensions", "osDisk", "securityProfile", "serviceArtifactReference");
    private static final String PATH = "properties.deploymentConfiguration.virtualMachineConfiguration";
    private static final List<String> CACHING = List.of("None", "ReadOnly", "ReadWrite");
    private static final List<String> STORAGE = List.of("Standard_LRS", "Premium_LRS", "StandardSSD_LRS");

    private VmConfiguration() {
    }

    /** The members other than imageReference and nodeAgentSkuId, validated; an empty object when there are none. */
    static ObjectNode settings(JsonNode vm, Instant now) {
        ObjectNode settings = JsonNodeFactory.instance.objectNode();
        Iterator<String> names = vm.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!MEMBERS.contains(name)) {
                throw BatchArmError.invalidBody("Could not find member '" + name + "' on object of type "
                        + "'VirtualMachineConfiguration'. Path '" + PATH + "." + name + "'.", PATH + "." + name, now);
            }
            if (!name.equals("imageReference") && !name.equals("nodeAgentSkuId") && !vm.get(name).isNull()) {
                settings.set(name, vm.get(name).deepCopy());
            }
        }
        dataDisks(settings.get("dataDisks"), now);
        containerConfiguration(settings.get("containerConfiguration"), now);
        extensions(settings.get("extensions"), now);
        osDisk(settings.get("osDisk"), now);
        JsonNode security = settings.get("securityProfile");
        if (security != null) {
            object(security, "securityProfile", now);
            oneOf(security, "securityType", PATH + ".securityProfile", List.of("trustedLaunch", "confidentialVM"), now);
        }
        JsonNode placement = settings.get("nodePlacementConfiguration");
        if (placement != null) {
            object(placement, "nodePlacementConfiguration", now);
            oneOf(placement, "policy", PATH + ".nodePlacementConfiguration", List.of("Regional", "Zonal"), now);
        }
        JsonNode encryption = settings.get("diskEncryptionConfiguration");
        if (encryption != null) {
            object(encryption, "diskEncryptionConfiguration", now);
            for (JsonNode target : encryption.path("targets")) {
                if (match(target.asText(), List.of("OsDisk", "TemporaryDisk")) == null) {
                    throw invalid("targets", PATH + ".diskEncryptionConfiguration.targets", "'" + target.asText()
                            + "' is not one of OsDisk, TemporaryDisk.", now);
                }
            }
        }
        if (settings.has("windowsConfiguration")) {
            object(settings.get("windowsConfiguration"), "windowsConfiguration", now);
        }
        JsonNode artifact = settings.get("serviceArtifactReference");
        if (artifact != null && (BatchJson.text(artifact, "id") == null || artifact.get("id").asText().isBlank())) {
            throw BatchArmError.missing("id", PATH + ".serviceArtifactReference.id", now);
        }
        return settings;
    }

    /** DataDisk: lun 0-63 and distinct, diskSizeGB required and positive, caching and storageAccountType from the enums. */
    private static void dataDisks(JsonNode disks, Instant now) {
        if (disks == null) {
            return;
        }
        String path = PATH + ".dataDisks";
        if (!disks.isArray()) {
            throw invalid("dataDisks", path, "dataDisks must be a list.", now);
        }
        Set<Integer> luns = new HashSet<>();
        for (JsonNode disk : disks) {
            object(disk, "dataDisks", now);
            int lun = integer(disk, "lun", path + ".lun", now);
            if (lun < 0 || lun > 63) {
                throw invalid("lun", path + ".lun", "The lun must be between 0 and 63, inclusive.", now);
            }
            if (!luns.add(lun)) {
                throw invalid("lun", path + ".lun", "Each data disk needs a distinct lun; " + lun + " is used twice.", now);
            }
            if (integer(disk, "diskSizeGB", path + ".diskSizeGB", now) < 1) {
                throw invalid("diskSizeGB", path + ".diskSizeGB", "diskSizeGB must be a positive number of GB.", now);
            }
            oneOf(disk, "caching", path, CACHING, now);
            oneOf(disk, "storageAccountType", path, STORAGE, now);
        }
    }

    /** ContainerConfiguration: type required, DockerCompatible or CriCompatible. */
    private static void containerConfiguration(JsonNode config, Instant now) {
        if (config == null) {
            return;
        }
        object(config, "containerConfiguration", now);
        String path = PATH + ".containerConfiguration";
        if (BatchJson.text(config, "type") == null) {
            throw BatchArmError.missing("type", path + ".type", now);
        }
        oneOf(config, "type", path, List.of("DockerCompatible", "CriCompatible"), now);
    }

    /** VMExtension: name, publisher and type required. */
    private static void extensions(JsonNode extensions, Instant now) {
        if (extensions == null) {
            return;
        }
        String path = PATH + ".extensions";
        if (!extensions.isArray()) {
            throw invalid("extensions", path, "extensions must be a list.", now);
        }
        for (JsonNode extension : extensions) {
            object(extension, "extensions", now);
            for (String required : List.of("name", "publisher", "type")) {
                if (BatchJson.text(extension, required) == null || extension.get(required).asText().isBlank()) {
                    throw BatchArmError.missing(required, path + "." + required, now);
                }
            }
        }
    }

    /** OSDisk: caching, managedDisk.storageAccountType, ephemeralOSDiskSettings.placement from their enums. */
    private static void osDisk(JsonNode disk, Instant now) {
        if (disk == null) {
            return;
        }
        object(disk, "osDisk", now);
        String path = PATH + ".osDisk";
        oneOf(disk, "caching", path, CACHING, now);
        if (disk.has("diskSizeGB") && integer(disk, "diskSizeGB", path + ".diskSizeGB", now) < 1) {
            throw invalid("diskSizeGB", path + ".diskSizeGB", "diskSizeGB must be a positive number of GB.", now);
        }
        if (disk.has("managedDisk")) {
            object(disk.get("managedDisk"), "managedDisk", now);
            oneOf(disk.get("managedDisk"), "storageAccountType", path + ".managedDisk", STORAGE, now);
        }
        if (disk.has("ephemeralOSDiskSettings")) {
            object(disk.get("ephemeralOSDiskSettings"), "ephemeralOSDiskSettings", now);
            oneOf(disk.get("ephemeralOSDiskSettings"), "placement", path + ".ephemeralOSDiskSettings", List.of("CacheDisk"), now);
        }
    }

    private static void object(JsonNode node, String name, Instant now) {
        if (!node.isObject()) {
            throw invalid(name, PATH + "." + name, name + " must be an object.", now);
        }
    }

    private static int integer(JsonNode node, String field, String path, Instant now) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw BatchArmError.missing(field, path, now);
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw invalid(field, path, field + " must be an integer.", now);
        }
        return value.asInt();
    }

    /** An optional enum member: absent is fine, anything else must be one of {@code allowed} (ignoring case). */
    private static void oneOf(JsonNode node, String field, String path, List<String> allowed, Instant now) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isTextual() || match(value.asText(), allowed) == null) {
            throw invalid(field, path + "." + field, "'" + value.asText() + "' is not one of "
                    + String.join(", ", allowed) + ".", now);
        }
    }

    private static String match(String value, List<String> allowed) {
        return allowed.stream().filter(a -> a.equalsIgnoreCase(value)).findFirst().orElse(null);
    }

    private static BatchArmError invalid(String name, String path, String reason, Instant now) {
        return BatchArmError.invalidValue(name, path, reason, now);
    }

    /** Batch never returns secrets: a container registry's password, an extension's protectedSettings. */
    static ObjectNode withoutSecrets(ObjectNode settings) {
        ObjectNode copy = settings.deepCopy();
        copy.path("containerConfiguration").path("containerRegistries")
                .forEach(registry -> ((ObjectNode) registry).remove("password"));
        copy.path("extensions").forEach(extension -> ((ObjectNode) extension).remove("protectedSettings"));
        return copy;
    }
}
