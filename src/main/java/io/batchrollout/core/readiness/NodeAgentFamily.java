package io.batchrollout.core.readiness;

import io.batchrollout.core.model.ImageDefinition;
import java.util.Locale;

/**
 * The OS family a Batch node agent SKU is built for. Batch names every Windows agent {@code batch.node.windows ...}
 * ({@code batch.node.windows amd64}); every other agent ({@code batch.node.ubuntu 22.04}, {@code batch.node.el 9},
 * {@code batch.node.debian 12}...) runs Linux.
 */
public enum NodeAgentFamily {
    LINUX(ImageDefinition.OsType.LINUX),
    WINDOWS(ImageDefinition.OsType.WINDOWS);

    private static final String WINDOWS_PREFIX = "batch.node.windows";

    private final ImageDefinition.OsType osType;

    NodeAgentFamily(ImageDefinition.OsType osType) {
        this.osType = osType;
    }

    /** Case-insensitive, as Batch compares SKU ids. */
    public static NodeAgentFamily of(String nodeAgentSkuId) {
        if (nodeAgentSkuId == null || nodeAgentSkuId.isBlank()) {
            throw new IllegalArgumentException("a node agent SKU id is required, e.g. 'batch.node.ubuntu 22.04'");
        }
        return nodeAgentSkuId.strip().toLowerCase(Locale.ROOT).startsWith(WINDOWS_PREFIX) ? WINDOWS : LINUX;
    }

    /** The image osType this agent runs on. */
    public ImageDefinition.OsType osType() {
        return osType;
    }

    public boolean runs(ImageDefinition.OsType imageOsType) {
        return osType == imageOsType;
    }
}
