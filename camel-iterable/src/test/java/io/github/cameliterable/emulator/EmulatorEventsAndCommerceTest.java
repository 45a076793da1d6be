package io.github.cameliterable.emulator;

import java.util.List;
import java.util.Map;

import io.github.cameliterable.emulator.EmulatorHttp.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.github.cameliterable.emulator.EmulatorUsersTest.dataFields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmulatorEventsAndCommerceTest {
    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.builder().rateLimits(false).build();

    @Test
    void trackBulkStoresEventsAndAnExistingIdReplacesTheEvent(IterableEmulator emulator) {
        EmulatorHttp http = new EmulatorHttp(emulator);
        Reply r = http.post("/api/events/trackBulk", Map.of("events", List.of(
                Map.of("email", "a@example.com", "eventName", "signup", "id", "evt-1", "dataFields", Map.of("plan", "free"),
                        "campaignId", 11, "templateId", 22, "createdAt", 1700000000),
                Map.of("email", "bad", "eventName", "signup"),
                Map.of("userId", "nobody", "eventName", "signup"))));
        assertEquals(200, r.status());
        assertEquals(1, r.json().get("successCount"));
        assertEquals(2, r.json().get("failCount"));
        assertEquals(List.of(), r.json().get("disallowedEventNames"));
        Map<?, ?> failed = (Map<?, ?>) r.json().get("failedUpdates");
        assertEquals(List.of("bad"), failed.get("invalidEmails"));
        assertEquals(List.of("nobody"), failed.get("notFoundUserIds"), "bare userId in an email project must exist");

        http.post("/api/events/trackBulk", Map.of("events", List.of(
                Map.of("email", "a@example.com", "eventName", "signup", "id", "evt-1", "dataFields", Map.of("plan", "pro")))));
        assertEquals(1, emulator.events().size());
        Map<String, Object> e = emulator.events().get(0);
        assertEquals("evt-1", e.get("id"));
        assertEquals("pro", ((Map<?, ?>) e.get("dataFields")).get("plan"));
        assertTrue(emulator.user("a@example.com").isPresent(), "tracking creates the user in email projects");

        Reply single = http.post("/api/events/track", Map.of("email", "a@example.com", "eventName", "login"));
        assertEquals("Success", single.code());
        assertNotNull(((Map<?, ?>) single.json().get("params")).get("id"));
        assertEquals(2, emulator.events().size());
    }

    @Test
    void updateCartSetsShoppingCartItemsAndTrackPurchaseClearsThem(IterableEmulator emulator) {
        EmulatorHttp http = new EmulatorHttp(emulator);
        List<Map<String, Object>> items = List.of(Map.of("id", "sku-1", "name", "Sock", "price", 10, "quantity", 2));
        Reply cart = http.post("/api/commerce/updateCart", Map.of("user", Map.of("email", "a@example.com",
                "dataFields", Map.of("tier", "gold")), "items", items));
        assertEquals(200, cart.status());
        Map<String, Object> fields = dataFields(emulator.user("a@example.com").orElseThrow());
        assertEquals("gold", fields.get("tier"));
        List<?> stored = (List<?>) fields.get("shoppingCartItems");
        assertEquals(1, stored.size());
        assertEquals("sku-1", ((Map<?, ?>) stored.get(0)).get("id"));
        assertEquals("updateCart", emulator.events().get(0).get("eventName"));

        Reply purchase = http.post("/api/commerce/trackPurchase",
                Map.of("id", "order-1", "user", Map.of("email", "a@example.com"),
                        "items", List.of(Map.of("id", "sku-1", "name", "Sock", "price", 9.5, "quantity", 2)), "total", 19.0,
                        "dataFields", Map.of("coupon", "X")));
        assertEquals(200, purchase.status());
        assertEquals("Success", purchase.code());
        assertEquals(Map.of("id", "order-1"), purchase.json().get("params"));
        assertEquals(List.of(), dataFields(emulator.user("a@example.com").orElseThrow()).get("shoppingCartItems"));
        assertEquals(1, emulator.purchases().size());
        assertEquals(19.0, emulator.purchases().get(0).get("total"));

        Reply missingTotal = http.withApiKey(emulator.apiKey())
                .post("/api/commerce/trackPurchase",
                        Map.of("user", Map.of("email", "a@example.com"), "items", items));
        assertEquals(400, missingTotal.status());
        emulator.clearContractViolations();
    }

    @Test
    void purchaseForANewUserCreatesIt(IterableEmulator emulator) {
        Reply r = new EmulatorHttp(emulator).post("/api/commerce/trackPurchase", Map.of("user",
                Map.of("email", "new@example.com", "dataFields", Map.of("src", "web")),
                "items", List.of(Map.of("id", "a", "name", "A", "price", 1, "quantity", 1)), "total", 1));
        assertEquals(200, r.status());
        assertEquals("web", dataFields(emulator.user("new@example.com").orElseThrow()).get("src"));
    }
}
