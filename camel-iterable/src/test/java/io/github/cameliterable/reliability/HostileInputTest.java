package io.github.cameliterable.reliability;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.support.LogCapture;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;
import io.github.cameliterable.sync.SyncReport.FailedRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Input built to break a run: elements that are no records, broken and deep JSON, huge and multi-line values, field
 * names Iterable cannot take. Each bad record fails alone, with its position and reason; the good ones land; the
 * report stays small and one line per failure.
 */
@ExtendWith(NoApiKeyInLogs.class)
class HostileInputTest {
    @RegisterExtension
    IterableEmulatorExtension iterable = Reliability.emulator().rateLimits(false).build();

    @TempDir
    Path state;

    SyncHarness harness;

    @BeforeEach
    void routes() {
        harness = new SyncHarness(iterable.emulator(), state, null)
                .route("users", "iterable:users?" + Reliability.FAST_RETRIES)
                .route("snapshot", "iterable:users?syncId=snapshot&snapshot=true&deleteBehavior=delete");
    }

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void everyElementThatCannotBeARecordFailsAloneWithItsPosition() {
        List<Object> body = new ArrayList<>(Reliability.users(1, 999));
        body.add(100, 42); // element 101
        body.add(500, "not JSON at all"); // element 501
        body.add(700, "[1, 2]"); // element 701: JSON, not an object
        Map<Object, Object> nullColumn = new HashMap<>(Reliability.user(5000));
        nullColumn.put(null, "x");
        body.add(900, nullColumn); // element 901
        SyncReport report = harness.sync("users", body);

        assertEquals(999, iterable.emulator().users().size(), report.toString());
        assertEquals(1003, report.getReceived());
        assertEquals(4, report.getFailed(), report.toString());
        assertFailure(report, 101, "not a record", "Integer");
        assertFailure(report, 501, "not a JSON object");
        assertFailure(report, 701, "not a JSON object");
        assertFailure(report, 901, "a column name is null");
        // a record that could not be read has no primary key: none is shown (it read "primary key 'null'")
        assertTrue(failureAt(report, 101).toString().startsWith("record 101: "), failureAt(report, 101).toString());
    }

    @Test
    void aNumberInsideAJsonArrayTextFailsAlone() throws Exception {
        String rows = new ObjectMapper().writeValueAsString(Reliability.users(1, 999));
        String body = rows.replaceFirst("\\{\"email\":\"u500@", "7,{\"email\":\"u500@");
        SyncReport report = harness.sync("users", body);

        assertEquals(999, iterable.emulator().users().size(), report.toString());
        assertEquals(1, report.getFailed(), report.toString());
        assertFailure(report, 500, "not a record", "Integer");
    }

    @Test
    void aSyntaxErrorInAJsonArrayTextKeepsTheRecordsBeforeItAndRemovesNothing() throws Exception {
        String rows = new ObjectMapper().writeValueAsString(Reliability.users(1, 1000));
        assertEquals(1000, harness.sync("snapshot", rows).getSucceeded());

        String broken = rows.replace("{\"email\":\"u501@example.com\",", "{\"email\":\"u501@example.com\" ");
        SyncReport report = harness.sync("snapshot", broken);

        assertEquals(501, report.getReceived(), report.toString());
        assertEquals(500, report.getUnchanged());
        assertEquals(1, report.getFailed());
        assertFailure(report, 501, "the JSON text is broken here", "not read");
        assertEquals(0, report.getRemoved(), "a body read in part is no snapshot");
        assertEquals(1000, iterable.emulator().users().size());
        assertTrue(iterable.emulator().deleted().isEmpty());
    }

    @Test
    void deepValuesOfEveryFormFailAloneBeforeAnyCall() {
        List<Map<String, Object>> body = new ArrayList<>(Reliability.users(1, 3));
        body.add(withColumn(4, "profile", "{\"a\":".repeat(1000) + "1" + "}".repeat(1000))); // JSON text, 1,000 levels
        body.add(withColumn(5, "profile", "{\"a\":".repeat(30) + "1" + "}".repeat(30))); // JSON text, 30 levels
        body.add(withColumn(6, "profile", deepNode(1000))); // JsonNode, 1,000 levels
        body.add(withColumn(7, "profile", new Chain(deepChain(40)))); // POJO, 40 levels
        body.add(withColumn(8, "profile", "{\"a\":".repeat(15) + "1" + "}".repeat(15))); // 15 levels: fine
        SyncReport report = harness.sync("users", body);

        assertEquals(4, iterable.emulator().users().size(), report.toString());
        assertEquals(4, report.getFailed(), report.toString());
        for (int index = 4; index <= 7; index++) {
            assertFailure(report, index, "nested deeper than 20 levels");
        }
    }

    @Test
    void aHugeBadValueKeepsTheReportSmall() {
        String hugeEmail = "x".repeat(5 * 1024 * 1024) + "@";
        List<Map<String, Object>> body = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            Map<String, Object> row = Reliability.user(i);
            row.put("email", hugeEmail + i);
            body.add(row);
        }
        body.addAll(Reliability.users(11, 12));
        SyncReport report = harness.sync("users", body);

        assertEquals(10, report.getFailed());
        assertEquals(2, iterable.emulator().users().size());
        String text = report.toString();
        assertTrue(text.length() < 10 * 1000, "the report is " + text.length() + " characters");
        for (FailedRecord failure : report.getFailures()) {
            assertTrue(failure.toString().length() < 1000, failure.toString());
            assertTrue(failure.reason().matches(".*\\.\\.\\.\\(52428\\d\\d characters\\).*"), failure.reason());
        }
    }

    @Test
    void aLineBreakInAValueCannotForgeAReportOrLogLine() {
        Map<String, Object> row = Reliability.user(2);
        row.put("email", "evil\n  failed record 99 (primary key 'FORGED'): x\r\nFORGED@example.com");
        List<Map<String, Object>> body = List.of(Reliability.user(1), row, Reliability.user(3));
        SyncReport report;
        try (LogCapture logs = new LogCapture()) {
            report = harness.sync("users", body);
            for (String line : logs.lines()) {
                assertTrue(!line.contains("FORGED") || !line.contains("\n"), line);
            }
        }
        assertEquals(1, report.getFailed());
        assertEquals(2, report.toString().lines().count(), report.toString()); // the counts, then one line per failure
        assertTrue(report.toString().lines().filter(l -> l.contains("FORGED")).count() == 1, report.toString());
        assertTrue(report.getFailures().get(0).reason().contains("evil\\n  failed record 99"), report.toString());
    }

    @Test
    void fieldNamesFollowTheSameRulesAtEveryLevel() {
        List<Map<String, Object>> body = new ArrayList<>(Reliability.users(1, 2));
        Map<Object, Object> nullKey = new HashMap<>();
        nullKey.put(null, "x");
        body.add(withColumn(3, "address", nullKey));
        body.add(withColumn(4, "address", Map.of("zip.code", "75001")));
        body.add(withColumn(5, "$set", "x"));
        body.add(withColumn(6, "address", Map.of("$where", "1")));
        body.add(withColumn(7, "address", "{\"a\":{\"b.c\":1}}"));
        body.add(withColumn(8, "bad\uD800name", "x"));
        SyncReport report = harness.sync("users", body);

        assertEquals(2, iterable.emulator().users().size(), report.toString());
        assertEquals(6, report.getFailed(), report.toString());
        assertFailure(report, 3, "field name is null");
        assertFailure(report, 4, "has a period");
        assertFailure(report, 5, "starts with $");
        assertFailure(report, 6, "starts with $");
        assertFailure(report, 7, "has a period");
        assertFailure(report, 8, "lone surrogate");
        assertEquals("address.zip.code", failureAt(report, 4).field());
        // every bad name is refused before any call: one request carries the two good users
        assertEquals(1, iterable.emulator().requestCount("/api/users/bulkUpdate"), report.toString());
    }

    /** A POJO that holds another: Jackson writes it as nested objects. */
    public record Chain(Object next) {
    }

    private static Object deepChain(int levels) {
        Object chain = "end";
        for (int i = 0; i < levels; i++) {
            chain = new Chain(chain);
        }
        return chain;
    }

    private static JsonNode deepNode(int levels) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode node = root;
        for (int i = 0; i < levels; i++) {
            node = node.putObject("a");
        }
        return root;
    }

    private static Map<String, Object> withColumn(int i, String column, Object value) {
        Map<String, Object> row = new LinkedHashMap<>(Reliability.user(i));
        row.put(column, value);
        return row;
    }

    private static FailedRecord failureAt(SyncReport report, long index) {
        return report.getFailures()
                .stream()
                .filter(f -> f.index() == index)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no failure at " + index + ": " + report));
    }

    private static void assertFailure(SyncReport report, long index, String... words) {
        FailedRecord failure = failureAt(report, index);
        for (String word : words) {
            assertTrue(failure.toString().contains(word), failure.toString());
        }
    }
}
