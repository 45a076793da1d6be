package io.github.cameliterable.sync;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.cameliterable.IterableConstants;
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
 * A model's chunks are read and mapped on the run loop's thread while the run sends most of them, and on a second
 * thread once a chunk sends less than half (ModelChunks): either way the run sees the same records, in the same
 * order, with the same failures.
 */
class ModelChunksTest {
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
        return rows(count, bad, throwAt, "p", new ArrayList<>());
    }

    /** The same, with {@code plan} before each row's number, and the thread that read each row in {@code readers}. */
    private static Iterator<Map<String, Object>> rows(int count, int bad, int throwAt, String plan, List<String> readers) {
        AtomicInteger next = new AtomicInteger();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return next.get() < count;
            }

            @Override
            public Map<String, Object> next() {
                int i = next.getAndIncrement();
                readers.add(Thread.currentThread().getName());
                if (i == throwAt) {
                    throw new IllegalStateException("the cursor broke at row " + i);
                }
                Map<String, Object> row = new HashMap<>();
                row.put("EMAIL", i == bad ? null : "u" + i + "@example.com");
                row.put("PLAN", plan + i);
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

    @Test
    void aRunThatSendsMostOfItsRecordsReadsThemOnTheLoopsThreadAndARerunOnASecondOne() {
        try (SyncHarness harness = new SyncHarness(emulator, state, null)) {
            harness.route("users", "iterable:users");
            List<String> first = new ArrayList<>();
            SyncReport sent = harness.sync("users", rows(3_500, -1, -1, "p", first));
            assertEquals(3_500, sent.getSucceeded(), sent.toString());
            // all new: every row read by the run loop itself (one thread, the first chunk's)
            assertEquals(1, first.stream().distinct().count(), first.stream().distinct().toList().toString());
            String loop = first.get(0);

            // unchanged: the first chunk is read by the loop, which then finds it sends nothing; the rest by a mapper
            List<String> again = new ArrayList<>();
            SyncReport unchanged = harness.sync("users", rows(3_500, -1, -1, "p", again));
            assertEquals(3_500, unchanged.getUnchanged(), unchanged.toString());
            assertEquals(List.of(loop), again.subList(0, 1_000).stream().distinct().toList());
            assertEquals(List.of(loop + "-map"), again.subList(1_001, 3_500).stream().distinct().toList());

            // all changed: sent again, read by the loop alone
            List<String> changed = new ArrayList<>();
            SyncReport resent = harness.sync("users", rows(3_500, -1, -1, "q", changed));
            assertEquals(3_500, resent.getSucceeded(), resent.toString());
            assertEquals(0, resent.getUnchanged(), resent.toString());
            assertEquals(List.of(loop), changed.stream().distinct().toList());
            assertEquals(3_500, emulator.users().size());

            // a resync sends what the state finds unchanged: read by the loop alone too
            List<String> resynced = new ArrayList<>();
            SyncReport resync = harness.camel()
                    .createProducerTemplate()
                    .requestBodyAndHeader("direct:users", rows(3_500, -1, -1, "q", resynced), IterableConstants.RESYNC,
                            true, SyncReport.class);
            assertEquals(3_500, resync.getNew(), resync.toString());
            assertEquals(List.of(loop), resynced.stream().distinct().toList());
            Map<?, ?> fields = (Map<?, ?>) emulator.user("u3499@example.com").orElseThrow().get("dataFields");
            assertEquals("q3499", fields.get("PLAN"), fields.toString());
        }
    }
}
