package io.github.cameliterable.safety;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.state.JdbcStateStore;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A row that is still in the model but cannot be sent (a value turned NaN, a bad field name) fails alone and keeps its
 * state: its key is no removal. Before, its key was missing from the run, so a snapshot deleted the user, cleared
 * their fields, took them off the list or deleted the catalog item (found by the seventeenth probe).
 */
class InvalidRowsStayInTheModelTest {
    @TempDir
    Path directory;

    private static List<Map<String, Object>> users(int count, int... invalid) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("EMAIL", "User" + i + "@Example.com"); // as a warehouse's driver names it; keyed without case
            row.put("SCORE", 1.0);
            row.put("PLAN", "pro");
            rows.add(row);
        }
        for (int i : invalid) {
            rows.get(i).put("SCORE", i % 2 == 0 ? Double.NaN : Double.POSITIVE_INFINITY);
        }
        return rows;
    }

    @Test
    void aUserWhoseRowTurnedInvalidIsNeitherDeletedNorCleared() throws Exception {
        for (String behavior : List.of("delete", "clear")) {
            try (IterableEmulator emulator = IterableEmulator.start();
                    SyncHarness harness = new SyncHarness(emulator, directory.resolve(behavior), null)) {
                harness.route("users", "iterable:users?syncId=people&snapshot=true&deleteBehavior=" + behavior);
                // more than two chunks, read on the mapper's thread; the last rows invalid, after the last chunk
                SyncReport first = harness.sync("users", users(2_500));
                assertEquals(2_500, first.getSucceeded(), first.toString());
                int[] invalid = {3, 1_200, 2_498, 2_499};
                SyncReport second = harness.sync("users", users(2_500, invalid));
                assertEquals(4, second.getFailed(), second.toString());
                assertEquals(0, second.getRemoved(), second.toString());
                assertEquals(2_496, second.getUnchanged(), second.toString());
                assertEquals(List.of(), emulator.deleted(), behavior);
                assertTrue(second.toString().contains("user3@example.com"), "the failure names the record's key");
                for (int i : invalid) {
                    Map<String, Object> fields = dataFields(emulator, "User" + i + "@Example.com");
                    assertEquals("pro", fields.get("PLAN"), behavior + ": user " + i + "'s fields are kept");
                }
                // fixed, the rows are sent; gone, they are removed
                SyncReport fixed = harness.sync("users", users(2_000));
                assertEquals(500, fixed.getRemoved(), fixed.toString());
                assertEquals(0, fixed.getFailed(), fixed.toString());
            }
        }
    }

    /**
     * A valid row and a failed row of the same key, in either order, in one chunk or in chunks apart: the valid row is
     * the key's record, sent as such (marked as they came, the read-ahead's failed key made a valid row a duplicate,
     * found by the eighteenth probe).
     */
    @Test
    void aValidRowIsTheRecordOfItsKeyWhereverAFailedRowOfTheSameKeyIs() throws Exception {
        int[][] places = {{1_500, 1_600}, {1_600, 1_500}, {1_001, 1_002}, {2_498, 2_499}, {300, 2_000}, {10, 20}};
        for (String snapshot : List.of("true", "false")) {
            for (int[] place : places) {
                int valid = place[0];
                int failed = place[1];
                try (IterableEmulator emulator = IterableEmulator.start();
                        SyncHarness harness = new SyncHarness(emulator, directory.resolve(snapshot + valid + "-" + failed),
                                null)) {
                    harness.route("users", "iterable:users?syncId=people&snapshot=" + snapshot);
                    List<Map<String, Object>> rows = users(2_500);
                    assertEquals(2_500, harness.sync("users", rows).getSucceeded());
                    rows.get(valid).put("SCORE", 7.0);
                    String email = (String) rows.get(valid).get("EMAIL");
                    Map<String, Object> failedRow = new LinkedHashMap<>(rows.get(valid));
                    failedRow.put("SCORE", Double.NaN);
                    rows.add(failed, failedRow); // one row more: every other key is still in the model
                    String where = "snapshot=" + snapshot + ", valid row " + valid + ", failed row " + failed;
                    SyncReport second = harness.sync("users", rows);
                    assertEquals(1, second.getChanged(), where + ": " + second);
                    assertEquals(1, second.getFailed(), where + ": " + second);
                    assertEquals(0, second.getDuplicates(), where + ": " + second);
                    assertEquals(0, second.getRemoved(), where + ": " + second);
                    assertEquals(7.0, dataFields(emulator, email).get("SCORE"), where);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> dataFields(IterableEmulator emulator, String email) {
        Map<String, Object> user = emulator.user(email.toLowerCase()).or(() -> emulator.user(email)).orElseThrow();
        return (Map<String, Object>) user.getOrDefault("dataFields", user);
    }

    @Test
    void aListMemberWhoseRowTurnedInvalidStaysOnTheList() throws Exception {
        try (IterableEmulator emulator = IterableEmulator.start();
                JdbcStateStore store = JdbcStateStore.embedded(directory.resolve("lists"));
                SyncHarness harness = new SyncHarness(emulator, directory, null)) {
            harness.bind("store", store).route("vip", "iterable:lists?listName=vip&snapshot=true&stateStore=#store");
            assertEquals(10, harness.sync("vip", users(10)).getSucceeded());
            SyncReport second = harness.sync("vip", users(10, 4));
            assertEquals(1, second.getFailed(), second.toString());
            assertEquals(0, second.getRemoved(), second.toString());
            assertEquals(10, emulator.listMembers(emulator.lists().get("vip")).size());
        }
    }

    @Test
    void aCatalogItemWhoseRowTurnedInvalidIsNotDeleted() throws Exception {
        try (IterableEmulator emulator = IterableEmulator.start();
                SyncHarness harness = new SyncHarness(emulator, directory, null)) {
            harness.route("items", "iterable:catalog?catalogName=things&createCatalog=true&deleteBehavior=delete"
                    + "&snapshot=true");
            List<Map<String, Object>> items = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                Map<String, Object> item = new HashMap<>(Map.of("ID", "it" + i, "PRICE", 1.5));
                items.add(item);
            }
            assertEquals(10, harness.sync("items", items).getSucceeded());
            items.get(4).put("PRICE", Double.NaN);
            items.get(5).put("a.b", "x");
            SyncReport second = harness.sync("items", items);
            assertEquals(2, second.getFailed(), second.toString());
            assertEquals(0, second.getRemoved(), second.toString());
            assertEquals(10, emulator.catalogItems("things").size(),
                    emulator.catalogItems("things").keySet().stream().sorted().collect(Collectors.joining(",")));
        }
    }
}
