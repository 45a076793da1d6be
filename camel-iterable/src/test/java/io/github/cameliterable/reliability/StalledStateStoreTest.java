package io.github.cameliterable.reliability;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.github.cameliterable.IterableComponent;
import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.state.JdbcStateStore;
import io.github.cameliterable.state.StateStore;
import io.github.cameliterable.support.Proxies;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A state store slower than Iterable's answers (a database's stall, a checkpoint, a lock) holds the run loop back, not
 * the heap: what Iterable acknowledged waits in memory to be written, so the loop stops sending while more than a
 * bound of it waits. Before, a first run of 10,000,000 rows on PostgreSQL in a 256 MB heap (rate limits off) queued
 * 214,000 acknowledgements behind one write and ran out of memory.
 */
class StalledStateStoreTest {
    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    private static final int USERS = 200_000;
    private static final int BATCH = 2_000;
    private static final String BULK = "/api/users/bulkUpdate";

    @Test
    void aStalledStoreStopsTheSendingNotTheHeap(@TempDir Path stateDirectory) throws Exception {
        IterableEmulator emulator = iterable.emulator();
        AtomicLong sentWhileStalled = new AtomicLong(-1);
        SyncReport report;
        try (JdbcStateStore real = JdbcStateStore.embedded(stateDirectory.resolve("state"));
                SyncHarness harness = new SyncHarness(emulator, stateDirectory, null)) {
            harness.bind("store", stallingFirstWrite(real, emulator, sentWhileStalled))
                    .route("users", "iterable:users?stateStore=#store&batchSize=" + BATCH);
            harness.camel().getComponent("iterable", IterableComponent.class).getRateLimits().setEnabled(false);
            emulator.rateLimits(false);
            CompletableFuture<SyncReport> run = harness.camel()
                    .createProducerTemplate()
                    .asyncRequestBody("direct:users", users(), SyncReport.class);
            report = run.get(120, TimeUnit.SECONDS);
        }

        assertEquals(USERS, report.getSucceeded(), report.toString());
        long stalled = sentWhileStalled.get();
        assertTrue(stalled >= 0, "the store's first write stalled");
        // the bound (4 x 16,384), the requests in flight (8 of 2,000) and the chunks on their way to them
        assertTrue(stalled <= 4 * 16_384 + 8 * BATCH + 10_000,
                "sent while the store stalled: " + stalled + " of " + USERS + " users");
    }

    /** A lazily made model of small users: the emulator's memory, not the test's, holds them. */
    private static Iterator<Map<String, Object>> users() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < USERS;
            }

            @Override
            public Map<String, Object> next() {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("email", "u" + next++ + "@example.com");
                row.put("plan", "free");
                return row;
            }
        };
    }

    /**
     * The store, whose first acknowledgement stalls until the emulator has received no request for a second (at most
     * 60 s): the users received by then were sent while it stalled.
     */
    private static StateStore stallingFirstWrite(StateStore store, IterableEmulator emulator, AtomicLong sentWhileStalled) {
        AtomicBoolean stalled = new AtomicBoolean();
        return Proxies.passingOn(StateStore.class, store, (method, args) -> {
            if (method.getName().equals("acknowledge") && stalled.compareAndSet(false, true)) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                long requests = -1;
                long quietSince = System.nanoTime();
                while (System.nanoTime() < deadline) {
                    long now = emulator.requestCount(BULK);
                    if (now != requests) {
                        requests = now;
                        quietSince = System.nanoTime();
                    } else if (System.nanoTime() - quietSince > TimeUnit.SECONDS.toNanos(1)) {
                        break;
                    }
                    Thread.sleep(50);
                }
                sentWhileStalled.set(requests * BATCH);
            }
            return Proxies.PASS;
        });
    }
}
