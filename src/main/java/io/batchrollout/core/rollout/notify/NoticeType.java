package io.batchrollout.core.rollout.notify;

/** The CloudEvent {@code type}s the app publishes, {@code io.batchrollout.rollout.{wire}}. */
public enum NoticeType {
    STARTED("started"),
    BLOCKED("blocked"),
    WAITING("waiting"),
    GATE_PASSED("gatePassed"),
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    ROLLED_BACK("rolledBack"),
    HALTED("halted"),
    OPERATOR_NEEDED("operatorNeeded");

    public static final String PREFIX = "io.batchrollout.rollout.";

    private final String wire;

    NoticeType(String wire) {
        this.wire = wire;
    }

    /** The CloudEvent type, e.g. {@code io.batchrollout.rollout.gatePassed}. */
    public String type() {
        return PREFIX + wire;
    }
}
