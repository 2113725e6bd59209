package io.batchrollout.core.readiness;

import io.batchrollout.port.ResourceProviders;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether Batch may read a gallery in another subscription, read through ARM. A Registered answer is remembered for
 * the life of this object (registration is rarely undone, and a read per pool create would eat the create path's read
 * budget); any other answer is read again next time, so registering the provider takes effect without a restart.
 */
final class BatchProviderRegistrations {
    private static final String REGISTERED = "Registered";

    private final ResourceProviders providers;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    BatchProviderRegistrations(ResourceProviders providers) {
        this.providers = providers;
    }

    /** No read when both are in one subscription or the gallery's subscription is known Registered; one read otherwise. */
    ProviderRegistration check(String gallerySubscriptionId, String accountSubscriptionId) {
        if (gallerySubscriptionId.equalsIgnoreCase(accountSubscriptionId)) {
            return new ProviderRegistration.SameSubscription();
        }
        String key = gallerySubscriptionId.toLowerCase(Locale.ROOT);
        if (registered.contains(key)) {
            return new ProviderRegistration.Registered(gallerySubscriptionId);
        }
        String state = providers.registrationState(gallerySubscriptionId, Reasons.BATCH_NAMESPACE);
        if (REGISTERED.equalsIgnoreCase(state)) {
            registered.add(key);
            return new ProviderRegistration.Registered(gallerySubscriptionId);
        }
        return new ProviderRegistration.NotRegistered(gallerySubscriptionId, state == null || state.isBlank() ? "Unknown" : state);
    }
}
