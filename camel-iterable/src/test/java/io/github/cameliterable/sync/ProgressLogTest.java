package io.github.cameliterable.sync;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.cameliterable.support.LogCapture;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Progress lines: the time left comes from records that reached their outcome, never "0 s" while calls are pending. */
class ProgressLogTest {

    private static String lineFor(SyncReport report, long total) throws Exception {
        AtomicLong clock = new AtomicLong(1_000);
        ProgressLog progress = new ProgressLog(report, 0, clock::get);
        progress.total(total);
        clock.addAndGet(TimeUnit.SECONDS.toNanos(10)); // ten seconds of the run have passed
        try (LogCapture log = new LogCapture()) {
            progress.tick();
            List<String> lines = log.lines().stream().filter(l -> l.startsWith("io.github.cameliterable.Progress")).toList();
            assertEquals(1, lines.size(), lines.toString());
            return lines.get(0);
        }
    }

    private static SyncReport report(long received, long sent, long succeeded) {
        SyncReport report = new SyncReport("users", "users", false);
        report.received.set(received);
        report.sent.set(sent);
        report.succeeded.set(succeeded);
        return report;
    }

    @Test
    void allRecordsReadButAnswersPendingIsNotZeroSecondsLeft() throws Exception {
        // 40 records in requests Iterable has not answered yet
        String line = lineFor(report(100, 100, 60), 100);
        assertFalse(line.contains("about 0 s left"), line);
        assertTrue(line.contains("all 100 records read, 40 waiting for Iterable's answer"), line);
        assertTrue(line.matches(".*about [1-9][0-9]* s left of 100 records.*"), line);
    }

    @Test
    void aFinishedCountShowsNoTimeLeft() throws Exception {
        SyncReport report = report(100, 10, 8);
        report.unchanged.set(90);
        report.failed.set(2);
        String line = lineFor(report, 100);
        assertFalse(line.contains("left"), line);
    }

    @Test
    void halfwayTheTimeLeftFollowsTheOutcomes() throws Exception {
        String line = lineFor(report(50, 50, 25), 100);
        assertFalse(line.contains("waiting"), line);
        assertTrue(line.contains("s left of 100 records"), line);
    }
}
