package io.batchrollout.sim.batch;

/**
 * A subscription's regional Compute quotas as Batch meets them when it allocates the VMs of a UserSubscription-mode
 * account: the limit of a usage counter ("cores", "lowPriorityCores", a VM family such as "standardDSv3Family") and
 * the vCPUs already used there by VMs that are not Batch nodes of the simulator (the baseline). Implemented by the
 * simulator's Compute part.
 */
public interface SubscriptionQuotas {
    /** No quota known: every allocation of a UserSubscription-mode account fails, as with a limit of 0. */
    SubscriptionQuotas NONE = new SubscriptionQuotas() {
        @Override
        public long limit(String subscriptionId, String region, String counter) {
            return 0;
        }

        @Override
        public long baseline(String subscriptionId, String region, String counter) {
            return 0;
        }
    };

    long limit(String subscriptionId, String region, String counter);

    long baseline(String subscriptionId, String region, String counter);
}
