package io.batchrollout.azure;

import com.azure.core.util.Context;
import com.azure.resourcemanager.resources.fluent.ResourceManagementClient;
import com.azure.resourcemanager.resources.fluent.models.ProviderInner;
import io.batchrollout.port.ResourceProviders;
import java.util.function.Function;

/**
 * Reads resource provider registration through the Resources service client of the subscription
 * ({@code GET /subscriptions/{s}/providers/{namespace}}, operation Providers_Get; azure-resourcemanager-resources 2.53.2
 * sends api-version 2025-04-01). A namespace ARM does not know is a 404 InvalidResourceNamespace, surfaced as
 * {@link io.batchrollout.port.AzureCallException.NotFound}; it never happens for Microsoft.Batch.
 */
final class ResourceProvidersAdapter implements ResourceProviders {
    private final Function<String, ResourceManagementClient> clientForSubscription;

    ResourceProvidersAdapter(Function<String, ResourceManagementClient> clientForSubscription) {
        this.clientForSubscription = clientForSubscription;
    }

    @Override
    public String registrationState(String subscriptionId, String providerNamespace) {
        ProviderInner provider = AzureErrors.call("read registration of " + providerNamespace + " in subscription "
                + subscriptionId, () -> clientForSubscription.apply(subscriptionId).getProviders()
                .getWithResponse(providerNamespace, null, Context.NONE).getValue());
        // ARM always reports a state; an answer without one is treated as not registered rather than trusted.
        return provider == null || provider.registrationState() == null ? "Unknown" : provider.registrationState();
    }
}
