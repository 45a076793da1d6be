package io.github.cameliterable.users;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.cameliterable.IterableSyncException;
import io.github.cameliterable.emulator.FaultPlan;
import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.emulator.ProjectType;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The users sync type against the emulator, in contract mode (every request checked against Iterable's API
 * description when it is present): each project type and both update paths, as Iterable would hold the profiles.
 */
class UsersAgainstEmulatorTest {
    @TempDir
    Path state;

    private static IterableEmulator emulator(ProjectType type) {
        return IterableEmulator.builder().projectType(type).contractMode(true).start();
    }

    private static Map<?, ?> fields(Map<String, Object> user) {
        return (Map<?, ?>) user.get("dataFields");
    }

    private static void noViolations(IterableEmulator emulator) {
        assertEquals(List.of(), emulator.contractViolations());
    }

    @Test
    void emailProjectUpsertByEmailAndByUserId() {
        try (IterableEmulator emulator = emulator(ProjectType.EMAIL);
                SyncHarness harness = new SyncHarness(emulator, state, null)) {
            harness.route("byEmail", "iterable:users?syncId=a")
                    .route("byUserId", "iterable:users?matchBy=userId&syncId=b");
            harness.sync("byEmail", List.of(Map.of("email", "ann@example.com", "userId", "u-1", "plan", "pro",
                    "address", Map.of("city", "Oslo"), "pets", "[{\"name\":\"Rex\"}]")));
            Map<String, Object> ann = emulator.user("ann@example.com").orElseThrow();
            assertEquals("u-1", ann.get("userId"));
            assertEquals("pro", fields(ann).get("plan"));
            assertEquals(Map.of("city", "Oslo"), fields(ann).get("address"));
            assertEquals(List.of(Map.of("name", "Rex")), fields(ann).get("pets"));

            // matched by userId with preferUserId: updates u-1, creates u-2
            SyncReport report = harness.sync("byUserId", List.of(Map.of("userId", "u-1", "plan", "team"),
                    Map.of("userId", "u-2", "plan", "free")));
            assertEquals(2, report.getSucceeded(), report.toString());
            assertEquals("team", fields(emulator.user("ann@example.com").orElseThrow()).get("plan"));
            assertTrue(emulator.userByUserId("u-2").isPresent());
            noViolations(emulator);
        }
    }

    @Test
    void emailProjectUpdateModeCreatesNoUserOnEitherPath() {
        try (IterableEmulator emulator = emulator(ProjectType.EMAIL);
                SyncHarness harness = new SyncHarness(emulator, state, null)) {
            harness.route("seed", "iterable:users?syncId=seed")
                    .route("updateByUserId", "iterable:users?mode=update&matchBy=userId&syncId=u")
                    .route("updateByEmail", "iterable:users?mode=update&syncId=e");
            harness.sync("seed", List.of(Map.of("email", "ann@example.com", "userId", "u-1")));

            SyncReport byUserId = harness.sync("updateByUserId", List.of(Map.of("userId", "u-1", "plan", "pro"),
                    Map.of("userId", "u-9", "plan", "pro")));
            assertEquals(1, byUserId.getSucceeded(), byUserId.toString());
            // Iterable names the unknown userId in failedUpdates (notFoundUserIds): skipped, as on the lookup path
            // (it was failed before, and failed again in every run)
            assertEquals(0, byUserId.getFailed(), byUserId.toString());
            assertEquals(1, byUserId.getSkipped());
            assertEquals(List.of("no such user in Iterable (update mode creates no users)"), byUserId.getSkippedReasons());
            assertFalse(emulator.userByUserId("u-9").isPresent());
            assertEquals(0, emulator.requestCount("/api/users/getByEmail"));

            SyncReport byEmail = harness.sync("updateByEmail", List.of(Map.of("email", "ann@example.com", "tier", "gold"),
                    Map.of("email", "nobody@example.com", "tier", "gold")));
            assertEquals(1, byEmail.getSucceeded(), byEmail.toString());
            assertEquals(1, byEmail.getSkipped());
            assertFalse(emulator.user("nobody@example.com").isPresent());
            assertEquals(2, emulator.requestCount("/api/users/getByEmail"));
            assertEquals("gold", fields(emulator.user("ann@example.com").orElseThrow()).get("tier"));
            noViolations(emulator);
        }
    }

    @Test
    void fieldsIterableDropsWithoutCreateNewFieldsAreNotedInTheReport() {
        try (IterableEmulator emulator = emulator(ProjectType.EMAIL);
                SyncHarness harness = new SyncHarness(emulator, state, null)) {
            harness.route("seed", "iterable:users?syncId=seed").route("strict", "iterable:users?createNewFields=false");
            harness.sync("seed", List.of(Map.of("email", "ann@example.com", "plan", "free")));
            SyncReport report = harness.sync("strict", List.of(Map.of("email", "ann@example.com", "plan", "pro",
                    "fresh", 1)));
            assertEquals(1, report.getSucceeded(), report.toString());
            // before, nothing told the field was dropped: the record succeeded and was stored as synced
            assertEquals(List.of("1 record: Iterable dropped data fields the project does not have (createNewFields):"
                    + " fresh"), report.getNotes());
            assertEquals("pro", fields(emulator.user("ann@example.com").orElseThrow()).get("plan"));
            noViolations(emulator);
        }
    }

    @Test
    void aStreamedUserWhoseLookUpIsNeverAnsweredFailsItsExchange() {
        try (IterableEmulator emulator = emulator(ProjectType.EMAIL);
                SyncHarness harness = new SyncHarness(emulator, state, null)) {
            harness.route("update", "iterable:users?mode=update&maxAttempts=2&initialBackoff=10ms");
            emulator.faults(FaultPlan.builder().rate503(1.0).build());
            // one record an exchange: the look-up unanswered after the retries fails the exchange (its source delivers
            // the message again), as an unanswered update does; before, the exchange completed with it failed
            CamelExecutionException failed = assertThrows(CamelExecutionException.class,
                    () -> harness.sync("update", Map.of("email", "ann@example.com", "plan", "pro")));
            IterableSyncException cause = assertInstanceOf(IterableSyncException.class, failed.getCause());
            assertEquals(1, cause.getReport().getUnanswered(), cause.getMessage());
        }
    }

    @Test
    void userIdProjectIdentifiesByUserIdAndUpdateLooksUp() {
        try (IterableEmulator emulator = emulator(ProjectType.USER_ID);
                SyncHarness harness = new SyncHarness(emulator, state, null)) {
            harness.route("users", "iterable:users?projectType=userId&syncId=a")
                    .route("update", "iterable:users?projectType=userId&mode=update&syncId=b");
            SyncReport created = harness.sync("users",
                    List.of(Map.of("userId", "u-1", "email", "ann@example.com", "plan", "pro"),
                            Map.of("email", "no-id@example.com", "plan", "free")));
            assertEquals(1, created.getSucceeded(), created.toString());
            assertEquals(1, created.getInvalid(), "a record without userId is never sent in a userId project");
            assertEquals("ann@example.com", emulator.userByUserId("u-1").orElseThrow().get("email"));

            SyncReport updated = harness.sync("update", List.of(Map.of("userId", "u-1", "plan", "team"),
                    Map.of("userId", "u-2", "plan", "team")));
            assertEquals(1, updated.getSucceeded(), updated.toString());
            assertEquals(1, updated.getSkipped());
            assertFalse(emulator.userByUserId("u-2").isPresent());
            assertEquals(2, emulator.requestCount("/api/users/byUserId/"));
            noViolations(emulator);
        }
    }

    @Test
    void hybridProjectMatchesByEitherIdentifier() {
        try (IterableEmulator emulator = emulator(ProjectType.HYBRID);
                SyncHarness harness = new SyncHarness(emulator, state, null)) {
            harness.route("byEmail", "iterable:users?projectType=hybrid&syncId=a")
                    .route("byUserId", "iterable:users?projectType=hybrid&matchBy=userId&syncId=b");
            harness.sync("byEmail", List.of(Map.of("email", "ann@example.com", "plan", "pro")));
            harness.sync("byUserId", List.of(Map.of("userId", "u-7", "plan", "free")));
            assertEquals("pro", fields(emulator.user("ann@example.com").orElseThrow()).get("plan"));
            assertEquals("free", fields(emulator.userByUserId("u-7").orElseThrow()).get("plan"));
            assertEquals(2, emulator.users().size());
            noViolations(emulator);
        }
    }
}
