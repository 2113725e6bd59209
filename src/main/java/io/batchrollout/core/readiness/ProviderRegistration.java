package io.batchrollout.core.readiness;

/**
 * Whether Batch may read a gallery in another subscription: it needs the Microsoft.Batch resource provider
 * registered there (same tenant). Not needed when gallery and Batch account share a subscription.
 */
public sealed interface ProviderRegistration {

    record SameSubscription() implements ProviderRegistration {
    }

    record Registered(String subscriptionId) implements ProviderRegistration {
    }

    /** {@code state} as ARM reports it: NotRegistered, Registering, Unregistered, Unregistering... */
    record NotRegistered(String subscriptionId, String state) implements ProviderRegistration {
    }
}
