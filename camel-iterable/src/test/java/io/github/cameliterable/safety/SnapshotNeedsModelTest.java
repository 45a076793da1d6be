package io.github.cameliterable.safety;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.cameliterable.IterableSyncException;
import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-row sources (camel-sql without StreamList, a splitter, a Kamelet source) hand one row per exchange: as
 * snapshots each would remove the row before it. Such a body is refused, naming the fix.
 */
class SnapshotNeedsModelTest {
    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    @TempDir
    Path state;

    @Test
    void aOneRecordBodyIsNoSnapshotAndNobodyIsDeleted() {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.route("users", "iterable:users?snapshot=true&deleteBehavior=delete&maxRemovalPercent=100");
            harness.sync("users", List.of(Map.of("email", "a@example.com"), Map.of("email", "b@example.com")));
            long requests = iterable.emulator().requests().size();

            // what a per-row SQL consumer sends: one Map per exchange, then the same as JSON text
            for (Object row : List.of(Map.of("email", "a@example.com"), "{\"email\": \"b@example.com\"}",
                    "  {\"email\": \"c@example.com\"}".getBytes())) {
                IterableSyncException refused = RemovalSafeguardTest.refusal(harness, "users", row);
                assertEquals("Iterable sync 'users': snapshot=true needs the whole model in one exchange, but the body"
                        + " is a single record; as a snapshot it would remove every other key. Deliver the model"
                        + " as one body (camel-sql: outputType=StreamList or useIterator=false; a splitter or a"
                        + " per-row source: aggregate the rows first), or drop snapshot=true to sync record by"
                        + " record. Nothing was sent or removed.", refused.getMessage());
            }
            assertEquals(requests, iterable.emulator().requests().size(), "nothing reached Iterable");
            assertEquals(0, iterable.emulator().deleted().size());

            // a model of one record is a model; and the state kept both keys through the refusals
            SyncReport one = harness.sync("users", List.of(Map.of("email", "a@example.com"), Map.of("email", "b@example.com")));
            assertEquals(2, one.getUnchanged(), one.toString());
        }
    }

    @Test
    void withoutSnapshotOneRecordPerExchangeIsFine() {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.route("users", "iterable:users");
            assertEquals(1, harness.sync("users", Map.of("email", "a@example.com")).getSucceeded());
            assertEquals(1, harness.sync("users", Map.of("email", "b@example.com")).getSucceeded());
            assertTrue(iterable.emulator().user("a@example.com").isPresent());
            assertTrue(iterable.emulator().user("b@example.com").isPresent());
        }
    }
}
