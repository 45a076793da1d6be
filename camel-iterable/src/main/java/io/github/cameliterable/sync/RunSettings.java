package io.github.cameliterable.sync;

/** What a run needs of the endpoint's options: dry run, snapshot, and the caps on requests and batches. */
public record RunSettings(boolean dryRun, boolean snapshot, int maxConcurrentRequests, int batchSize, long maxBatchBytes) {
}
