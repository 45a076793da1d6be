package io.github.cameliterable.sync;

import java.time.Duration;

/**
 * What the run loop needs of an endpoint's options: built by the Camel shell, so that nothing here depends on it.
 *
 * @param syncId the state's name for this sync
 * @param dryRun build and classify, send nothing that changes Iterable, store nothing
 * @param snapshot each body is the model's whole result: keys missing from it are removed
 * @param maxConcurrentRequests requests of the endpoint in flight at once
 * @param batchSize records in one bulk request, 0 for the endpoint's limit
 * @param maxBatchBytes bytes in one bulk request, 0 for the endpoint's limit
 * @param linger how long a bulk request that is not full waits for more records
 * @param maxRemovalPercent the removal safeguard's threshold
 * @param allowEmptySnapshot whether an empty snapshot may remove every key
 * @param leaseWait how long a model run waits for another process's lease on the syncId
 */
public record RunSettings(String syncId, boolean dryRun, boolean snapshot, int maxConcurrentRequests, int batchSize,
        long maxBatchBytes, Duration linger, int maxRemovalPercent, boolean allowEmptySnapshot,
        Duration leaseWait) {

    public RunSettings {
        maxConcurrentRequests = Math.max(1, maxConcurrentRequests);
        linger = linger == null || linger.isNegative() ? Duration.ZERO : linger;
    }
}
