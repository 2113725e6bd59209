package io.batchrollout.port;

/** Resource provider registration in a subscription, read through ARM. */
public interface ResourceProviders {

    /** ARM's registrationState for the namespace in the subscription: Registered, NotRegistered, Registering... */
    String registrationState(String subscriptionId, String providerNamespace);
}
