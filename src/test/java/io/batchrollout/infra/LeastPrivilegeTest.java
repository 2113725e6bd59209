package io.batchrollout.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.batchrollout.contract.RolloutFlows;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.port.RolloutNotifications;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The app identity's roles, derived from what the app sends. The app's flows (create, in-place and blue-green rollouts,
 * plus the quota and provider reads) run against the simulated Azure; every operation they send maps through
 * {@link #NEEDS} to the permissions it needs and where; the template must grant exactly those, nothing more. A new
 * adapter call, or a new simulator route, fails here until it is given its permission (or declared test-only).
 */
class LeastPrivilegeTest {

    /** Where a permission is granted. */
    enum Scope { ACCOUNT, ACCOUNT_SUBSCRIPTION, GALLERY, GALLERY_SUBSCRIPTION, POOL_IDENTITY, POOL_SUBNET, NOTIFICATION_TOPIC }

    /** An ARM action ({@code dataAction} false) or data action, granted at a scope. */
    record Grant(String permission, boolean dataAction, Scope scope) {
        @Override
        public String toString() {
            return (dataAction ? "dataAction " : "action ") + permission + " @" + scope;
        }
    }

    private static Grant action(String permission, Scope scope) {
        return new Grant(permission, false, scope);
    }

    private static Grant data(String permission, Scope scope) {
        return new Grant(permission, true, scope);
    }

    private static final Grant ACCOUNT_READ = action("Microsoft.Batch/batchAccounts/read", Scope.ACCOUNT);
    private static final Grant POOLS_READ = action("Microsoft.Batch/batchAccounts/pools/read", Scope.ACCOUNT);
    private static final Grant POOLS_WRITE = action("Microsoft.Batch/batchAccounts/pools/write", Scope.ACCOUNT);
    private static final Grant JOBS_READ = data("Microsoft.Batch/batchAccounts/jobs/read", Scope.ACCOUNT);
    private static final Grant JOBS_WRITE = data("Microsoft.Batch/batchAccounts/jobs/write", Scope.ACCOUNT);
    /** Granted only when the galleryWrites parameter is true (replica remediation, gated promotion). */
    private static final Grant VERSIONS_WRITE = action("Microsoft.Compute/galleries/images/versions/write", Scope.GALLERY);

    /**
     * Operation (the simulator's name, the spec's operationId) to what it needs. Sources: INFRA-FACTS.md §4 (Microsoft
     * Learn's permission list and Batch RBAC page). Data-plane node reads need only the pools/read action (Batch lists
     * no pool data actions); Batch's POST job actions are taken to need jobs/write. Pool_Create names a gallery
     * version, and Batch builds the nodes from it with the caller's rights (disks/beginGetAccess on the gallery); a
     * blue-green copy of a pool with user-assigned identities or a subnet also assigns or joins them.
     */
    static final Map<String, List<Grant>> NEEDS = Map.ofEntries(
            Map.entry("BatchAccount_Get", List.of(ACCOUNT_READ)),
            Map.entry("Pool_ListByBatchAccount", List.of(POOLS_READ)),
            Map.entry("Pool_Get", List.of(POOLS_READ)),
            Map.entry("Pool_Create", List.of(POOLS_WRITE,
                    action("Microsoft.Compute/disks/beginGetAccess/action", Scope.GALLERY),
                    action("Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action", Scope.POOL_IDENTITY),
                    action("Microsoft.Network/virtualNetworks/subnets/join/action", Scope.POOL_SUBNET))),
            Map.entry("Pool_Update", List.of(POOLS_WRITE)),
            Map.entry("Pool_Delete", List.of(action("Microsoft.Batch/batchAccounts/pools/delete", Scope.ACCOUNT))),
            Map.entry("Account_ListPoolNodeCounts", List.of(POOLS_READ)),
            Map.entry("ComputeNode_List", List.of(POOLS_READ)),
            Map.entry("Job_List", List.of(JOBS_READ)),
            Map.entry("Job_GetTaskCounts", List.of(JOBS_READ)),
            Map.entry("Job_Disable", List.of(JOBS_WRITE)),
            Map.entry("Job_Patch", List.of(JOBS_WRITE)),
            Map.entry("Job_Enable", List.of(JOBS_WRITE)),
            Map.entry("GalleryImages_Get", List.of(action("Microsoft.Compute/galleries/images/read", Scope.GALLERY))),
            Map.entry("GalleryImageVersions_ListByGalleryImage",
                    List.of(action("Microsoft.Compute/galleries/images/versions/read", Scope.GALLERY))),
            Map.entry("GalleryImageVersions_Get", List.of(action("Microsoft.Compute/galleries/images/versions/read", Scope.GALLERY))),
            Map.entry("GalleryImageVersions_Update", List.of(VERSIONS_WRITE)),
            Map.entry("Location_ListSupportedVirtualMachineSkus",
                    List.of(action("Microsoft.Batch/locations/virtualMachineSkus/read", Scope.ACCOUNT_SUBSCRIPTION))),
            Map.entry("Usage_List", List.of(action("Microsoft.Compute/locations/usages/read", Scope.ACCOUNT_SUBSCRIPTION))),
            Map.entry("Providers_Get", List.of(action("Microsoft.Resources/subscriptions/providers/read", Scope.GALLERY_SUBSCRIPTION))),
            // Microsoft Learn (Event Grid, authenticate with Entra ID): publishing needs this data action on the topic.
            Map.entry("PublishCloudEventEvents", List.of(data("Microsoft.EventGrid/events/send/action", Scope.NOTIFICATION_TOPIC))));

    /**
     * Azure operations the simulator routes that the app never sends: tests use them to build the simulated world
     * (galleries, definitions, versions) or to look at it. The flows below prove the app sends none of them.
     */
    static final Set<String> TEST_ONLY = Set.of("Galleries_ListByResourceGroup", "Galleries_CreateOrUpdate", "Galleries_Get",
            "GalleryImages_ListByGallery", "GalleryImages_CreateOrUpdate", "GalleryImageVersions_CreateOrUpdate",
            "GalleryImageVersions_Delete", "GalleryOperationStatus_Get", "Job_Get", "Pool_DeleteOperationResult");

    /**
     * Built-in roles on the app's own resources: the host's (INFRA-FACTS.md §2: storage blob owner, metrics publisher)
     * and the notification topic's sender.
     */
    /**
     * EventGrid Data Sender: the one built-in role the app's own calls need, on the notification topic the template
     * creates (its data action is what publishing needs; its reads are of that topic alone).
     */
    static final String EVENT_GRID_DATA_SENDER = "d5a91429-5739-47e2-a06b-3470a27159e7";

    static final Set<String> BUILT_IN_ROLES = Set.of("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "3913510d-42f4-4e42-8a64-420c390055eb",
            EVENT_GRID_DATA_SENDER);

    private static RolloutFlows flows;
    private static Set<String> routed;
    private static Set<String> sent;

    @BeforeAll
    static void runTheAppsFlows() {
        flows = new RolloutFlows();
        ImageDefinitionId inPlace = flows.definition("inplace-image");
        flows.createPool("inplace", inPlace, 2, RolloutStrategy.IN_PLACE);
        flows.addVersion(inPlace, "2.0.0");
        assertTrue(flows.passUntil(inPlace, () -> flows.find("inplace")
                .filter(p -> p.imageReferenceId().endsWith("/versions/2.0.0") && "Steady".equals(p.allocationState())
                        && p.currentDedicatedNodes() == 2).isPresent(), 90), "in-place rollout finished");

        ImageDefinitionId blueGreen = flows.definition("bluegreen-image");
        flows.createPool("bluegreen", blueGreen, 2, RolloutStrategy.BLUE_GREEN);
        flows.addJob("render", "bluegreen", 3, Duration.ofMinutes(5));
        flows.sim.advance(Duration.ofMinutes(1));
        flows.addVersion(blueGreen, "2.0.0");
        assertTrue(flows.passUntil(blueGreen, () -> flows.find("bluegreen").isEmpty(), 150), "blue-green rollout finished");

        // Reads the flows above do not reach: a UserSubscription account's regional quotas, and Microsoft.Batch's
        // registration in a gallery subscription other than the account's (both through the app's adapters).
        flows.clients.usages().regionalUsages(RolloutFlows.SUB, "northeurope");
        flows.clients.providers().registrationState(RolloutFlows.SUB, "Microsoft.Batch");
        // Port methods the flows above happen not to call, called through the app's adapters as the core would: the
        // nodes of a pool (a pool tracking its image definition), a job's task counts.
        io.batchrollout.core.model.BatchAccount account = flows.clients.pools().account(RolloutFlows.ACCOUNT);
        flows.addJob("probe", "inplace", 1, Duration.ofMinutes(1));
        flows.clients.nodes().nodes(account, "inplace");
        flows.clients.jobs().taskCounts(account, "probe");
        // The gallery write (replica remediation, gated promotion), through the app's adapter as the core sends it.
        io.batchrollout.core.model.ImageVersion written = flows.clients.gallery().version(inPlace.version("2.0.0")).orElseThrow();
        flows.clients.galleryWrites().updateVersion(written.id(), new io.batchrollout.port.GalleryWrites.VersionUpdate(
                written.etag(), java.util.Optional.empty(), java.util.Optional.empty(), Map.of("probe", "least-privilege")));
        // A rollout notification, published through the app's Event Grid adapter as a pass does after its writes.
        flows.clients.notifications(flows.sim.addTopic("rollouts")).publish(List.of(new RolloutNotifications.Notice("probe",
                "io.batchrollout.rollout.started", RolloutFlows.ACCOUNT.pool("inplace").toString(), flows.sim.clock().now(),
                new RolloutNotifications.Data("inplace", RolloutFlows.ACCOUNT.toString(), inPlace.toString(), "1.0.0", "2.0.0",
                        "DRAINING", List.of(), null, "/api/pools/inplace"))));

        routed = flows.sim.routedOperations();
        sent = flows.sim.requests().captured().stream()
                .filter(c -> c.headers().getOrDefault("user-agent", "").contains("batch-image-rollout"))
                .map(c -> c.entry().operation()).collect(Collectors.toCollection(TreeSet::new));
    }

    @AfterAll
    static void stop() {
        flows.close();
    }

    @Test
    void everyAzureOperationTheSimulatorRoutesIsEitherMappedOrDeclaredTestOnly() {
        Set<String> azure = routed.stream().filter(op -> !op.startsWith("Sim_")).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(routed.stream().anyMatch(op -> op.startsWith("Sim_")), "the simulator's own controls are excluded by name");
        Set<String> classified = new TreeSet<>(NEEDS.keySet());
        classified.addAll(TEST_ONLY);
        assertEquals(azure, classified, "operations routed vs classified (NEEDS + TEST_ONLY)");
        assertTrue(NEEDS.keySet().stream().noneMatch(TEST_ONLY::contains));
    }

    @Test
    void theAppSendsEveryMappedOperationAndNothingElse() {
        assertEquals(new TreeSet<>(NEEDS.keySet()), sent, "operations the app sent vs the NEEDS table");
    }

    @Test
    void theTemplateGrantsExactlyWhatTheSentOperationsNeed() {
        Set<String> needed = new TreeSet<>();
        sent.forEach(op -> NEEDS.getOrDefault(op, List.of()).forEach(g -> needed.add(g.toString())));
        Set<String> granted = new TreeSet<>();
        granted().forEach(g -> granted.add(g.toString()));
        assertEquals(needed, granted, "needed by the app's operations vs granted by infra/main.json");
    }

    /** The write is the one grant behind a switch: off by default, and nothing else hangs on it. */
    @Test
    void theGalleryWriteIsGrantedOnlyWhenGalleryWritesIsTrue() {
        JsonNode parameter = InfraTemplate.main().path("parameters").path("galleryWrites");
        assertEquals("bool", parameter.path("type").asText());
        assertFalse(parameter.path("defaultValue").asBoolean(true), "off unless asked for");
        List<String> conditional = new ArrayList<>();
        for (InfraTemplate.Template t : InfraTemplate.templates()) {
            boolean switched = t.deployment().map(d -> d.path("condition").asText().equals("[parameters('galleryWrites')]")).orElse(false);
            for (JsonNode role : t.resources("Microsoft.Authorization/roleDefinitions")) {
                JsonNode actions = role.path("properties").path("permissions").get(0).path("actions");
                boolean writes = actions.toString().contains("Microsoft.Compute/galleries/images/versions/write");
                assertEquals(switched, writes, "the version write, and only it, is behind galleryWrites: " + actions);
                if (switched) {
                    conditional.add(actions.toString());
                }
            }
        }
        assertEquals(List.of("[\"Microsoft.Compute/galleries/images/versions/write\"]"), conditional);
    }

    @Test
    void builtInRolesAreOnlyTheHostsOnItsOwnResources() {
        Set<String> builtIn = new TreeSet<>();
        for (InfraTemplate.Template t : InfraTemplate.templates()) {
            for (JsonNode a : t.resources("Microsoft.Authorization/roleAssignments")) {
                String role = resolve(a.path("properties").path("roleDefinitionId").asText(), t.json());
                if (!role.contains("roleDefinitions', variables('roleId')")) {
                    builtIn.add(role);
                    String scope = a.path("scope").asText();
                    boolean sender = role.contains(EVENT_GRID_DATA_SENDER);
                    assertTrue(sender ? scope.equals("[format('Microsoft.EventGrid/topics/{0}', variables('notificationTopicName'))]")
                                    : scope.startsWith("[format('Microsoft.Storage/storageAccounts/")
                                    || scope.startsWith("[format('Microsoft.Insights/components/"),
                            "a built-in role only on the app's own storage, Application Insights or notification topic: " + scope);
                }
            }
        }
        assertEquals(BUILT_IN_ROLES, builtIn.stream().map(r -> r.replaceAll(".*'([0-9a-f-]{36})'.*", "$1"))
                .collect(Collectors.toCollection(TreeSet::new)));
    }

    /** A template variable's value in place of {@code [variables('x')]}. */
    private static String resolve(String expression, JsonNode template) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\[variables\\('([^']+)'\\)]$").matcher(expression);
        return m.matches() ? template.path("variables").path(m.group(1)).asText() : expression;
    }

    /** Every custom role's permissions, at the scope its assignment names. */
    static List<Grant> granted() {
        List<Grant> out = new ArrayList<>();
        for (InfraTemplate.Template t : InfraTemplate.templates()) {
            for (JsonNode a : t.resources("Microsoft.Authorization/roleAssignments")) {
                if (resolve(a.path("properties").path("roleDefinitionId").asText(), t.json()).contains(EVENT_GRID_DATA_SENDER)) {
                    out.add(data("Microsoft.EventGrid/events/send/action", Scope.NOTIFICATION_TOPIC));
                }
            }
        }
        for (InfraTemplate.Template t : InfraTemplate.templates()) {
            List<JsonNode> definitions = t.resources("Microsoft.Authorization/roleDefinitions");
            if (definitions.isEmpty()) {
                continue;
            }
            assertEquals(1, definitions.size(), "one custom role per nested template");
            JsonNode definition = definitions.get(0).path("properties");
            List<JsonNode> assignments = t.resources("Microsoft.Authorization/roleAssignments");
            assertEquals(1, assignments.size(), "one assignment of the custom role");
            Scope scope = scopeOf(assignments.get(0), t.deployment().orElseThrow());
            String assignable = definition.path("assignableScopes").toString();
            assertTrue(assignable.equals("[\"[resourceGroup().id]\"]") || assignable.equals("[\"[subscription().id]\"]"),
                    "assignable no wider than the resource group or subscription it is used in: " + assignable);
            assertEquals(1, definition.path("permissions").size());
            JsonNode permissions = definition.path("permissions").get(0);
            permissions.path("actions").forEach(a -> out.add(action(a.asText(), scope)));
            permissions.path("dataActions").forEach(a -> out.add(data(a.asText(), scope)));
        }
        return out;
    }

    /** The scope an assignment names, checked against the parameter its deployment loops over. */
    private static Scope scopeOf(JsonNode assignment, JsonNode deployment) {
        String scope = assignment.path("scope").asText("");
        String target = deployment.path("resourceGroup").asText("") + deployment.path("subscriptionId").asText("");
        Scope kind;
        String source;
        if (scope.contains("'Microsoft.Batch/batchAccounts/")) {
            kind = Scope.ACCOUNT;
            source = "parameters('batchAccountIds')";
        } else if (scope.contains("'Microsoft.Compute/galleries/")) {
            kind = Scope.GALLERY;
            source = "parameters('galleryIds')";
        } else if (scope.contains("'Microsoft.ManagedIdentity/userAssignedIdentities/")) {
            kind = Scope.POOL_IDENTITY;
            source = "parameters('poolIdentityIds')";
        } else if (scope.contains("'Microsoft.Network/virtualNetworks/")) {
            kind = Scope.POOL_SUBNET;
            source = "parameters('poolSubnetIds')";
        } else if (scope.isEmpty() && !deployment.has("resourceGroup") && target.contains("variables('accountSubscriptions')")) {
            kind = Scope.ACCOUNT_SUBSCRIPTION;
            source = "variables('accountSubscriptions')";
        } else if (scope.isEmpty() && !deployment.has("resourceGroup") && target.contains("variables('providerReadSubscriptions')")) {
            kind = Scope.GALLERY_SUBSCRIPTION;
            source = "variables('providerReadSubscriptions')";
        } else {
            throw new AssertionError("role assignment at an unknown scope: " + scope + " in " + deployment.path("name"));
        }
        assertTrue(target.contains(source) && deployment.path("copy").path("count").asText().contains(source),
                "the " + kind + " role is deployed once per entry of " + source + ": " + deployment.path("name"));
        return kind;
    }
}
