package io.github.cameliterable.sync;

import java.time.Duration;

/**
 * What the run loop needs of an endpoint's options: built by the Camel shell, so that nothing here depends on it.
 *
 * @param syncId                the state's name for this sync
 * @param dryRun                build and classify, send nothing that changes Iterable, store nothing
 * @param snapshot              each body is the model's whole result: keys missing from it are removed
 * @param changeDetection       classify records against the state store (else every record is sent)
 * @param maxConcurrentRequests requests of the endpoint in flight at once
 * @param maxBatchBytes         bytes in one bulk request, 0 for the endpoint's limit
 * @param batchSize             records in one bulk request, 0 for the endpoint's limit
 * @param linger                how long a bulk request that is not full waits for more records
 */
public record SyncSettings(String syncId, boolean dryRun, boolean snapshot, boolean changeDetection,
                           int maxConcurrentRequests, long maxBatchBytes, int batchSize, Duration linger) {

    public SyncSettings {
        maxConcurrentRequests = Math.max(1, maxConcurrentRequests);
        linger = linger == null || linger.isNegative() ? Duration.ZERO : linger;
    }
}
