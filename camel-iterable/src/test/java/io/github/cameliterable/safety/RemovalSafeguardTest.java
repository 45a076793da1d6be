package io.github.cameliterable.safety;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.github.cameliterable.IterableConstants;
import io.github.cameliterable.IterableSyncException;
import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A snapshot that came back empty or sharply shrunken removes nothing until one exchange confirms it; the state keeps
 * the keys, so the next good run goes on as if nothing happened.
 */
class RemovalSafeguardTest {
    static final String URI = "iterable:users?snapshot=true&deleteBehavior=delete";

    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    @TempDir
    Path state;

    static List<Map<String, Object>> users(int from, int to) {
        return IntStream.range(from, to)
                .mapToObj(i -> Map.<String, Object> of("email", "u" + i + "@example.com", "n", i))
                .toList();
    }

    static IterableSyncException refusal(SyncHarness harness, String route, Object body) {
        CamelExecutionException e = assertThrows(CamelExecutionException.class, () -> harness.sync(route, body));
        return assertInstanceOf(IterableSyncException.class, e.getCause());
    }

    @Test
    void anEmptyModelDeletesNobodyAndTheNextGoodRunProceeds() {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.route("users", URI);
            assertEquals(200, harness.sync("users", users(0, 200)).getSucceeded());

            IterableSyncException refused = refusal(harness, "users", List.of());
            assertEquals("Iterable sync 'users': the snapshot received 0 records while the state holds 200 keys;"
                    + " removing them all was refused. If the model is really empty now, send it once with the"
                    + " header CamelIterableConfirmRemovals=true (or set allowEmptySnapshot=true); otherwise fix"
                    + " the query or the upstream job. Nothing was removed and the state keeps every key.",
                    refused.getMessage());
            assertEquals(0, refused.getReport().getRemoved());
            assertEquals(0, iterable.emulator().deleted().size(), "no DELETE reached Iterable");
            assertEquals(200, iterable.emulator().users().size());

            SyncReport next = harness.sync("users", users(0, 200));
            assertEquals(200, next.getUnchanged(), next.toString());
            assertEquals(0, next.getRemoved());
            assertEquals(0, next.getSent());
        }
    }

    @Test
    void aSharpShrinkIsRefusedUntilConfirmedByAHeader() {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.route("users", URI);
            harness.sync("users", users(0, 20));

            IterableSyncException refused = refusal(harness, "users", users(0, 10));
            assertTrue(refused.getMessage()
                    .contains("would remove 10 of the 20 keys the state holds (50.0%, more than"
                            + " maxRemovalPercent=20)"),
                    refused.getMessage());
            assertTrue(refused.getMessage().contains("CamelIterableConfirmRemovals=true"), refused.getMessage());
            assertEquals(0, iterable.emulator().deleted().size());

            // within the threshold: 2 of 20 go
            SyncReport small = harness.sync("users", users(0, 18));
            assertEquals(2, small.getRemoved(), small.toString());
            assertEquals(2, iterable.emulator().deleted().size());

            SyncReport confirmed = harness.camel()
                    .createProducerTemplate()
                    .requestBodyAndHeader("direct:users",
                            users(0, 9), IterableConstants.CONFIRM_REMOVALS, true, SyncReport.class);
            assertEquals(9, confirmed.getRemoved(), confirmed.toString());
            assertEquals(11, iterable.emulator().deleted().size());
            assertEquals(9, iterable.emulator().users().size());

            // the confirmation held for that exchange only
            refusal(harness, "users", users(0, 2));
            assertEquals(9, iterable.emulator().users().size());
        }
    }

    @Test
    void theThresholdIsAnOptionAndAnEmptyModelCanBeAllowed() {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.route("users", URI + "&maxRemovalPercent=60&allowEmptySnapshot=true");
            harness.sync("users", users(0, 10));
            assertEquals(5, harness.sync("users", users(0, 5)).getRemoved());
            assertEquals(5, harness.sync("users", List.of()).getRemoved());
            assertEquals(0, iterable.emulator().users().size());
        }
    }

    @Test
    void aDryRunShowsWhatTheSafeguardWouldDo() {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.route("users", URI).route("preview", URI + "&dryRun=true");
            harness.sync("users", users(0, 20));
            SyncReport preview = harness.sync("preview", users(0, 5));
            assertEquals(0, preview.getRemoved(), preview.toString());
            assertEquals(1, preview.getNotes().size(), preview.toString());
            assertTrue(preview.getNotes()
                    .get(0)
                    .startsWith("a real run would be refused: Iterable sync 'users': the"
                            + " snapshot would remove 15 of the 20 keys"),
                    preview.getNotes().get(0));
            assertTrue(preview.toString().contains("note: a real run would be refused"), preview.toString());
            assertEquals(20, iterable.emulator().users().size());
        }
    }

    @Test
    void removalsThatChangeNothingInIterableAreNotGuarded() {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.route("users", "iterable:users?snapshot=true&deleteBehavior=nothing");
            harness.sync("users", users(0, 10));
            SyncReport forgotten = harness.sync("users", users(0, 1));
            assertEquals(9, forgotten.getRemoved(), forgotten.toString());
            assertEquals(10, iterable.emulator().users().size());
        }
    }
}
