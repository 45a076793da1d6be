package io.github.cameliterable.actions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.emulator.ProjectType;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Delete, forget and unforget happen once per primary key, ever; the daily cap defers and later completes. */
class UserActionsSyncTest {
    @TempDir
    Path state;

    IterableEmulator emulator;

    @BeforeEach
    void start() {
        // a small daily cap on both sides keeps the test short; Iterable's is 1,000
        emulator = IterableEmulator.builder().dailyForgetCap(3).start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private static List<Map<String, Object>> users(int from, int to) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            rows.add(Map.of("email", "u" + i + "@example.com"));
        }
        return rows;
    }

    @Test
    void deleteHappensOncePerKeyAcrossRunsAndRestarts() {
        try (SyncHarness harness = new SyncHarness(emulator, state, null)) {
            harness.route("users", "iterable:users").route("delete", "iterable:userActions?mode=delete&snapshot=true");
            harness.sync("users", users(1, 4));
            SyncReport first = harness.sync("delete", users(1, 2));
            assertEquals(2, first.getSucceeded(), first.toString());
            assertFalse(emulator.user("u1@example.com").isPresent());

            SyncReport second = harness.sync("delete", users(1, 3));
            assertEquals(1, second.getSucceeded(), second.toString());
            // u1 and u2 were deleted by concurrent calls: their order is the network's
            assertEquals(List.of("u1@example.com", "u2@example.com", "u3@example.com"),
                    emulator.deleted().stream().sorted().toList());

            // u1 comes back as a user; the deletion request row is still in the model: nothing happens to it
            harness.sync("users", List.of(Map.of("email", "u1@example.com", "returned", true)));
            harness.restart();
            SyncReport third = harness.sync("delete", users(1, 3));
            assertEquals(0, third.getSent(), third.toString());
            assertTrue(emulator.user("u1@example.com").isPresent());
            // the row leaves the model and comes back: still never repeated
            harness.sync("delete", users(2, 3));
            SyncReport back = harness.sync("delete", users(1, 3));
            assertEquals(0, back.getSent(), back.toString());
            assertEquals(3, emulator.deleted().size());
        }
    }

    @Test
    void theForgetCapDefersAndALaterRunCompletes() {
        try (SyncHarness harness = new SyncHarness(emulator, state, null)) {
            harness.route("forget", "iterable:userActions?mode=forget&dailyActionCap=3");
            SyncReport first = harness.sync("forget", users(1, 5));
            assertEquals(3, first.getSucceeded(), first.toString());
            assertEquals(2, first.getDeferred());
            assertEquals(0, first.getFailed());
            assertEquals(3, emulator.forgotten().size());

            // the next day: a new allowance on both sides
            emulator.reset();
            harness.restart();
            SyncReport second = harness.sync("forget", users(1, 5));
            assertEquals(3, second.getUnchanged(), second.toString());
            assertEquals(2, second.getNew());
            assertEquals(2, second.getSucceeded());
            // single calls in flight together may land in either order
            assertEquals(List.of("u4@example.com", "u5@example.com"), emulator.forgotten().stream().sorted().toList());

            SyncReport third = harness.sync("forget", users(1, 5));
            assertEquals(0, third.getSent(), third.toString());
        }
    }

    @Test
    void deletingAUserIterableDoesNotKnowIsADeletionDoneAndTheReportSaysSo() {
        try (SyncHarness harness = new SyncHarness(emulator, state, null)) {
            harness.route("users", "iterable:users").route("delete", "iterable:userActions?action=delete");
            harness.sync("users", users(1, 1));
            // u2 was never in Iterable (or was deleted there by hand): Iterable answers 400 UnknownEmailError
            SyncReport first = harness.sync("delete", users(1, 2));
            assertEquals(2, first.getSucceeded(), first.toString());
            assertEquals(0, first.getFailed(), first.toString());
            assertEquals(List.of("1 record: Iterable did not know the user (UnknownEmailError): counted as deleted"),
                    first.getNotes());
            assertTrue(first.toString().contains("note: 1 record: Iterable did not know the user"), first.toString());
            SyncReport second = harness.sync("delete", users(1, 2));
            assertEquals(0, second.getSent(), "both deletions are done, none is tried again: " + second);
        }
    }

    @Test
    void deletingByUserIdAUserIterableDoesNotKnowIsADeletionDoneToo() {
        try (SyncHarness harness = new SyncHarness(emulator, state, null)) {
            harness.route("delete", "iterable:userActions?action=delete&matchBy=userId");
            SyncReport report = harness.sync("delete", List.of(Map.of("userId", "never-seen")));
            assertEquals(1, report.getSucceeded(), report.toString());
            assertEquals(List.of("1 record: Iterable did not know the user (UnknownUserIdError): counted as deleted"),
                    report.getNotes());
        }
    }

    @Test
    void forgetByUserIdInAnEmailProjectIsRefusedAtStart() {
        try (SyncHarness harness = new SyncHarness(emulator, state, null)) {
            harness.route("forget", "iterable:userActions?action=forget&matchBy=userId");
            Exception refused = assertThrows(Exception.class,
                    () -> harness.sync("forget", List.of(Map.of("userId", "u-1"))));
            Throwable cause = refused;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            assertEquals("iterable:userActions mode=forget with matchBy=userId needs a userId or hybrid project"
                    + " (projectType): Iterable forgets users of an email project by email only", cause.getMessage());
            assertEquals(0, emulator.requests().size(), "nothing was sent");
        }
    }

    @Test
    void forgetByUserIdInAUserIdProjectForgetsTheUser() {
        try (IterableEmulator userIdProject = IterableEmulator.builder().projectType(ProjectType.USER_ID).start();
                SyncHarness harness = new SyncHarness(userIdProject, state, null)) {
            harness.route("users", "iterable:users?projectType=userId")
                    .route("forget", "iterable:userActions?action=forget&projectType=userId&matchBy=userId");
            harness.sync("users", List.of(Map.of("userId", "u-1", "email", "u1@example.com")));
            SyncReport report = harness.sync("forget", List.of(Map.of("userId", "u-1")));
            assertEquals(1, report.getSucceeded(), report.toString());
            assertTrue(userIdProject.userByUserId("u-1").isEmpty());
        }
    }
}
