package io.batchrollout.core.model;

/** A Batch account: {@code .../providers/Microsoft.Batch/batchAccounts/{account}}. */
public record BatchAccountId(ArmId armId) {
    public static final String TYPE = "Microsoft.Batch/batchAccounts";

    public BatchAccountId {
        armId.requireType(TYPE);
    }

    public static BatchAccountId parse(String text) {
        return new BatchAccountId(ArmId.parse(text));
    }

    public String subscriptionId() {
        return armId.subscriptionId();
    }

    public String resourceGroup() {
        return armId.resourceGroup();
    }

    public String accountName() {
        return armId.name();
    }

    public PoolId pool(String poolName) {
        return PoolId.of(this, poolName);
    }

    @Override
    public String toString() {
        return armId.toString();
    }
}
