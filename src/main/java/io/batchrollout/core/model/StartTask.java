package io.batchrollout.core.model;

/** The command each node runs when it joins the pool. */
public record StartTask(String commandLine, boolean elevated, boolean waitForSuccess, int maxTaskRetryCount) {
}
