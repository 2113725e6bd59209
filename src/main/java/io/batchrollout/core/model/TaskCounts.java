package io.batchrollout.core.model;

/** Task counts of a job, from the data plane's {@code /jobs/{id}/taskcounts}. */
public record TaskCounts(int active, int running, int completed, int succeeded, int failed) {
}
