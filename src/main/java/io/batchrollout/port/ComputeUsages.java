package io.batchrollout.port;

import io.batchrollout.core.model.ComputeUsage;
import java.util.List;

/**
 * A subscription's Compute usage and limits in a region (GET .../providers/Microsoft.Compute/locations/{location}/usages,
 * every page): the quotas that bind Batch pools of accounts in UserSubscription pool allocation mode.
 */
public interface ComputeUsages {

    List<ComputeUsage> regionalUsages(String subscriptionId, String location);
}
