package io.batchrollout.core.model;

import java.util.List;
import java.util.regex.Pattern;

/** A Batch pool as an ARM resource: {@code .../batchAccounts/{account}/pools/{pool}}. */
public record PoolId(ArmId armId) {
    public static final String TYPE = "Microsoft.Batch/batchAccounts/pools";
    /** Batch's own rule for pool names. */
    public static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");

    public PoolId {
        armId.requireType(TYPE);
        if (!NAME.matcher(armId.name()).matches()) {
            throw new IllegalArgumentException("'" + armId.name() + "' is not a valid pool id: "
                    + "1 to 64 letters, digits, hyphens or underscores");
        }
    }

    public static PoolId parse(String text) {
        return new PoolId(ArmId.parse(text));
    }

    public static PoolId of(BatchAccountId account, String poolName) {
        ArmId a = account.armId();
        return new PoolId(new ArmId(a.subscriptionId(), a.resourceGroup(), a.namespace(),
                List.of("batchAccounts", "pools"), List.of(a.name(), poolName)));
    }

    public BatchAccountId account() {
        ArmId a = armId;
        return new BatchAccountId(new ArmId(a.subscriptionId(), a.resourceGroup(), a.namespace(),
                List.of("batchAccounts"), List.of(a.names().get(0))));
    }

    public String poolName() {
        return armId.name();
    }

    @Override
    public String toString() {
        return armId.toString();
    }
}
