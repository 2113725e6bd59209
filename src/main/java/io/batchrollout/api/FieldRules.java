package io.batchrollout.api;

import io.batchrollout.core.model.ArmId;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.policy.ImageRef;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules for single values of a createPool body, each answering what is wrong (empty when nothing is). Patterns
 * are ASCII-only: lookalike letters from other scripts never pass as Latin ones.
 */
final class FieldRules {
    /** {@code Standard_D2s_v3}, {@code Basic_A1}, and constrained-vCPU sizes such as {@code Standard_E4-2s_v3}. */
    static final Pattern VM_SIZE = Pattern.compile("^(?:[Ss]tandard|[Bb]asic)_[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*$");
    static final int MAX_VM_SIZE_LENGTH = 64;
    /** {@code batch.node.ubuntu 22.04}, {@code batch.node.windows amd64}, {@code batch.node.el 9}. */
    static final Pattern NODE_AGENT_SKU = Pattern.compile("^batch\\.node\\.[A-Za-z0-9]+(?:[ ._-][A-Za-z0-9]+)*$");
    static final int MAX_NODE_AGENT_SKU_LENGTH = 64;
    /** Compute Gallery names: letters, digits, '.' and '_', not starting or ending with '.'; up to 80. */
    static final Pattern GALLERY_NAME = Pattern.compile("^[A-Za-z0-9_](?:[A-Za-z0-9._]{0,78}[A-Za-z0-9_])?$");
    /** Image definition names: letters, digits, '.', '_' and '-', starting and ending with a letter or digit; up to 80. */
    static final Pattern IMAGE_NAME = Pattern.compile("^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,78}[A-Za-z0-9])?$");
    /** Gallery versions are Major.Minor.Patch, each a 32-bit integer. */
    static final Pattern VERSION_NAME = Pattern.compile("^(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})$");
    static final int MAX_ARM_ID_LENGTH = 1024;

    private FieldRules() {
    }

    static Optional<String> poolName(String name) {
        return PoolId.NAME.matcher(name).matches() ? Optional.empty()
                : Optional.of("must be 1 to 64 letters, digits, hyphens or underscores (Batch's rule for pool ids)");
    }

    static Optional<String> vmSize(String size) {
        return size.length() <= MAX_VM_SIZE_LENGTH && VM_SIZE.matcher(size).matches() ? Optional.empty()
                : Optional.of("must be an Azure VM size such as Standard_D2s_v3 (Standard_... or Basic_..., letters, digits, "
                + "'_' and '-', up to " + MAX_VM_SIZE_LENGTH + " characters)");
    }

    static Optional<String> nodeAgentSkuId(String sku) {
        return sku.length() <= MAX_NODE_AGENT_SKU_LENGTH && NODE_AGENT_SKU.matcher(sku).matches() ? Optional.empty()
                : Optional.of("must be a Batch node agent SKU id such as 'batch.node.ubuntu 22.04' or "
                + "'batch.node.windows amd64' (up to " + MAX_NODE_AGENT_SKU_LENGTH + " characters)");
    }

    /** What the image id means, or why it is refused: a definition (tracked) or a version (pinned) of a gallery. */
    sealed interface ImageCheck {
        record Valid(ImageRef image) implements ImageCheck {
        }

        record Refused(String detail) implements ImageCheck {
        }
    }

    static ImageCheck image(String text) {
        String form = "must be a Compute Gallery image definition id (…/providers/Microsoft.Compute/galleries/{gallery}"
                + "/images/{image}: tracks the latest version) or version id (…/images/{image}/versions/{Major.Minor.Patch}: pinned)";
        if (text.length() > MAX_ARM_ID_LENGTH || !text.equals(text.strip())) {
            return new ImageCheck.Refused(form);
        }
        ArmId id;
        try {
            id = ArmId.parse(text);
        } catch (IllegalArgumentException e) {
            return new ImageCheck.Refused(form + "; " + Texts.clip(e.getMessage()));
        }
        boolean version = id.isOfType(ImageVersionId.TYPE);
        if (!version && !id.isOfType(ImageDefinitionId.TYPE)) {
            return new ImageCheck.Refused(form + "; this is a " + Texts.clip(id.resourceType()) + " id");
        }
        if (!GALLERY_NAME.matcher(id.names().get(0)).matches()) {
            return new ImageCheck.Refused("names a gallery that cannot exist: gallery names are letters, digits, '.' and '_', up to 80");
        }
        if (!IMAGE_NAME.matcher(id.names().get(1)).matches()) {
            return new ImageCheck.Refused("names an image definition that cannot exist: letters, digits, '.', '_' and '-', up to 80");
        }
        if (version && !VERSION_NAME.matcher(id.names().get(2)).matches()) {
            return new ImageCheck.Refused("names a version that cannot exist: gallery versions are Major.Minor.Patch integers");
        }
        return new ImageCheck.Valid(ImageRef.parse(text));
    }
}
