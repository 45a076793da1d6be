package io.github.cameliterable.changes;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Any Camel IdempotentRepository serves as the first-seen repository: here camel-sql's JdbcMessageIdRepository. */
class PluggedFirstSeenRepositoryTest {
    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    @TempDir
    Path state;

    @Test
    void jdbcMessageIdRepositoryKeepsDeletesFromRepeating() throws Exception {
        JdbcDataSource db = new JdbcDataSource();
        db.setURL("jdbc:h2:" + state.resolve("first-seen") + ";DB_CLOSE_DELAY=-1");
        JdbcMessageIdRepository repository = new JdbcMessageIdRepository(db, "iterable-deletions");
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.bind("deletions", repository)
                    .route("users", "iterable:users")
                    // without change detection every row reaches the action: only the repository stops repeats
                    .route("delete", "iterable:userActions?mode=delete&changeDetection=false&firstSeenRepository=#deletions");
            harness.sync("users", List.of(Map.of("email", "a@example.com"), Map.of("email", "b@example.com")));
            SyncReport first = harness.sync("delete", List.of(Map.of("email", "a@example.com")));
            assertEquals(1, first.getSucceeded(), first.toString());
            assertTrue(repository.contains("a@example.com"), "the key is in the user's repository");

            harness.restart();
            SyncReport again = harness.sync("delete",
                    List.of(Map.of("email", "a@example.com"), Map.of("email", "b@example.com")));
            assertEquals(1, again.getSucceeded(), again.toString());
            assertEquals(1, again.getSkipped(), "a@example.com was deleted before: " + again);
            assertEquals(List.of("a@example.com", "b@example.com"), iterable.emulator().deleted());
        }
    }
}
