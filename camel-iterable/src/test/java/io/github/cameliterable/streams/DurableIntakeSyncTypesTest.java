package io.github.cameliterable.streams;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.support.PostgresState;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every sync type through the durable intake, as a stream hands it over: one warehouse row per exchange (upper-case
 * column names, nulls, {@code java.time} values), from concurrent callers, the context restarted halfway (records
 * queued and not yet sent are sent after it), each record landing in Iterable once; with the state embedded and on
 * PostgreSQL.
 */
class DurableIntakeSyncTypesTest {
    private static final int CALLERS = 4;
    private static final int EACH = 25;
    private static final int RECORDS = CALLERS * EACH;

    @TempDir
    Path state;

    /** A harness on the embedded store or, for "postgres", on the local PostgreSQL (skipped when it is not there). */
    private SyncHarness harness(IterableEmulator emulator, String store) {
        if (store.equals("postgres")) {
            javax.sql.DataSource ds = PostgresState.dataSourceOrSkip();
            PostgresState.dropTables(ds);
            return new SyncHarness(emulator, state, ds);
        }
        return new SyncHarness(emulator, state, null);
    }

    private static Map<String, Object> row(Object... pairs) {
        Map<String, Object> row = new HashMap<>(); // a driver's row: nulls allowed
        for (int i = 0; i < pairs.length; i += 2) {
            row.put((String) pairs[i], pairs[i + 1]);
        }
        return row;
    }

    private static String email(int i) {
        return "user" + i + "@example.com";
    }

    /** Sends the records 0..RECORDS-1 from concurrent callers, one per exchange, restarting the context halfway. */
    private static void stream(SyncHarness harness, String route, IntFunction<Map<String, Object>> record)
            throws Exception {
        harness.camel(); // started before the callers
        for (int half = 0; half < 2; half++) {
            int from = half * RECORDS / 2;
            ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
            List<Future<SyncReport>> reports = new ArrayList<>();
            for (int i = from; i < from + RECORDS / 2; i++) {
                int n = i;
                reports.add(pool.submit(() -> harness.sync(route, record.apply(n))));
            }
            for (Future<SyncReport> report : reports) {
                SyncReport r = report.get();
                assertEquals(1, r.getQueued(), r.toString());
                assertEquals(0, r.getFailed(), r.toString());
            }
            pool.shutdown();
            harness.restart(); // what was queued and not sent is sent after the restart (or drained by the stop)
        }
    }

    /** {@link #stream}s the records, then waits until {@code landed} counts each of them, once. */
    private static void streamAndAwait(SyncHarness harness, String route, IntFunction<Map<String, Object>> record,
            java.util.function.LongSupplier landed) throws Exception {
        stream(harness, route, record);
        awaitCount(landed, RECORDS);
        assertEquals(RECORDS, landed.getAsLong());
    }

    private static void awaitCount(java.util.function.LongSupplier count, long expected) throws InterruptedException {
        for (int i = 0; i < 200 && count.getAsLong() < expected; i++) {
            Thread.sleep(50);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"embedded", "postgres"})
    void usersFromUpperCaseRowsLandOnceEach(String store) throws Exception {
        try (IterableEmulator emulator = IterableEmulator.start();
                SyncHarness harness = harness(emulator, store)) {
            harness.route("users", "iterable:users?durableIntake=true&linger=20ms");
            streamAndAwait(harness, "users", i -> row("EMAIL", email(i), "FIRST_NAME", "U" + i, "SIGNED_UP",
                    LocalDate.of(2024, 1, 1 + i % 28), "NICKNAME", null), () -> emulator.users().size());
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) emulator.user(email(7)).orElseThrow().get("dataFields");
            assertEquals("U7", fields.get("FIRST_NAME"), fields.toString());
            assertTrue(String.valueOf(fields.get("SIGNED_UP")).startsWith("2024-01-08"), fields.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"embedded", "postgres"})
    void purchasesLandOnceEach(String store) throws Exception {
        try (IterableEmulator emulator = IterableEmulator.start();
                SyncHarness harness = harness(emulator, store)) {
            harness.route("purchases", "iterable:events?eventType=purchase&primaryKey=ORDER_ID&itemsColumn=ITEMS"
                    + "&totalColumn=TOTAL&createdAtColumn=CREATED_AT&durableIntake=true&linger=20ms");
            streamAndAwait(harness, "purchases", i -> row("ORDER_ID", "o-" + i, "EMAIL", email(i), "ITEMS",
                    "[{\"id\":\"sku-1\",\"name\":\"Mug\",\"price\":9.5,\"quantity\":1}]", "TOTAL",
                    new java.math.BigDecimal("9.50"), "CREATED_AT", Instant.parse("2024-05-01T10:00:00Z"), "COUPON", null),
                    () -> emulator.purchases().size());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"embedded", "postgres"})
    void catalogItemsLandOnceEach(String store) throws Exception {
        try (IterableEmulator emulator = IterableEmulator.start();
                SyncHarness harness = harness(emulator, store)) {
            harness.route("catalog", "iterable:catalog?catalogName=products&idColumn=SKU&createCatalog=true"
                    + "&durableIntake=true&linger=20ms");
            streamAndAwait(harness, "catalog", i -> row("SKU", "sku-" + i, "NAME", "Item " + i, "PRICE", 1.5 + i,
                    "UPDATED", Instant.parse("2024-05-01T10:00:00Z"), "COLOR", null),
                    () -> emulator.catalogItems("products").size());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"embedded", "postgres"})
    void listMembersLandOnceEach(String store) throws Exception {
        try (IterableEmulator emulator = IterableEmulator.start();
                SyncHarness harness = harness(emulator, store)) {
            harness.route("list", "iterable:lists?listName=vip&durableIntake=true&linger=20ms");
            streamAndAwait(harness, "list", i -> row("EMAIL", email(i), "TIER", i % 2 == 0 ? "gold" : null),
                    () -> emulator.lists().containsKey("vip") ? emulator.listMembers(emulator.lists().get("vip")).size() : 0);
            assertEquals(1, emulator.lists().size(), "one list, created once by name");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"embedded", "postgres"})
    void cartsEmailUpdatesAndDeletionsHappenOncePerKey(String store) throws Exception {
        try (IterableEmulator emulator = IterableEmulator.start();
                SyncHarness harness = harness(emulator, store)) {
            harness.route("users", "iterable:users?durableIntake=true&linger=20ms");
            harness.route("carts", "iterable:cart?primaryKey=CART_ID&itemsColumn=ITEMS&durableIntake=true&linger=20ms");
            harness.route("emails", "iterable:email?newEmailColumn=NEW_EMAIL&durableIntake=true&linger=20ms");
            harness.route("deletes", "iterable:userActions?action=delete&durableIntake=true&linger=20ms");
            streamAndAwait(harness, "users", i -> row("EMAIL", email(i), "TIER", "gold"), () -> emulator.users().size());

            stream(harness, "carts", i -> row("CART_ID", "c-" + i, "EMAIL", email(i), "ITEMS",
                    "[{\"id\":\"sku-1\",\"name\":\"Mug\",\"price\":9.5,\"quantity\":2}]"));
            awaitCount(() -> emulator.requestCount("/api/commerce/updateCart"), RECORDS);
            // the same carts again: a first-seen action, already done for every key
            stream(harness, "carts", i -> row("CART_ID", "c-" + i, "EMAIL", email(i), "ITEMS",
                    "[{\"id\":\"sku-1\",\"name\":\"Mug\",\"price\":9.5,\"quantity\":2}]"));
            Thread.sleep(300);
            assertEquals(RECORDS, emulator.requestCount("/api/commerce/updateCart"), "once per cart");

            streamAndAwait(harness, "emails", i -> row("EMAIL", email(i), "NEW_EMAIL", "new" + i + "@example.com"),
                    () -> emulator.requestCount("/api/users/updateEmail"));
            assertTrue(emulator.user("new3@example.com").isPresent());

            streamAndAwait(harness, "deletes", i -> row("EMAIL", "new" + i + "@example.com"),
                    () -> emulator.deleted().size());
            assertEquals(0, emulator.users().size());
        }
    }
}
