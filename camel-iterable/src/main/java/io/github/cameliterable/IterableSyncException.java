package io.github.cameliterable;

import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelException;

/**
 * A run that failed as a whole: the API key was refused, or more records failed than {@code maxFailedRecords}
 * allows. Carries the report, for the route's error handler and alerts.
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
