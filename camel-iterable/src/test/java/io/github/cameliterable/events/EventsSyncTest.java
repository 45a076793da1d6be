package io.github.cameliterable.events;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.FailedToStartRouteException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Custom events and purchases against the emulator (in contract mode when the spec is present). */
class EventsSyncTest {
    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    @TempDir
    Path state;

    SyncHarness harness;

    @BeforeEach
    void harness() {
        harness = new SyncHarness(iterable.emulator(), state, null);
    }

    @AfterEach
    void close() {
        harness.close();
    }

    static Map<String, Object> row(Object... keyValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            row.put((String) keyValues[i], keyValues[i + 1]);
        }
        return row;
    }

    private List<Map<String, Object>> events(String name) {
        return iterable.emulator().events().stream().filter(e -> name.equals(e.get("eventName"))).collect(Collectors.toList());
    }

    @Test
    void staticNameTimestampsCampaignAndTemplate() {
        harness.route("shipped", "iterable:events?eventName=order_shipped&primaryKey=order&createdAtColumn=at"
                + "&campaignId=11&templateIdColumn=template");
        OffsetDateTime at = OffsetDateTime.of(2024, 3, 1, 8, 0, 0, 0, ZoneOffset.UTC);
        SyncReport report = harness.sync("shipped", List.of(
                row("order", "o-1", "email", "a@example.com", "at", at, "template", 22, "carrier", "ups"),
                row("order", "o-2", "email", "b@example.com", "at", "2024-03-02T09:30:00Z", "template", 23, "carrier", "dhl"),
                row("order", "o-3", "email", "c@example.com", "at", 1709370000000L, "template", 24, "carrier", "fedex")));
        assertEquals(3, report.getSucceeded(), report.toString());
        List<Map<String, Object>> held = events("order_shipped");
        assertEquals(3, held.size());
        Map<String, Object> first = held.get(0);
        assertEquals("a@example.com", first.get("email"));
        assertEquals(at.toEpochSecond(), ((Number) first.get("createdAt")).longValue());
        assertEquals(11L, ((Number) first.get("campaignId")).longValue());
        assertEquals(22L, ((Number) first.get("templateId")).longValue());
        assertEquals(Map.of("carrier", "ups"), first.get("dataFields"));
        assertEquals(OffsetDateTime.parse("2024-03-02T09:30:00Z").toEpochSecond(),
                ((Number) held.get(1).get("createdAt")).longValue());
        assertEquals(1709370000L, ((Number) held.get(2).get("createdAt")).longValue(), "epoch millis become seconds");
    }

    /**
     * {@code createNewFields} goes in each event (Iterable's TrackRequest), not beside the events array: the bulk
     * body (BulkTrackRequest) has no such property, and the emulator's contract check refused every event of such a
     * sync (400, split down to single records: 1,197 requests for 200 events in a probe).
     */
    @Test
    void createNewFieldsIsEachEventsFlag() {
        harness.route("fresh", "iterable:events?eventName=signed_up&primaryKey=id&createNewFields=true");
        SyncReport report = harness.sync("fresh", List.of(row("id", "s-1", "email", "a@example.com", "plan", "pro"),
                row("id", "s-2", "email", "b@example.com", "plan", "free")));
        assertEquals(2, report.getSucceeded(), report.toString());
        assertEquals(1, report.getApiCalls(), report.toString());
        assertEquals(2, events("signed_up").size());
    }

    @Test
    void eventNameFromAColumnAndACleanErrorWithoutAnyName() {
        harness.route("named", "iterable:events?eventNameColumn=kind&primaryKey=id");
        SyncReport report = harness.sync("named", List.of(
                row("id", 1, "email", "a@example.com", "kind", "signup"),
                row("id", 2, "email", "a@example.com", "kind", "login"),
                row("id", 3, "email", "a@example.com")));
        assertEquals(2, report.getSucceeded(), report.toString());
        assertEquals(1, report.getFailed());
        assertEquals("kind", report.getFailures().get(0).field());
        assertEquals(1, events("signup").size());
        assertEquals(1, events("login").size());

        Exception noName = assertThrows(Exception.class,
                () -> harness.route("nameless", "iterable:events?primaryKey=id").sync("nameless", row("id", 1)));
        Throwable cause = noName;
        while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
            cause = cause.getCause();
        }
        assertTrue(cause.getMessage().contains("eventName") && cause.getMessage().contains("eventNameColumn"),
                cause.getMessage());
        assertTrue(noName instanceof FailedToStartRouteException || noName instanceof FailedToCreateRouteException
                || noName instanceof RuntimeException);
    }

    @Test
    void aUsersManyEventsInOneModelAreEachSentKeyedByTheirEventId() {
        // warehouse rows as a driver returns them: upper-case names; no primaryKey option, only the event id column
        harness.route("orders", "iterable:events?eventName=order_placed&eventIdColumn=order_id");
        List<Map<String, Object>> model = List.of(row("EMAIL", "a@example.com", "ORDER_ID", "o-1", "AMOUNT", 10),
                row("EMAIL", "a@example.com", "ORDER_ID", "o-2", "AMOUNT", 20),
                row("EMAIL", "a@example.com", "ORDER_ID", "o-3", "AMOUNT", 30),
                row("EMAIL", "b@example.com", "ORDER_ID", "o-4", "AMOUNT", 40));
        SyncReport first = harness.sync("orders", model);
        assertEquals(4, first.getNew(), first.toString());
        assertEquals(0, first.getDuplicates(), "a user's second order is not a duplicate of the first: " + first);
        assertEquals(List.of("o-1", "o-2", "o-3", "o-4"),
                events("order_placed").stream().map(e -> e.get("id")).sorted().toList());

        SyncReport again = harness.sync("orders", model);
        assertEquals(4, again.getUnchanged(), again.toString());
        assertEquals(0, again.getSent());
    }

    @Test
    void aStreamOfOneUsersEventsWithoutIdsSendsEachAndARedeliveredMessageOnce() {
        // one record per exchange, as from Kafka or JMS: no event id, no primaryKey option
        harness.route("clicks", "iterable:events?eventName=click");
        for (int i = 1; i <= 5; i++) {
            SyncReport report = harness.sync("clicks", row("email", "a@example.com", "page", "/p" + i));
            assertEquals(1, report.getNew(), "each click of the same user is a new event: " + report);
            assertEquals(1, report.getSucceeded(), report.toString());
        }
        SyncReport redelivered = harness.sync("clicks", row("email", "a@example.com", "page", "/p3"));
        assertEquals(1, redelivered.getUnchanged(), "the same message again is the same event: " + redelivered);
        assertEquals(0, redelivered.getSent());
        assertEquals(List.of("/p1", "/p2", "/p3", "/p4", "/p5"), events("click").stream()
                .map(e -> ((Map<?, ?>) e.get("dataFields")).get("page"))
                .toList());

        // a model of such events: each sent once, a rerun sends nothing, a new row is sent alone
        harness.route("visits", "iterable:events?eventName=visit&deriveEventId=true");
        List<Map<String, Object>> visits = List.of(row("email", "a@example.com", "page", "/a"),
                row("email", "a@example.com", "page", "/b"));
        assertEquals(2, harness.sync("visits", visits).getSucceeded());
        List<Map<String, Object>> more = List.of(visits.get(0), visits.get(1), row("email", "a@example.com", "page", "/c"));
        SyncReport rerun = harness.sync("visits", more);
        assertEquals(2, rerun.getUnchanged(), rerun.toString());
        assertEquals(1, rerun.getNew(), rerun.toString());
        assertEquals(3, events("visit").stream().map(e -> e.get("id")).distinct().count(),
                "an id derived from each event's content, not one per user");
    }

    @Test
    void aChangedRowWithAnEventIdModifiesTheEventWithoutOneItIsNotResent() {
        harness.route("withId", "iterable:events?eventName=plan_changed&eventIdColumn=id&primaryKey=id")
                .route("withoutId", "iterable:events?eventName=visit&primaryKey=visit");
        harness.sync("withId", List.of(row("id", "e-1", "email", "a@example.com", "plan", "free")));
        harness.sync("withoutId", List.of(row("visit", "v-1", "email", "a@example.com", "page", "/home")));

        SyncReport modified = harness.sync("withId", List.of(row("id", "e-1", "email", "a@example.com", "plan", "pro")));
        assertEquals(1, modified.getChanged(), modified.toString());
        assertEquals(1, modified.getSucceeded());
        SyncReport notResent = harness.sync("withoutId",
                List.of(row("visit", "v-1", "email", "a@example.com", "page", "/pricing")));
        assertEquals(1, notResent.getChanged(), notResent.toString());
        assertEquals(0, notResent.getSent());
        assertEquals(1, notResent.getSkipped());

        assertEquals(1, events("plan_changed").size());
        assertEquals(Map.of("plan", "pro"), events("plan_changed").get(0).get("dataFields"));
        assertEquals("e-1", events("plan_changed").get(0).get("id"));
        assertEquals(1, events("visit").size());
        assertEquals(Map.of("page", "/home"), events("visit").get(0).get("dataFields"));
        // the stored content was updated: the next run sees the row as unchanged
        assertEquals(1, harness.sync("withoutId", List.of(row("visit", "v-1", "email", "a@example.com", "page", "/pricing")))
                .getUnchanged());
    }

    @Test
    void aDerivedEventIdMakesReplaysSafe() {
        harness.route("derived", "iterable:events?eventName=order_placed&deriveEventId=true&primaryKey=order");
        harness.sync("derived", List.of(row("order", "o-9", "email", "a@example.com", "amount", 10)));
        SyncReport changed = harness.sync("derived", List.of(row("order", "o-9", "email", "a@example.com", "amount", 12)));
        assertEquals(1, changed.getSucceeded(), changed.toString());
        assertEquals(1, events("order_placed").size(), "the changed row modified its event");
        assertEquals("{amount=12}", events("order_placed").get(0).get("dataFields").toString());
    }

    @Test
    void purchasesWithItemsAndTotalLandAndIncompleteOnesFailClearly() {
        harness.route("orders", "iterable:events?eventType=purchase&eventIdColumn=order&primaryKey=order");
        String items = "[{\"id\":\"sku-1\",\"name\":\"Mug\",\"price\":9.5,\"quantity\":2,\"color\":\"red\"}]";
        SyncReport report = harness.sync("orders", List.of(
                row("order", "p-1", "email", "a@example.com", "items", items, "total", 19.0, "channel", "web"),
                row("order", "p-2", "email", "b@example.com",
                        "items", List.of(Map.of("id", "sku-2", "name", "Tea", "price", 4, "quantity", 1)), "total", 4),
                row("order", "p-3", "email", "c@example.com", "total", 5),
                row("order", "p-4", "email", "d@example.com", "items", items),
                row("order", "p-5", "email", "e@example.com", "items", "[{\"id\":\"x\",\"name\":\"Cup\",\"quantity\":1}]",
                        "total", 1),
                row("order", "p-6", "email", "f@example.com", "items", List.of(), "total", 0)));
        assertEquals(2, report.getSucceeded(), report.toString());
        assertEquals(4, report.getFailed());
        Map<String, String> fields = report.getFailures()
                .stream()
                .collect(Collectors.toMap(f -> f.primaryKey(), f -> f.field() + ": " + f.reason()));
        assertTrue(fields.get("p-3").startsWith("items:"), fields.toString());
        assertTrue(fields.get("p-4").startsWith("total:"), fields.toString());
        assertTrue(fields.get("p-5").startsWith("items[0].price:"), fields.toString());
        assertEquals("items: the purchase has no items (column 'items' is an empty list)", fields.get("p-6"));

        List<Map<String, Object>> purchases = iterable.emulator().purchases();
        assertEquals(2, purchases.size());
        assertEquals(2, iterable.emulator().requestCount("/api/commerce/trackPurchase"), "no call for the bad ones");
        // purchases go one call a record, concurrently: find p-1 by its id
        Map<String, Object> first = purchases.stream().filter(p -> "p-1".equals(p.get("id"))).findFirst().orElseThrow();
        assertEquals(19.0, ((Number) first.get("total")).doubleValue());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> firstItems = (List<Map<String, Object>>) first.get("items");
        assertEquals("sku-1", firstItems.get(0).get("id"));
        assertEquals(Map.of("color", "red"), firstItems.get(0).get("dataFields"));
    }

    @Test
    void aCampaignIdThatIsNotAWholeNumberFailsItsRecordInsteadOfBeingCut() {
        harness.route("attributed", "iterable:events?eventName=opened&eventIdColumn=id&campaignIdColumn=campaign");
        SyncReport report = harness.sync("attributed", List.of(
                row("id", "e-1", "email", "a@example.com", "campaign", 12),
                row("id", "e-2", "email", "b@example.com", "campaign", 12.5),
                row("id", "e-3", "email", "c@example.com", "campaign", "13"),
                row("id", "e-4", "email", "d@example.com", "campaign", 14.0)));
        assertEquals(3, report.getSucceeded(), report.toString());
        assertEquals(1, report.getFailed(), report.toString());
        assertEquals("campaign", report.getFailures().get(0).field());
        assertEquals("'12.5' is not a whole number", report.getFailures().get(0).reason());
        assertEquals(List.of(12L, 13L, 14L), events("opened").stream()
                .map(e -> ((Number) e.get("campaignId")).longValue())
                .sorted()
                .toList());
    }
}
