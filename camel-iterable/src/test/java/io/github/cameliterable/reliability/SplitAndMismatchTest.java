package io.github.cameliterable.reliability;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.cameliterable.IterableSyncException;
import io.github.cameliterable.emulator.FaultPlan;
import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.emulator.RecordedRequest;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Iterable refuses in a batch costs only the records it is about: a 413 splits the batch down to one record,
 * a type mismatch fails exactly the record holding the offending value; and the threshold of failed records.
 */
@ExtendWith(NoApiKeyInLogs.class)
class SplitAndMismatchTest {
    @RegisterExtension
    static IterableEmulatorExtension iterable = Reliability.emulator().rateLimits(false).build();

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
        emulator().faults(FaultPlan.none());
    }

    static IterableEmulator emulator() {
        return iterable.emulator();
    }

    @Test
    void a413SplitsTheBatchInHalvesDownToTheOneRecordTooLarge() {
        // any request over 20 KB is refused; 1000 users are ~60 KB, and user 500 alone is ~25 KB
        emulator().faults(FaultPlan.builder().force413Above(20_000).build());
        List<Map<String, Object>> rows = Reliability.users(1, 1000);
        rows.get(499).put("notes", "x".repeat(25_000));
        harness.route("users", "iterable:users?rateLimit=500");
        SyncReport report = harness.sync("users", rows);

        assertEquals(999, report.getSucceeded(), report.toString());
        assertEquals(1, report.getFailed());
        SyncReport.FailedRecord failed = report.getFailures().get(0);
        assertEquals("u500@example.com", failed.primaryKey());
        assertTrue(failed.reason().contains("too large (413)"), failed.toString());
        assertEquals(999, emulator().users().size());
        assertFalse(emulator().user("u500@example.com").isPresent());

        List<RecordedRequest> calls = emulator().requests();
        long refused = calls.stream().filter(r -> r.status() == 413).count();
        assertTrue(refused >= 4, "the first request and the halves holding user 500 down to it alone: " + refused);
        assertTrue(calls.stream().filter(r -> r.status() == 200).allMatch(r -> r.bodyBytes() <= 20_000));
        int smallest = calls.stream().filter(r -> r.status() == 413).mapToInt(RecordedRequest::bodyBytes).min().orElseThrow();
        assertTrue(smallest > 25_000 && smallest < 25_200, "the last 413 is for the record alone: " + smallest + " bytes");
    }

    @Test
    void aNumberIsNotTheTextIterableRefusedThatReadsTheSame() {
        harness.route("users", "iterable:users?rateLimit=500");
        // an earlier sync made visits a long in Iterable
        assertEquals(1, harness.sync("users", List.of(Map.of("email", "first@example.com", "visits", 1))).getSucceeded());
        SyncReport report = harness.sync("users", List.of(Map.of("email", "a@example.com", "visits", 7),
                Map.of("email", "b@example.com", "visits", "7"), Map.of("email", "c@example.com", "visits", 8)));

        assertEquals(1, report.getFailed(), report.toString());
        assertEquals("b@example.com", report.getFailures().get(0).primaryKey(), report.toString());
        assertEquals(2, report.getSucceeded(), "the number 7 fits the long field: " + report);
        assertTrue(emulator().user("a@example.com").isPresent());
    }

    @ParameterizedTest(name = "bad value at position {0} of the batch")
    @ValueSource(ints = {0, 499, 999})
    void oneZeroDateIn1000UsersFailsAloneNamingFieldTypeAndValue(int badPosition) {
        harness.route("users", "iterable:users?rateLimit=500");
        // an earlier sync made lastOrderAt a date in Iterable
        assertEquals(1, harness.sync("users", List.of(withDate(Reliability.user(0), "2024-03-01 10:00:00 +00:00")))
                .getSucceeded());
        assertEquals("date", emulator().fieldTypes().get("user").get("lastOrderAt"));

        List<Map<String, Object>> rows = Reliability.users(1, 1000);
        for (int i = 0; i < rows.size(); i++) {
            withDate(rows.get(i), i == badPosition ? "0000-00-00 00:00:00" : "2024-03-0" + (1 + i % 9) + " 10:00:00 +00:00");
        }
        long before = emulator().requestCount("/api/users/bulkUpdate");
        SyncReport report = harness.sync("users", rows);

        assertEquals(1000, report.getSent(), report.toString());
        assertEquals(999, report.getSucceeded(), report.toString());
        assertEquals(1, report.getFailed());
        SyncReport.FailedRecord failed = report.getFailures().get(0);
        String bad = Reliability.email(badPosition + 1);
        assertEquals(bad, failed.primaryKey(), failed.toString());
        assertEquals("lastOrderAt", failed.field());
        assertTrue(failed.reason().contains("\"0000-00-00 00:00:00\""), failed.reason());
        assertTrue(failed.reason().contains("type date"), failed.reason());
        assertEquals(1000, emulator().users().size(), "user 0 and the 999");
        assertFalse(emulator().user(bad).isPresent());
        assertEquals(2, emulator().requestCount("/api/users/bulkUpdate") - before, "the refused batch, then the 999");

        // the failed record is not acknowledged: fixed, it goes in the next run, alone
        rows.set(badPosition, withDate(Reliability.user(badPosition + 1), "2024-03-09 10:00:00 +00:00"));
        SyncReport fixed = harness.sync("users", rows);
        assertEquals(1, fixed.getNew(), fixed.toString());
        assertEquals(1, fixed.getSucceeded());
        assertTrue(emulator().user(bad).isPresent());
    }

    @Test
    void moreFailedRecordsThanMaxFailedRecordsFailTheExchangeWithTheReport() {
        List<Map<String, Object>> rows = Reliability.users(1, 10);
        rows.get(2).put("email", "not-an-email");
        rows.get(5).put("email", "also@not");
        rows.get(7).put("email", "three@@example.com");
        harness.route("strict", "iterable:users?syncId=strict&maxFailedRecords=2")
                .route("lenient", "iterable:users?syncId=lenient&maxFailedRecords=3");

        CamelExecutionException thrown = assertThrows(CamelExecutionException.class, () -> harness.sync("strict", rows));
        IterableSyncException failure = assertInstanceOf(IterableSyncException.class, thrown.getCause());
        assertTrue(failure.getMessage().contains("maxFailedRecords=2"), failure.getMessage());
        SyncReport report = failure.getReport();
        assertEquals(3, report.getFailed(), report.toString());
        assertEquals(7, report.getSucceeded(), "the good records are still synced");
        assertEquals(List.of("not-an-email", "also@not", "three@@example.com"),
                report.getFailures().stream().map(SyncReport.FailedRecord::primaryKey).toList());
        assertEquals(7, emulator().users().size());

        SyncReport lenient = harness.sync("lenient", rows);
        assertEquals(3, lenient.getFailed(), "three failures are within maxFailedRecords=3");
    }

    private static Map<String, Object> withDate(Map<String, Object> row, String date) {
        row.put("lastOrderAt", date);
        return row;
    }
}
