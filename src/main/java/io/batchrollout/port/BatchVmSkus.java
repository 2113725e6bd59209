package io.batchrollout.port;

import io.batchrollout.core.model.VmSku;
import java.util.List;

/**
 * The VM sizes Batch supports for virtual machine pools in a region of a subscription
 * (GET .../providers/Microsoft.Batch/locations/{location}/virtualMachineSkus, every page). A size not listed is one
 * Batch will not create there.
 */
public interface BatchVmSkus {

    List<VmSku> supportedVmSkus(String subscriptionId, String location);
}
