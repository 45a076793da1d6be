package io.github.cameliterable.changes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.state.Fingerprint;
import io.github.cameliterable.state.RocksStateStore;
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
 * What Iterable acknowledged is written to the state as the answers come, also once the model is read and the run
 * only waits for its last requests (Iterable's rate limit holds them back): before, the run left all of those to one
 * write after its last answer, and a first run of 1,000,000 users at the rate limit ended with 128,000 written at
 * once, a second after the last request (docs/performance.md, scenario 1).
 */
class AcknowledgedAsAnsweredTest {
    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    private static final int BATCH = 500;
    /** Four seconds of requests at users/bulkUpdate's 5 a second: the model is read long before the last is sent. */
    private static final int REQUESTS = 20;

    @Test
    void theStateIsWrittenWhileTheLastRequestsWaitForTheRateLimit(@TempDir Path stateDirectory) {
        IterableEmulator emulator = iterable.emulator();
        List<Integer> writes = new ArrayList<>();
        SyncReport report;
        try (RocksStateStore real = RocksStateStore.open(stateDirectory.resolve("state"));
                SyncHarness harness = new SyncHarness(emulator, stateDirectory, null)) {
            harness.bind("store", recordingWrites(real, writes))
                    .route("users", "iterable:users?stateStore=#store&batchSize=" + BATCH);
            report = harness.sync("users", users(REQUESTS * BATCH));
        }

        assertEquals(REQUESTS * BATCH, report.getSucceeded(), report.toString());
        assertEquals(REQUESTS, emulator.requestCount("/api/users/bulkUpdate"));
        assertEquals(REQUESTS * BATCH, writes.stream().mapToInt(Integer::intValue).sum(), writes.toString());
        // at most a second's requests (the rate limit's five) are answered together: the last write holds no more
        int last = writes.get(writes.size() - 1);
        assertTrue(last <= 5 * BATCH, "the last write stored " + last + " of " + REQUESTS * BATCH + " users: " + writes);
    }

    /** The store, recording how many records each acknowledgement it is asked to write holds. */
    private static StateStore recordingWrites(StateStore store, List<Integer> writes) {
        return Proxies.passingOn(StateStore.class, store, (method, args) -> {
            if (method.getName().equals("acknowledge") && args[1] instanceof List<?> records && !records.isEmpty()
                    && records.get(0) instanceof Fingerprint) {
                synchronized (writes) {
                    writes.add(records.size());
                }
            }
            return Proxies.PASS;
        });
    }

    private static List<Map<String, Object>> users(int count) {
        List<Map<String, Object>> users = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("email", "u" + i + "@example.com");
            row.put("plan", i % 2 == 0 ? "free" : "pro");
            users.add(row);
        }
        return users;
    }
}
