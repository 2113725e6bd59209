package io.batchrollout.sim.resources;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.sim.Router;
import io.batchrollout.sim.SimException;
import io.batchrollout.sim.SimRequest;
import io.batchrollout.sim.SimResponse;
import io.batchrollout.sim.SimState;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Resource Manager's own resource provider registrations ({@code GET /subscriptions/{s}/providers/{namespace}},
 * operation Providers_Get), state per subscription. Microsoft.Batch is Registered in every subscription that holds a
 * simulated Batch account (creating an account registers it); any namespace is Registered where a test registered
 * it, and NotRegistered otherwise. Answers in the shape of the REST spec's GetProvider example.
 */
public final class ResourcesSimulation {
    private static final String PROVIDER = "/subscriptions/{subscriptionId}/providers/{resourceProviderNamespace}";
    private static final Pattern GUID = Pattern.compile("^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$");
    private static final Pattern API_VERSION_FORM = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}(-preview)?$");
    /** Microsoft.Resources api-versions the simulator routes; the served SDK (resources 2.53.2) sends 2025-04-01. */
    static final List<String> API_VERSIONS = List.of("2016-09-01", "2018-05-01", "2019-05-01", "2019-10-01",
            "2020-06-01", "2021-04-01", "2022-09-01", "2024-03-01", "2025-04-01");
    private static final Set<String> STATES = Set.of("NotRegistered", "Registering", "Registered", "Unregistering");

    private final SimState state;
    private final Predicate<String> hasBatchAccount;
    /** subscription/namespace (lower case) to the state a test set; absent means derived from the resources held. */
    private final Map<String, String> seeded = new HashMap<>();

    /** @param hasBatchAccount whether the simulator holds a Batch account in a subscription */
    public ResourcesSimulation(SimState state, Router router, Predicate<String> hasBatchAccount) {
        this.state = state;
        this.hasBatchAccount = hasBatchAccount;
        router.add("GET", PROVIDER, "Providers_Get", this::get);
    }

    /** As {@code az provider register}; the simulator skips Registering and answers Registered at once. */
    public void registerProvider(String subscriptionId, String namespace) {
        setRegistrationState(subscriptionId, namespace, "Registered");
    }

    /**
     * As {@code az provider unregister}, settled. Refused where the subscription still holds Batch accounts: Azure
     * does not unregister a provider whose resources remain.
     */
    public void unregisterProvider(String subscriptionId, String namespace) {
        setRegistrationState(subscriptionId, namespace, "NotRegistered");
    }

    /** For in-between states: NotRegistered, Registering, Registered or Unregistering. */
    public void setRegistrationState(String subscriptionId, String namespace, String registrationState) {
        ProviderCatalog.Provider provider = ProviderCatalog.find(namespace)
                .orElseThrow(() -> new IllegalArgumentException("the simulator knows no namespace " + namespace));
        if (!STATES.contains(registrationState)) {
            throw new IllegalArgumentException(registrationState + " is not a registration state; one of " + STATES);
        }
        state.write(() -> {
            if (!"Registered".equals(registrationState) && provider.namespace().equals(ProviderCatalog.BATCH)
                    && hasBatchAccount.test(subscriptionId)) {
                throw new IllegalStateException("subscription " + subscriptionId + " holds Batch accounts: "
                        + ProviderCatalog.BATCH + " cannot be unregistered there");
            }
            seeded.put(key(subscriptionId, provider.namespace()), registrationState);
            return null;
        });
    }

    public String registrationState(String subscriptionId, String namespace) {
        ProviderCatalog.Provider provider = ProviderCatalog.find(namespace)
                .orElseThrow(() -> new IllegalArgumentException("the simulator knows no namespace " + namespace));
        return state.read(() -> stateOf(subscriptionId, provider));
    }

    private SimResponse get(SimRequest request) {
        String subscriptionId = request.param("subscriptionId");
        if (!GUID.matcher(subscriptionId).matches()) {
            throw SimException.badRequest("InvalidSubscriptionId",
                    "The provided subscription identifier '" + subscriptionId + "' is malformed or invalid.");
        }
        requireApiVersion(request.apiVersion());
        String namespace = request.param("resourceProviderNamespace");
        ProviderCatalog.Provider provider = ProviderCatalog.find(namespace).orElseThrow(() ->
                new SimException(404, "InvalidResourceNamespace", "The resource namespace '" + namespace + "' is invalid."));
        return state.read(() -> SimResponse.ok(json(subscriptionId, provider, stateOf(subscriptionId, provider))));
    }

    /** Under the state lock. */
    private String stateOf(String subscriptionId, ProviderCatalog.Provider provider) {
        String set = seeded.get(key(subscriptionId, provider.namespace()));
        if (set != null) {
            return set;
        }
        boolean batchHere = provider.namespace().equals(ProviderCatalog.BATCH) && hasBatchAccount.test(subscriptionId);
        return batchHere ? "Registered" : "NotRegistered";
    }

    private static void requireApiVersion(String apiVersion) {
        if (!API_VERSION_FORM.matcher(apiVersion).matches() || !API_VERSIONS.contains(apiVersion)) {
            throw SimException.badRequest("InvalidApiVersionParameter", "The api-version '" + apiVersion
                    + "' is invalid. The supported versions are '" + String.join(",", API_VERSIONS) + "'.");
        }
    }

    private static ObjectNode json(String subscriptionId, ProviderCatalog.Provider provider, String registrationState) {
        ObjectNode body = JsonNodeFactory.instance.objectNode()
                .put("id", "/subscriptions/" + subscriptionId + "/providers/" + provider.namespace())
                .put("namespace", provider.namespace())
                .put("registrationState", registrationState)
                .put("registrationPolicy", "RegistrationRequired");
        ArrayNode types = body.putArray("resourceTypes");
        for (ProviderCatalog.ResourceType type : provider.resourceTypes()) {
            ObjectNode item = types.addObject().put("resourceType", type.resourceType());
            type.locations().forEach(item.putArray("locations")::add);
            type.apiVersions().forEach(item.putArray("apiVersions")::add);
        }
        return body;
    }

    private static String key(String subscriptionId, String namespace) {
        return (subscriptionId + "/" + namespace).toLowerCase(Locale.ROOT);
    }
}
