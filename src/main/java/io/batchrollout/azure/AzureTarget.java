package io.batchrollout.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import io.batchrollout.config.Settings;
import io.batchrollout.config.SettingsException;
import java.time.Duration;
import java.util.List;
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

    /**
     * Azure public cloud, signed in as the app's user-assigned managed identity and nothing else. Not
     * DefaultAzureCredential: it would also take a client secret, certificate or workload identity from the
     * environment, so a stray AZURE_CLIENT_SECRET would silently replace the identity infra/ grants roles to.
     */
    public static AzureTarget azure(Settings settings) {
        String clientId = settings.azureClientId().orElseThrow(() -> new SettingsException(List.of(Settings.AZURE_CLIENT_ID
                + " is not set: in Azure the app signs in only as its user-assigned managed identity; set it to that "
                + "identity's client id (infra/main.json does).")));
        TokenCredential credential = new ManagedIdentityCredentialBuilder().clientId(clientId).build();
        return new AzureTarget(PUBLIC_RESOURCE_MANAGER, PUBLIC_RESOURCE_MANAGER + ".default", BATCH_SCOPE,
                credential, Optional.empty(), defaultRetry());
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
