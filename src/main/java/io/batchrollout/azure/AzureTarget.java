package io.batchrollout.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.identity.DefaultAzureCredentialBuilder;
import io.batchrollout.config.Settings;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Where the clients go and how they prove who they are. The only thing that differs between Azure and the
 * simulated Azure: the endpoint, the credential and the certificate the client trusts. Microsoft Entra ID only:
 * there is no way to give this app a Batch shared key.
 */
public record AzureTarget(String resourceManagerEndpoint, String resourceManagerScope, String batchScope,
                          TokenCredential credential, Optional<SSLContext> trust, RetryOptions retry) {

    public static final String PUBLIC_RESOURCE_MANAGER = "https://management.azure.com/";
    /** Batch's token audience; the double slash is what Batch expects. */
    public static final String BATCH_SCOPE = "https://batch.core.windows.net//.default";

    public AzureTarget {
        Objects.requireNonNull(resourceManagerEndpoint, "resourceManagerEndpoint");
        Objects.requireNonNull(credential, "credential");
        if (!resourceManagerEndpoint.endsWith("/")) {
            resourceManagerEndpoint = resourceManagerEndpoint + "/";
        }
    }

    /** Azure public cloud with the app's managed identity (user-assigned when AZURE_CLIENT_ID is set). */
    public static AzureTarget azure(Settings settings) {
        DefaultAzureCredentialBuilder credential = new DefaultAzureCredentialBuilder();
        settings.azureClientId().ifPresent(credential::managedIdentityClientId);
        return new AzureTarget(PUBLIC_RESOURCE_MANAGER, PUBLIC_RESOURCE_MANAGER + ".default", BATCH_SCOPE,
                credential.build(), Optional.empty(), defaultRetry());
    }

    /** Any other endpoint speaking ARM's REST, such as the simulated Azure, trusting the given certificate. */
    public static AzureTarget at(String resourceManagerEndpoint, TokenCredential credential, SSLContext trust, RetryOptions retry) {
        return new AzureTarget(resourceManagerEndpoint, PUBLIC_RESOURCE_MANAGER + ".default", BATCH_SCOPE,
                credential, Optional.of(trust), retry);
    }

    /**
     * Three retries with exponential backoff from 0.8 s; azure-core waits Retry-After when Azure sends it. After
     * that a throttled call surfaces as Throttled and the work is picked up by a later pass.
     */
    public static RetryOptions defaultRetry() {
        return new RetryOptions(new ExponentialBackoffOptions()
                .setMaxRetries(3).setBaseDelay(Duration.ofMillis(800)).setMaxDelay(Duration.ofSeconds(30)));
    }
}
