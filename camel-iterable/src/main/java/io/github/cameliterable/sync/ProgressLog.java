package io.github.cameliterable.sync;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Progress lines during long runs, at most one every ten seconds: processed, sent, failed and the rate. */
final class ProgressLog {
    private static final Logger LOG = LoggerFactory.getLogger("io.github.cameliterable.Progress");
    private static final long EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final SyncReport report;
    private final long every;
    private final LongSupplier nanoClock;
    private final long start;
    private long last;
    private long total = -1;

    ProgressLog(SyncReport report) {
        this(report, EVERY_NANOS, System::nanoTime);
    }

    /** Lines at most every {@code everyNanos} of {@code nanoClock} (System::nanoTime, or a test's clock). */
    ProgressLog(SyncReport report, long everyNanos, LongSupplier nanoClock) {
        this.report = report;
        this.every = everyNanos;
        this.nanoClock = nanoClock;
        this.start = nanoClock.getAsLong();
        this.last = start;
    }

    /** The number of records the run will read, when known: progress lines then show the time left. */
    void total(long total) {
        this.total = total;
    }

    void tick() {
        long now = nanoClock.getAsLong();
        if (now - last < every || !LOG.isInfoEnabled()) {
            return;
        }
        last = now;
        double seconds = Math.max((now - start) / 1e9, 0.001);
        LOG.info("Iterable {} sync '{}': {} records processed, {} sent, {} succeeded, {} failed, {} records/s{}",
                report.getSyncType(), report.getSyncId(), report.getReceived(), report.getSent(), report.getSucceeded(),
                report.getFailed(), Math.round(report.getReceived() / seconds), left(seconds));
    }

    /**
     * The time left, from the rate at which records reach their outcome (not the rate they are read: the last
     * records are read long before Iterable answers for them), never "0 s" while records wait for an answer.
     */
    private String left(double seconds) {
        if (total <= 0) {
            return "";
        }
        long done = report.getSucceeded() + report.getFailed() + report.getSkipped() + report.getDeferred()
                + report.getUnchanged() + report.getDuplicates();
        long left = Math.max(0, total - done);
        if (left == 0) {
            return "";
        }
        String waiting = report.getReceived() >= total
                ? ", all " + total + " records read, " + left + " waiting for Iterable's answer"
                : "";
        double rate = done / seconds;
        return waiting + (rate > 0 ? ", about " + Math.max(1, Math.round(left / rate)) + " s left of " + total + " records"
                : ", " + left + " of " + total + " records left");
    }
}
