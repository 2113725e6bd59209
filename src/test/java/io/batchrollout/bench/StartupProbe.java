package io.batchrollout.bench;

import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.Context;
import com.azure.resourcemanager.batch.BatchManager;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.compute.models.ReplicationStatusTypes;
import io.batchrollout.azure.AzureClients;
import io.batchrollout.azure.AzureTarget;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.sim.SimulatedAzure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** One cold start in a fresh JVM: build the clients, read a version and a pool, print "probe {ms} {peak RSS kB}". */
public final class StartupProbe {
    static final String BASELINE = "baseline";
    static final String APP = "app";

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        String variant = args[0];
        String simBase = args[1] + "/";
        ImageVersionId version = ImageVersionId.parse(args[2]);
        PoolId pool = PoolId.parse(args[3]);
        AzureTarget target = AzureTarget.at(simBase, SimulatedAzure.credential(), SimulatedAzure.clientTrust(),
                new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(0)));
        AzureClients clients = AzureClients.create(target);
        if (variant.equals(APP)) {
            clients.gallery().version(version).orElseThrow();
            if (clients.pools().get(pool).isPresent()) {
                throw new IllegalStateException("the probe's pool should be absent");
            }
        } else {
            Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
            endpoints.put("resourceManagerEndpointUrl", simBase);
            endpoints.put("managementEndpointUrl", simBase);
            AzureProfile profile = new AzureProfile(null, version.armId().subscriptionId(), new AzureEnvironment(endpoints));
            ComputeManager compute = ComputeManager.authenticate(clients.armPipeline(), profile);
            BatchManager batch = BatchManager.authenticate(clients.armPipeline(), profile);
            var arm = version.armId();
            compute.serviceClient().getGalleryImageVersions().getWithResponse(arm.resourceGroup(), arm.names().get(0),
                    arm.names().get(1), arm.names().get(2), ReplicationStatusTypes.REPLICATION_STATUS, Context.NONE);
            try {
                batch.pools().get(pool.armId().resourceGroup(), pool.account().accountName(), pool.poolName());
                throw new IllegalStateException("the probe's pool should be absent");
            } catch (com.azure.core.management.exception.ManagementException expected) {
                // 404: the read happened
            }
        }
        long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
        System.out.println("probe " + ms + " " + peakRssKb());
        System.exit(0);
    }

    private static long peakRssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
