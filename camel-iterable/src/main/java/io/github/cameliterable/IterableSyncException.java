package io.github.cameliterable;

import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelException;

/**
 * A run that failed as a whole: the API key was refused, more records failed than {@code maxFailedRecords} allows,
 * or a safeguard refused the run (a snapshot that would remove too much, a one-record snapshot). Carries the report,
 * for the route's error handler and alerts.
 */
public class IterableSyncException extends CamelException {
    private final transient SyncReport report;

    public IterableSyncException(String message, SyncReport report, Throwable cause) {
        super(message, cause);
        this.report = report;
    }

    public SyncReport getReport() {
        return report;
    }
}
