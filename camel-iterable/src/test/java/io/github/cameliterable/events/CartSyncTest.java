package io.github.cameliterable.events;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Cart rows are inserts: shoppingCartItems is updated once per primary key, across runs and restarts. */
class CartSyncTest {
    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    @TempDir
    Path state;

    @SuppressWarnings("unchecked")
    private static final String MUGS = "[{\"id\":\"sku-1\",\"name\":\"Mug\",\"price\":9.5,\"quantity\":2}]";
    private static final String TEAS = "[{\"id\":\"sku-2\",\"name\":\"Tea\",\"price\":4.0,\"quantity\":1}]";

    private static List<Map<String, Object>> cartOf(String email) {
        Map<String, Object> user = iterable.emulator().user(email).orElseThrow();
        return (List<Map<String, Object>>) ((Map<String, Object>) user.get("dataFields")).get("shoppingCartItems");
    }

    /**
     * A model holding a user's carts one after the other (a cart history): each is sent, in the model's order, and the
     * user's last cart is the one on the profile. The calls of one user went out at once, and landed in either order
     * (a third of the users kept their older cart, found by the seventeenth probe).
     */
    @Test
    void aUsersCartsAreSentInTheModelsOrder() {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.route("history", "iterable:cart");
            List<Map<String, Object>> rows = new java.util.ArrayList<>();
            for (int i = 0; i < 100; i++) {
                rows.add(Map.of("email", "h" + i + "@example.com", "items", MUGS));
                rows.add(Map.of("email", "h" + i + "@example.com", "items", TEAS));
            }
            SyncReport report = harness.sync("history", rows);
            assertEquals(200, report.getSucceeded(), report.toString());
            long older = java.util.stream.IntStream.range(0, 100)
                    .filter(i -> !"sku-2".equals(cartOf("h" + i + "@example.com").get(0).get("id")))
                    .count();
            assertEquals(0, older, "users left with their older cart");
        }
    }

    @Test
    void cartIsUpdatedOncePerPrimaryKeyAcrossRunsAndRestarts() {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.route("carts", "iterable:cart?primaryKey=cart&snapshot=true");
            SyncReport first = harness.sync("carts", List.of(
                    Map.of("cart", "c-1", "email", "a@example.com", "items", MUGS, "tier", "gold"),
                    Map.of("cart", "c-2", "email", "b@example.com", "items", TEAS)));
            assertEquals(2, first.getSucceeded(), first.toString());
            assertEquals("sku-1", cartOf("a@example.com").get(0).get("id"));
            assertEquals("gold",
                    ((Map<?, ?>) iterable.emulator().user("a@example.com").orElseThrow().get("dataFields")).get("tier"));

            // the same carts again, one of them changed: no call at all
            SyncReport second = harness.sync("carts", List.of(
                    Map.of("cart", "c-1", "email", "a@example.com", "items", TEAS, "tier", "gold"),
                    Map.of("cart", "c-2", "email", "b@example.com", "items", TEAS)));
            assertEquals(0, second.getSent(), second.toString());
            assertEquals("sku-1", cartOf("a@example.com").get(0).get("id"));

            harness.restart();
            // c-2 leaves the model and comes back: still never sent again; c-3 is new
            harness.sync("carts", List.of(Map.of("cart", "c-1", "email", "a@example.com", "items", TEAS, "tier", "gold")));
            SyncReport back = harness.sync("carts", List.of(
                    Map.of("cart", "c-2", "email", "b@example.com", "items", MUGS),
                    Map.of("cart", "c-3", "email", "c@example.com", "items", MUGS)));
            assertEquals(1, back.getSent(), back.toString());
            assertEquals(3, iterable.emulator().requestCount("/api/commerce/updateCart"));
            assertEquals("sku-2", cartOf("b@example.com").get(0).get("id"));
        }
    }

    @Test
    void withoutACartIdEachNewCartOfAUserIsSentOnce() {
        // a stream of one user's cart updates (one message per exchange), no primaryKey option: each different cart
        // is sent; the same cart again (a redelivered message, a rerun) is not
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.route("cart", "iterable:cart");
            assertEquals(1, harness.sync("cart", Map.of("email", "d@example.com", "items", MUGS)).getSucceeded());
            assertEquals("sku-1", cartOf("d@example.com").get(0).get("id"));
            SyncReport changed = harness.sync("cart", Map.of("email", "d@example.com", "items", TEAS));
            assertEquals(1, changed.getSucceeded(), "the user's second cart is a new cart: " + changed);
            assertEquals("sku-2", cartOf("d@example.com").get(0).get("id"));
            SyncReport again = harness.sync("cart", Map.of("email", "d@example.com", "items", TEAS));
            assertEquals(0, again.getSent(), "the same cart again: " + again);
        }
    }
}
