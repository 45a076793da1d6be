package io.github.cameliterable.reliability;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * preflightFieldTypes=true: Iterable's user field types are read once a run (GET users/getFields) and a record
 * whose value does not fit fails before it is sent, so Iterable never refuses the batch.
 */
@ExtendWith(NoApiKeyInLogs.class)
class PreflightFieldTypesTest {
    @RegisterExtension
    static IterableEmulatorExtension iterable = Reliability.emulator().rateLimits(true).build();

    @TempDir
    Path state;

    SyncHarness harness;

    @BeforeEach
    void harness() {
        harness = new SyncHarness(emulator(), state, null);
    }

    @AfterEach
    void close() {
        harness.close();
    }

    static IterableEmulator emulator() {
        return iterable.emulator();
    }

    @Test
    void aValueThatDoesNotFitItsFieldFailsBeforeAnyCall() {
        harness.route("users", "iterable:users?preflightFieldTypes=true");
        // an earlier sync typed lastOrderAt as a date, visits as a long and address.zip as a string
        Map<String, Object> first = Reliability.user(0);
        first.put("lastOrderAt", "2024-03-01 10:00:00 +00:00");
        first.put("address", Map.of("zip", "75001"));
        assertEquals(1, harness.sync("users", List.of(first)).getSucceeded());
        assertEquals(1, emulator().requestCount("/api/users/getFields"), "read once a run");

        List<Map<String, Object>> rows = Reliability.users(1, 1000);
        rows.forEach(r -> r.put("lastOrderAt", "2024-03-02 10:00:00 +00:00"));
        rows.get(99).put("lastOrderAt", "0000-00-00 00:00:00");
        rows.get(199).put("visits", "many");
        rows.get(299).put("address", Map.of("zip", 75002));
        long before = emulator().requestCount("/api/users/bulkUpdate");
        SyncReport report = harness.sync("users", rows);

        assertEquals(997, report.getSucceeded(), report.toString());
        assertEquals(3, report.getFailed());
        assertEquals(List.of("u100@example.com", "u200@example.com", "u300@example.com"),
                report.getFailures().stream().map(SyncReport.FailedRecord::primaryKey).toList());
        assertEquals(List.of("lastOrderAt", "visits", "address.zip"),
                report.getFailures().stream().map(SyncReport.FailedRecord::field).toList());
        SyncReport.FailedRecord zero = report.getFailures().get(0);
        assertTrue(zero.reason().contains("\"0000-00-00 00:00:00\"") && zero.reason().contains("type date"), zero.toString());
        assertTrue(report.getFailures().get(1).reason().contains("type long"), report.toString());
        assertTrue(report.getFailures().get(2).reason().contains("type string"), report.toString());
        assertEquals(1, emulator().requestCount("/api/users/bulkUpdate") - before, "one call, never refused");
        assertEquals(2, emulator().requestCount("/api/users/getFields"));
        assertTrue(emulator().requests().stream().noneMatch(r -> r.status() == 400));
        assertEquals(998, emulator().users().size());
        assertFalse(emulator().user("u100@example.com").isPresent());
    }

    @Test
    void offByDefault() {
        harness.route("users", "iterable:users");
        harness.sync("users", Reliability.users(1, 3));
        assertEquals(0, emulator().requestCount("/api/users/getFields"));
    }
}
