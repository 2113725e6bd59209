package io.batchrollout.core.readiness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.batchrollout.core.model.ImageDefinition;
import org.junit.jupiter.api.Test;

class NodeAgentFamilyTest {

    @Test
    void windowsAgentsAreRecognisedWhateverTheirCase() {
        assertEquals(NodeAgentFamily.WINDOWS, NodeAgentFamily.of("batch.node.windows amd64"));
        assertEquals(NodeAgentFamily.WINDOWS, NodeAgentFamily.of("Batch.Node.Windows amd64"));
        assertEquals(ImageDefinition.OsType.WINDOWS, NodeAgentFamily.of("batch.node.windows amd64").osType());
    }

    @Test
    void everyOtherAgentIsLinux() {
        for (String sku : new String[] {"batch.node.ubuntu 22.04", "batch.node.el 9", "batch.node.debian 12",
                "batch.node.centos 7", "BATCH.NODE.UBUNTU 20.04"}) {
            assertEquals(NodeAgentFamily.LINUX, NodeAgentFamily.of(sku), sku);
        }
    }

    @Test
    void missingAgentIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> NodeAgentFamily.of(" "));
        assertThrows(IllegalArgumentException.class, () -> NodeAgentFamily.of(null));
    }
}
