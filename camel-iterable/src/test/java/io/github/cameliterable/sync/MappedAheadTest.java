package io.github.cameliterable.sync;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.support.SyncHarness;
import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Models of more than one chunk are read and mapped on a second thread (MappedAhead): the run sees the same records,
 * in the same order, with the same failures, as when the run loop read them itself.
 */
class MappedAheadTest {
    @TempDir
    Path state;

    IterableEmulator emulator;

    @BeforeEach
    void start() {
        emulator = IterableEmulator.builder().rateLimits(false).start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    /** Rows 0..count-1 from an iterator (no known size, as a warehouse cursor), row {@code bad} without an email. */
    private static Iterator<Map<String, Object>> rows(int count, int bad, int throwAt) {
        AtomicInteger next = new AtomicInteger();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return next.get() < count;
            }

            @Override
            public Map<String, Object> next() {
                int i = next.getAndIncrement();
                if (i == throwAt) {
                    throw new IllegalStateException("the cursor broke at row " + i);
                }
                Map<String, Object> row = new HashMap<>();
                row.put("EMAIL", i == bad ? null : "u" + i + "@example.com");
                row.put("PLAN", "p" + i);
                return row;
            }
        };
    }

    @Test
    void aModelOfSeveralChunksArrivesWholeAndABadRecordFailsAloneByItsIndex() {
        try (SyncHarness harness = new SyncHarness(emulator, state, null)) {
            harness.route("users", "iterable:users?snapshot=true&maxRemovalPercent=100");
            SyncReport report = harness.sync("users", rows(3_500, 2_345, -1));
            assertEquals(3_500, report.getReceived(), report.toString());
            assertEquals(3_499, report.getSucceeded(), report.toString());
            assertEquals(1, report.getFailed(), report.toString());
            List<SyncReport.FailedRecord> failures = report.getFailures();
            // row 2,345 counted from 0 is the model's record 2,346 (reports count from 1)
            assertEquals(2_346, failures.get(0).index(), failures.toString());
            assertEquals(3_499, emulator.users().size());
            assertTrue(emulator.user("u3499@example.com").isPresent());

            // the same model again: nothing changed, nothing removed (every key was classified by the run)
            SyncReport again = harness.sync("users", rows(3_500, 2_345, -1));
            assertEquals(3_499, again.getUnchanged(), again.toString());
            assertEquals(0, again.getRemoved(), again.toString());
        }
    }

    @Test
    void aCursorThatBreaksFailsTheExchangeAndRemovesNothing() {
        try (SyncHarness harness = new SyncHarness(emulator, state, null)) {
            harness.route("users", "iterable:users?snapshot=true&maxRemovalPercent=100");
            harness.sync("users", rows(3_000, -1, -1));
            CamelExecutionException failed = assertThrows(CamelExecutionException.class,
                    () -> harness.sync("users", rows(3_000, -1, 1_500)));
            assertTrue(String.valueOf(failed.getCause().getMessage()).contains("the cursor broke at row 1500"),
                    String.valueOf(failed.getCause()));
            // a model read in part is no snapshot: the 1,500 rows it did not reach stay in Iterable and in the state
            assertEquals(3_000, emulator.users().size());
            SyncReport after = harness.sync("users", rows(3_000, -1, -1));
            assertEquals(3_000, after.getUnchanged(), after.toString());
        }
    }
}
