package io.batchrollout.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.AddDatePolicy;
import com.azure.core.http.policy.AddHeadersFromContextPolicy;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.HttpLoggingPolicy;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.batch.BatchManager;
import com.azure.resourcemanager.compute.fluent.ComputeManagementClient;
import com.azure.resourcemanager.compute.implementation.ComputeManagementClientBuilder;
import com.azure.resourcemanager.resources.fluent.ResourceManagementClient;
import com.azure.resourcemanager.resources.implementation.ResourceManagementClientBuilder;
import io.batchrollout.port.BatchJobs;
import io.batchrollout.port.BatchNodes;
import io.batchrollout.port.BatchPools;
import io.batchrollout.port.BatchVmSkus;
import io.batchrollout.port.ComputeUsages;
import io.batchrollout.port.GalleryWrites;
import io.batchrollout.port.ImageGallery;
import io.batchrollout.port.ResourceProviders;
import io.batchrollout.port.RolloutNotifications;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds every Azure client once per process, in Azure and in tests alike: one JDK HttpClient, one ARM pipeline
 * and one Batch data plane pipeline, and per-subscription service clients built the first time a subscription is
 * used (the Compute client alone costs over a second to build, so nothing is built that a path does not need).
 */
public final class AzureClients {
    static final String USER_AGENT = "batch-image-rollout/0.1";

    private final AzureTarget target;
    private final HttpClient httpClient;
    private final HttpPipeline armPipeline;
    private final HttpPipeline batchDataPlanePipeline;
    private final AzureEnvironment environment;
    private final Map<String, ComputeManagementClient> computeBySubscription = new ConcurrentHashMap<>();
    private final Map<String, BatchManager> batchBySubscription = new ConcurrentHashMap<>();
    private final Map<String, ResourceManagementClient> resourcesBySubscription = new ConcurrentHashMap<>();
    private final ComputeGalleryAdapter gallery;
    private final BatchPools pools;
    private final BatchDataPlaneAdapter dataPlane;
    private final ResourceProviders providers;
    private final BatchVmSkus vmSkus;
    private final ComputeUsages usages;
    private final Map<String, RolloutNotifications> notificationsByEndpoint = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong requestsSent = new java.util.concurrent.atomic.AtomicLong();

    private AzureClients(AzureTarget target) {
        this.target = target;
        java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10));
        target.trust().ifPresent(jdk::sslContext);
        this.httpClient = new JdkHttpClientBuilder(jdk).responseTimeout(Duration.ofSeconds(60)).build();
        this.armPipeline = pipeline(target.resourceManagerScope());
        this.batchDataPlanePipeline = pipeline(target.batchScope());
        this.environment = environment(target.resourceManagerEndpoint());
        this.gallery = new ComputeGalleryAdapter(this::compute);
        this.pools = new BatchPoolsAdapter(this::batch);
        this.dataPlane = new BatchDataPlaneAdapter(batchDataPlanePipeline);
        this.providers = new ResourceProvidersAdapter(this::resources);
        this.vmSkus = new BatchVmSkusAdapter(this::batch);
        this.usages = new ComputeUsagesAdapter(this::compute);
    }

    public static AzureClients create(AzureTarget target) {
        return new AzureClients(target);
    }

    public ImageGallery gallery() {
        return gallery;
    }

    /** Version updates (replica remediation, gated promotion); the same client as {@link #gallery()}. */
    public GalleryWrites galleryWrites() {
        return gallery;
    }

    public BatchPools pools() {
        return pools;
    }

    public BatchNodes nodes() {
        return dataPlane;
    }

    public BatchJobs jobs() {
        return dataPlane;
    }

    public ResourceProviders providers() {
        return providers;
    }

    /** The VM sizes Batch supports per region, with their vCPUs and quota family. */
    public BatchVmSkus vmSkus() {
        return vmSkus;
    }

    /** Regional Compute usages and limits: the quotas of UserSubscription-mode Batch accounts. */
    public ComputeUsages usages() {
        return usages;
    }

    /**
     * Rollout notifications to the Event Grid topic at {@code endpoint} (NOTIFICATION_TOPIC_ENDPOINT), over this
     * process's HTTP client and credential; built once per endpoint.
     */
    public RolloutNotifications notifications(String endpoint) {
        return notificationsByEndpoint.computeIfAbsent(endpoint,
                e -> new EventGridNotificationsAdapter(e, target.credential(), httpClient, (context, next) -> {
                    requestsSent.incrementAndGet();
                    return next.process();
                }, EventGridNotificationsAdapter.TIMEOUT));
    }

    /** The authenticated ARM pipeline, for the few calls no served SDK makes. */
    public HttpPipeline armPipeline() {
        return armPipeline;
    }

    public String resourceManagerEndpoint() {
        return target.resourceManagerEndpoint();
    }

    ComputeManagementClient compute(String subscriptionId) {
        return computeBySubscription.computeIfAbsent(subscriptionId.toLowerCase(), s -> new ComputeManagementClientBuilder()
                .pipeline(armPipeline)
                .endpoint(trimSlash(target.resourceManagerEndpoint()))
                .environment(environment)
                .subscriptionId(subscriptionId)
                .defaultPollInterval(Duration.ofSeconds(5))
                .buildClient());
    }

    ResourceManagementClient resources(String subscriptionId) {
        return resourcesBySubscription.computeIfAbsent(subscriptionId.toLowerCase(), s -> new ResourceManagementClientBuilder()
                .pipeline(armPipeline)
                .endpoint(trimSlash(target.resourceManagerEndpoint()))
                .environment(environment)
                .subscriptionId(subscriptionId)
                .defaultPollInterval(Duration.ofSeconds(5))
                .buildClient());
    }

    BatchManager batch(String subscriptionId) {
        return batchBySubscription.computeIfAbsent(subscriptionId.toLowerCase(), s ->
                BatchManager.authenticate(armPipeline, new AzureProfile(null, subscriptionId, environment)));
    }

    /** Requests sent through this process's pipelines so far (every attempt), for the pass summary. */
    public long requestsSent() {
        return requestsSent.get();
    }

    private HttpPipeline pipeline(String scope) {
        return new HttpPipelineBuilder()
                .httpClient(httpClient)
                .policies(
                        new UserAgentPolicy(USER_AGENT),
                        new RequestIdPolicy(),
                        new AddHeadersFromContextPolicy(),
                        new RetryPolicy(target.retry()),
                        // After the retry policy: each attempt counts, as Azure's throttling counts it.
                        (context, next) -> {
                            requestsSent.incrementAndGet();
                            return next.process();
                        },
                        new AddDatePolicy(),
                        new BearerTokenAuthenticationPolicy(target.credential(), scope),
                        new HttpLoggingPolicy(new HttpLogOptions().setLogLevel(HttpLogDetailLevel.NONE)))
                .build();
    }

    /** ARM's environment with every endpoint the SDK constructors look up, all at the target endpoint. */
    private static AzureEnvironment environment(String resourceManagerEndpoint) {
        if (resourceManagerEndpoint.equals(AzureTarget.PUBLIC_RESOURCE_MANAGER)) {
            return AzureEnvironment.AZURE;
        }
        Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
        endpoints.put("resourceManagerEndpointUrl", resourceManagerEndpoint);
        endpoints.put("managementEndpointUrl", resourceManagerEndpoint);
        return new AzureEnvironment(endpoints);
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
