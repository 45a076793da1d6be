package io.github.cameliterable.lists;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A static list kept equal to the model, created by name once and reused. */
class ListsSyncTest {
    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    @TempDir
    Path state;

    private static List<Map<String, Object>> members(String... emails) {
        return java.util.Arrays.stream(emails).map(e -> Map.<String, Object> of("email", e, "tier", "gold")).toList();
    }

    /**
     * A member who left the model and whom Iterable no longer has (a user deleted) is off the list already: the
     * removal is done, not refused on every run for ever ({@code notFoundEmails}, found by the seventeenth probe).
     */
    @Test
    void aMemberIterableNoLongerHasIsRemovedNotRefusedForEver() {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.route("gone", "iterable:lists?listName=gone&snapshot=true&maxRemovalPercent=100")
                    .route("delete", "iterable:userActions?mode=delete");
            assertEquals(3, harness.sync("gone", members("a@example.com", "b@example.com", "c@example.com"))
                    .getSucceeded());
            assertEquals(1, harness.sync("delete", Map.of("email", "c@example.com")).getSucceeded());
            SyncReport shrunk = harness.sync("gone", members("a@example.com", "b@example.com"));
            assertEquals(1, shrunk.getRemoved(), shrunk.toString());
            assertEquals(0, shrunk.getFailed(), shrunk.toString());
            assertTrue(shrunk.toString().contains("Iterable has no such user any more"), shrunk.toString());
            SyncReport again = harness.sync("gone", members("a@example.com", "b@example.com"));
            assertEquals(0, again.getRemoved(), again.toString());
            assertEquals(0, again.getFailed(), again.toString());
            assertEquals(2, again.getUnchanged(), again.toString());

            // mode=remove: a model's user Iterable no longer has is off the list already, as well
            harness.route("removing", "iterable:lists?listName=gone&mode=remove");
            SyncReport removing = harness.sync("removing", members("b@example.com", "c@example.com"));
            assertEquals(2, removing.getSucceeded(), removing.toString());
            assertEquals(0, removing.getFailed(), removing.toString());
            assertEquals(0, harness.sync("removing", members("b@example.com", "c@example.com")).getSent());
        }
    }

    @Test
    void membersFollowTheModelAndTheListIsCreatedOnceByName() {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.route("vip", "iterable:lists?listName=vip-customers&snapshot=true&maxRemovalPercent=100");
            SyncReport first = harness.sync("vip", members("a@example.com", "b@example.com", "c@example.com"));
            assertEquals(3, first.getSucceeded(), first.toString());
            long listId = iterable.emulator().lists().get("vip-customers");
            assertEquals(Set.of("a@example.com", "b@example.com", "c@example.com"), iterable.emulator().listMembers(listId));

            List<Map<String, Object>> second = new java.util.ArrayList<>(members("a@example.com", "d@example.com"));
            second.add(Map.of("email", "b@example.com", "tier", "platinum"));
            SyncReport run2 = harness.sync("vip", second);
            assertEquals(1, run2.getNew(), run2.toString());
            assertEquals(1, run2.getChanged());
            assertEquals(1, run2.getRemoved());
            assertEquals(Set.of("a@example.com", "b@example.com", "d@example.com"), iterable.emulator().listMembers(listId));
            assertEquals("platinum",
                    ((Map<?, ?>) iterable.emulator().user("b@example.com").orElseThrow().get("dataFields")).get("tier"));

            harness.restart();
            SyncReport run3 = harness.sync("vip", second);
            assertEquals(3, run3.getUnchanged(), run3.toString());
            assertEquals(0, run3.getSent());
            assertEquals(1, iterable.emulator()
                    .requests()
                    .stream()
                    .filter(r -> r.method().equals("POST") && r.path().equals("/api/lists"))
                    .count(), "created once");
            assertEquals(1, iterable.emulator().lists().size(), "the list was created once");
            assertEquals(Set.of("a@example.com", "b@example.com", "d@example.com"), iterable.emulator().listMembers(listId));
        }
    }

    @Test
    void removeModeUnsubscribesAndTheRouteIdNamesTheList() {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.route("churned", "iterable:lists").route("unsubscribe", "iterable:lists?listName=churned&mode=remove");
            harness.sync("churned", members("a@example.com", "b@example.com"));
            long listId = iterable.emulator().lists().get("churned");
            SyncReport removed = harness.sync("unsubscribe", members("a@example.com"));
            assertEquals(1, removed.getSucceeded(), removed.toString());
            assertEquals(Set.of("b@example.com"), iterable.emulator().listMembers(listId));
        }
    }
}
