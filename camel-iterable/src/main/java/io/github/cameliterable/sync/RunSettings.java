package io.github.cameliterable.sync;

/**
 * What a run needs of the endpoint's options: dry run, snapshot, the caps on requests and batches, and the removal
 * safeguard's threshold.
 */
public record RunSettings(boolean dryRun, boolean snapshot, int maxConcurrentRequests, int batchSize, long maxBatchBytes,
                          int maxRemovalPercent, boolean allowEmptySnapshot) {
}
