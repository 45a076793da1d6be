package io.github.cameliterable.sync;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Progress lines during long runs, at most one every ten seconds: processed, sent, failed and the rate. */
final class ProgressLog {
    private static final Logger LOG = LoggerFactory.getLogger("io.github.cameliterable.Progress");
    private static final long EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final SyncReport report;
    private final long start = System.nanoTime();
    private long last = start;
    private long total = -1;

    ProgressLog(SyncReport report) {
        this.report = report;
    }

    /** The number of records the run will read, when known: progress lines then show the time left. */
    void total(long total) {
        this.total = total;
    }

    void tick() {
        long now = System.nanoTime();
        if (now - last < EVERY_NANOS || !LOG.isInfoEnabled()) {
            return;
        }
        last = now;
        double seconds = (now - start) / 1e9;
        double rate = report.getReceived() / Math.max(seconds, 0.001);
        String left = total > 0 && rate > 0
                ? ", about " + Math.round(Math.max(0, total - report.getReceived()) / rate) + " s left of " + total + " records"
                : "";
        LOG.info("Iterable {} sync '{}': {} records processed, {} sent, {} succeeded, {} failed, {} records/s{}",
                report.getSyncType(), report.getSyncId(), report.getReceived(), report.getSent(), report.getSucceeded(),
                report.getFailed(), Math.round(rate), left);
    }
}
