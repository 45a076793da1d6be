package io.github.cameliterable.reliability;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;
import io.github.cameliterable.text.SafeText;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A corpus of bad records across the sync types. Each bad record goes in one body between two good ones of the same
 * sync: it fails alone, before any call, with its primary key, the field and the reason; the two good ones land.
 */
@ExtendWith(NoApiKeyInLogs.class)
class ValidationCorpusTest {
    @RegisterExtension
    static IterableEmulatorExtension iterable = Reliability.emulator().rateLimits(false).build();

    @TempDir
    static Path state;

    static SyncHarness harness;
    static final AtomicInteger SEQUENCE = new AtomicInteger();

    /** The routes, one per sync type, each as a user writes it. */
    static final Map<String, String> ROUTES = Map.of(
            "users", "iterable:users",
            // an email project whose rows also carry a userId: a userId present is checked too
            "usersById", "iterable:users?syncId=withUserId",
            "events", "iterable:events?primaryKey=key&eventNameColumn=name&eventIdColumn=eventId&createdAtColumn=createdAt"
                    + "&campaignIdColumn=campaignId&templateIdColumn=templateId",
            "purchase", "iterable:events?eventType=purchase&primaryKey=key&campaignIdColumn=campaignId",
            "cart", "iterable:cart?primaryKey=key",
            "catalog", "iterable:catalog?catalogName=products&createCatalog=true",
            "email", "iterable:email?primaryKey=key",
            "lists", "iterable:lists?listName=newsletter",
            "delete", "iterable:userActions?mode=delete");

    @BeforeAll
    static void routes() {
        harness = new SyncHarness(iterable.emulator(), state, null);
        ROUTES.forEach(harness::route);
    }

    @AfterAll
    static void close() {
        harness.close();
    }

    /** One kind of bad record: the route, how to spoil a good row, and the expected field and reason. */
    record Kind(String name, String route, Consumer<Map<String, Object>> spoil, String field, String reason) {
        @Override
        public String toString() {
            return route + ": " + name;
        }
    }

    static Stream<Arguments> corpus() {
        List<Kind> kinds = new ArrayList<>();
        // users, email project
        kinds.add(kind("no email", "users", r -> r.remove("email"), "email", "has no email"));
        kinds.add(kind("email without @", "users", r -> r.put("email", "not-an-email"), "email", "not a valid email"));
        kinds.add(kind("email with a space", "users", r -> r.put("email", "a b@example.com"), "email", "not a valid email"));
        kinds.add(kind("email with two @", "users", r -> r.put("email", "a@@example.com"), "email", "not a valid email"));
        kinds.add(kind("email without a domain suffix", "users", r -> r.put("email", "a@localhost"), "email",
                "not a valid email"));
        kinds.add(kind("email over 255 characters", "users", r -> r.put("email", "a".repeat(250) + "@example.com"), "email",
                "not a valid email"));
        kinds.add(kind("NaN", "users", r -> r.put("score", Double.NaN), "score", "NaN cannot be sent"));
        kinds.add(kind("infinite number", "users", r -> r.put("score", Double.POSITIVE_INFINITY), "score",
                "Infinity cannot be sent"));
        kinds.add(kind("NaN inside a list", "users", r -> r.put("scores", List.of(1.0, Float.NaN)), "scores",
                "NaN cannot be sent"));
        kinds.add(kind("nesting deeper than 20 levels", "users", r -> r.put("deep", nested(25)), "deep.level.*",
                "nested deeper than 20"));
        kinds.add(kind("empty field name", "users", r -> r.put("", "x"), "", "field name is empty"));
        kinds.add(kind("blank field name", "users", r -> r.put("  ", "x"), "  ", "field name is empty"));
        kinds.add(kind("field name with a period", "users", r -> r.put("address.city", "Paris"), "address.city",
                "has a period"));
        // users with a userId
        kinds.add(kind("userId over 52 characters", "usersById", r -> r.put("userId", "u".repeat(53)), "userId",
                "longer than 52 characters"));
        kinds.add(kind("userId with a trailing space", "usersById", r -> r.put("userId", "user-1 "), "userId",
                "ends with a space"));
        kinds.add(kind("userId not ASCII", "usersById", r -> r.put("userId", "usér-1"), "userId", "non-ASCII"));
        kinds.add(kind("userId with a control character", "usersById", r -> r.put("userId", "user\t1"), "userId",
                "non-printable"));
        // custom events
        kinds.add(kind("event id over 512 bytes", "events", r -> r.put("eventId", "é".repeat(300)), "eventId",
                "longer than 512 bytes"));
        kinds.add(kind("createdAt not a date", "events", r -> r.put("createdAt", "yesterday"), "createdAt",
                "is not a date"));
        kinds.add(kind("createdAt 0000-00-00 00:00:00", "events", r -> r.put("createdAt", "0000-00-00 00:00:00"),
                "createdAt", "is not a date"));
        kinds.add(kind("no event name", "events", r -> r.put("name", " "), "name", "has no event name"));
        kinds.add(kind("campaignId not a number", "events", r -> r.put("campaignId", "spring"), "campaignId",
                "is not a whole number"));
        kinds.add(kind("templateId with decimals", "events", r -> r.put("templateId", "12.5"), "templateId",
                "is not a whole number"));
        kinds.add(kind("event without a user", "events", r -> r.remove("email"), "email", "has no email"));
        kinds.add(kind("no primary key", "events", r -> r.remove("key"), "key", "primary key column 'key' is empty"));
        // purchases
        kinds.add(kind("no total", "purchase", r -> r.remove("total"), "total", "has no total"));
        kinds.add(kind("total not a number", "purchase", r -> r.put("total", "ten"), "total", "is not a number"));
        kinds.add(kind("no items", "purchase", r -> r.remove("items"), "items", "has no items"));
        kinds.add(kind("items not a list", "purchase", r -> r.put("items", "sku-1"), "items", "must be a JSON array"));
        kinds.add(kind("item without id", "purchase", r -> r.put("items", List.of(item(null, "Mug", 3, 1))), "items[0].id",
                "needs an id"));
        kinds.add(kind("item without name", "purchase", r -> r.put("items", List.of(item("m1", null, 3, 1))),
                "items[0].name", "needs a name"));
        kinds.add(kind("item price not a number", "purchase", r -> r.put("items", List.of(item("m1", "Mug", "free", 1))),
                "items[0].price", "is not a number"));
        kinds.add(kind("total beyond a double", "purchase", r -> r.put("total", "1e400"), "total", "not a finite number"));
        kinds.add(kind("item price NaN as text", "purchase", r -> r.put("items", List.of(item("m1", "Mug", "NaN", 1))),
                "items[0].price", "is not a number"));
        kinds.add(kind("item price Infinity as text", "purchase",
                r -> r.put("items", List.of(item("m1", "Mug", "Infinity", 1))), "items[0].price", "is not a number"));
        kinds.add(kind("item price beyond a double", "purchase", r -> r.put("items", List.of(item("m1", "Mug", "1e400", 1))),
                "items[0].price", "not a finite number"));
        kinds.add(kind("item quantity beyond 64 bits", "purchase", r -> r.put("items", List.of(item("m1", "Mug", 3, 1e30))),
                "items[0].quantity", "outside Iterable's 64-bit range"));
        kinds.add(kind("item id an object", "purchase", r -> r.put("items", List.of(withId(Map.of("sku", "m1")))),
                "items[0].id", "must be text or a number"));
        kinds.add(kind("item dataFields not an object", "purchase",
                r -> r.put("items", List.of(with(item("m1", "Mug", 3, 1), "dataFields", "x"))), "items[0].dataFields",
                "must be an object"));
        kinds.add(kind("purchase campaignId over 32 bits", "purchase", r -> r.put("campaignId", 3_000_000_000L), "campaignId",
                "outside the 32-bit range"));
        kinds.add(kind("item quantity with decimals", "purchase",
                r -> r.put("items", List.of(item("m1", "Mug", 3, 1), item("m2", "Cup", 2, 1.5))), "items[1].quantity",
                "whole number"));
        kinds.add(kind("negative item quantity", "purchase", r -> r.put("items", List.of(item("m1", "Mug", 3, -1))),
                "items[0].quantity", "whole number"));
        // carts
        kinds.add(kind("cart item not an object", "cart", r -> r.put("items", List.of("m1")), "items[0]",
                "must be an object"));
        kinds.add(kind("cart without items", "cart", r -> r.put("items", null), "items", "has no items"));
        kinds.add(kind("cart with an invalid email", "cart", r -> r.put("email", "nobody@"), "email", "not a valid email"));
        // catalog
        kinds.add(kind("catalog id with a space", "catalog", r -> r.put("id", "item 1"), "id", "not a valid catalog id"));
        kinds.add(kind("catalog id with a slash", "catalog", r -> r.put("id", "a/b"), "id", "not a valid catalog id"));
        kinds.add(kind("catalog id over 255 characters", "catalog", r -> r.put("id", "i".repeat(256)), "id",
                "not a valid catalog id"));
        kinds.add(kind("catalog field name with a period", "catalog", r -> r.put("size.cm", 3), "size.cm",
                "has a period"));
        kinds.add(kind("catalog item over 30 KB", "catalog", r -> r.put("description", "d".repeat(31_000)), null,
                "Iterable takes at most"));
        kinds.add(kind("catalog NaN", "catalog", r -> r.put("price", Double.NaN), "price", "NaN cannot be sent"));
        // email changes
        kinds.add(kind("new email invalid", "email", r -> r.put("newEmail", "new@"), "newEmail", "not a valid email"));
        kinds.add(kind("no new email", "email", r -> r.remove("newEmail"), "newEmail", "has no new email"));
        kinds.add(kind("current email invalid", "email", r -> r.put("email", "old@@example.com"), "email",
                "not a valid email"));
        // lists and user actions
        kinds.add(kind("list member with an invalid email", "lists", r -> r.put("email", "x@y"), "email",
                "not a valid email"));
        kinds.add(kind("list member without email", "lists", r -> r.remove("email"), "email", "has no email"));
        kinds.add(kind("delete of an invalid email", "delete", r -> r.put("email", "no at sign"), "email",
                "not a valid email"));
        return kinds.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void aBadRecordFailsAloneWithItsKeyFieldAndReason(Kind kind) {
        IterableEmulator emulator = iterable.emulator();
        int n = SEQUENCE.incrementAndGet() * 10;
        Map<String, Object> bad = row(kind.route(), n + 1);
        kind.spoil().accept(bad);
        List<Map<String, Object>> body = List.of(row(kind.route(), n), bad, row(kind.route(), n + 2));
        Object expectedKey = primaryKey(kind.route(), bad);

        if (kind.route().equals("catalog") || kind.route().equals("lists")) {
            // the emulator was reset: a new context looks the catalog or list up (and creates it) again
            harness.restart();
        }
        SyncReport report = harness.sync(kind.route(), body);

        assertEquals(3, report.getReceived(), report.toString());
        assertEquals(1, report.getFailed(), report.toString());
        assertEquals(2, report.getSucceeded(), "the good records of the body land: " + report);
        SyncReport.FailedRecord failure = report.getFailures().get(0);
        assertEquals(2, failure.index(), "the second record of the body (counted from 1): " + failure);
        // reports show a key as SafeText does: escaped, and cut after 200 characters
        assertEquals(expectedKey == null ? null : SafeText.of(expectedKey), failure.primaryKey(), failure.toString());
        if (kind.field() == null) {
            assertNull(failure.field(), failure.toString());
        } else if (kind.field().endsWith("*")) {
            // a path into the value: the field and where in it the problem is
            assertTrue(failure.field().startsWith(kind.field().substring(0, kind.field().length() - 1)), failure.toString());
        } else {
            assertEquals(kind.field(), failure.field(), failure.toString());
        }
        assertTrue(failure.reason().contains(kind.reason()), failure.toString());
        // what was sent conformed to Iterable's API
        assertTrue(emulator.contractViolations().isEmpty(), emulator.contractViolations().toString());
    }

    /** The primary key the report names: the route's primary key column, or the identifier that matches users. */
    private static Object primaryKey(String route, Map<String, Object> row) {
        return switch (route) {
            case "events", "purchase", "cart", "email" -> row.get("key");
            case "catalog" -> row.get("id");
            default -> row.get("email");
        };
    }

    /** A good row of a route, unique by n. */
    static Map<String, Object> row(String route, int n) {
        Map<String, Object> row = new LinkedHashMap<>();
        switch (route) {
            case "usersById" -> {
                row.put("email", Reliability.email(n));
                row.put("userId", "user-" + n);
                row.put("plan", "pro");
            }
            case "events" -> {
                row.put("key", "ev-" + n);
                row.put("email", Reliability.email(n));
                row.put("name", "signup");
                row.put("eventId", "event-" + n);
                row.put("createdAt", "2024-05-01 10:00:00 +00:00");
                row.put("campaignId", 1234);
                row.put("templateId", "5678");
                row.put("source", "web");
            }
            case "purchase" -> {
                row.put("key", "order-" + n);
                row.put("email", Reliability.email(n));
                row.put("total", 5.0);
                row.put("items", List.of(item("m1", "Mug", 3, 1), item("m2", "Cup", 2, 1)));
            }
            case "cart" -> {
                row.put("key", "cart-" + n);
                row.put("email", Reliability.email(n));
                row.put("items", List.of(item("m1", "Mug", 3, 2)));
            }
            case "catalog" -> {
                row.put("id", "item-" + n);
                row.put("name", "Item " + n);
                row.put("price", 9.5);
            }
            case "email" -> {
                row.put("key", "change-" + n);
                row.put("email", Reliability.email(n));
                row.put("newEmail", "new" + n + "@example.com");
            }
            case "lists", "delete" -> row.put("email", Reliability.email(n));
            default -> {
                row.put("email", Reliability.email(n));
                row.put("plan", "pro");
                row.put("score", 1.5);
            }
        }
        if (route.equals("email") || route.equals("delete")) {
            // the users must exist in Iterable first
            harness.sync("users", List.of(Map.of("email", Reliability.email(n))));
        }
        return row;
    }

    private static Map<String, Object> item(String id, String name, Object price, Object quantity) {
        Map<String, Object> item = new HashMap<>();
        if (id != null) {
            item.put("id", id);
        }
        if (name != null) {
            item.put("name", name);
        }
        item.put("price", price);
        item.put("quantity", quantity);
        return item;
    }

    private static Map<String, Object> withId(Object id) {
        return with(item(null, "Mug", 3, 1), "id", id);
    }

    private static Map<String, Object> with(Map<String, Object> item, String key, Object value) {
        item.put(key, value);
        return item;
    }

    private static Map<String, Object> nested(int depth) {
        Map<String, Object> map = new HashMap<>(Map.of("leaf", 1));
        for (int i = 0; i < depth; i++) {
            map = new HashMap<>(Map.of("level", map));
        }
        return map;
    }

    private static Kind kind(String name, String route, Consumer<Map<String, Object>> spoil, String field, String reason) {
        return new Kind(name, route, spoil, field, reason);
    }
}
