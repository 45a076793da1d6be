package io.github.cameliterable.users;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.state.Fingerprint;
import io.github.cameliterable.state.RocksStateStore;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Iterable compares emails without case: a record keyed by email is the same record whatever the case its row gives.
 * Keyed by the email as the row held it, {@code User0@Example.com} after {@code user0@example.com} was a new key and
 * a removed one, and {@code deleteBehavior=delete} deleted the live user.
 */
class EmailCaseTest {
    private static final String URI = "iterable:users?syncId=people&snapshot=true&deleteBehavior=delete"
            + "&stateStore=#store";

    @TempDir
    Path directory;

    @Test
    void anEmailWhoseCaseChangedIsTheSameUserNotARemovalAndANewOne() throws Exception {
        try (IterableEmulator emulator = IterableEmulator.start();
                RocksStateStore store = RocksStateStore.open(directory.resolve("state"));
                SyncHarness harness = new SyncHarness(emulator, directory, null)) {
            harness.bind("store", store).route("users", URI);
            SyncReport first = harness.sync("users", List.of(Map.of("email", "user0@example.com", "plan", "free"),
                    Map.of("email", "user1@example.com", "plan", "free")));
            assertEquals(2, first.getSucceeded(), first.toString());
            SyncReport second = harness.sync("users", List.of(Map.of("EMAIL", "User0@Example.COM", "PLAN", "free"),
                    Map.of("EMAIL", "user1@example.com", "PLAN", "free")));
            assertEquals(0, second.getRemoved(), second.toString());
            assertEquals(0, second.getNew(), second.toString());
            assertEquals(List.of(), emulator.deleted());
            assertTrue(emulator.user("user0@example.com").isPresent());
        }
    }

    @Test
    void anOlderStatesKeyWithUpperCaseLettersIsForgottenNotDeleted() throws Exception {
        try (IterableEmulator emulator = IterableEmulator.start();
                RocksStateStore store = RocksStateStore.open(directory.resolve("state"));
                SyncHarness harness = new SyncHarness(emulator, directory, null)) {
            // as a version that keyed by the email as the row held it left the state
            store.acknowledge("people", List.of(
                    new Fingerprint("User0@Example.com", "0123456789abcdef",
                            "{\"email\":\"User0@Example.com\",\"key\":\"email\",\"fields\":[\"plan\"]}"),
                    new Fingerprint("Gone@Example.com", "0123456789abcdef",
                            "{\"email\":\"Gone@Example.com\",\"key\":\"email\",\"fields\":[\"plan\"]}"),
                    new Fingerprint("user1@example.com", "0123456789abcdef",
                            "{\"email\":\"user1@example.com\",\"key\":\"email\",\"fields\":[\"plan\"]}")));
            harness.bind("store", store).route("users", URI + "&maxRemovalPercent=100");
            SyncReport run = harness.sync("users", List.of(Map.of("email", "User0@Example.com", "plan", "free"),
                    Map.of("email", "user1@example.com", "plan", "free")));
            assertEquals(0, run.getFailed(), run.toString());
            assertEquals(1, run.getRemoved(), run.toString());
            assertEquals(List.of("DELETE /api/users/Gone%40Example.com"), emulator.requests()
                    .stream()
                    .filter(r -> r.method().equals("DELETE"))
                    .map(r -> r.method() + " " + r.path())
                    .toList(),
                    "the user who left is deleted, not the live one");
            assertTrue(run.toString().contains("differed from the model's only in the email's case"), run.toString());
            SyncReport again = harness.sync("users", List.of(Map.of("email", "User0@Example.com", "plan", "free"),
                    Map.of("email", "user1@example.com", "plan", "free")));
            assertEquals(2, again.getUnchanged(), again.toString());
            assertEquals(0, again.getRemoved(), again.toString());
        }
    }
}
