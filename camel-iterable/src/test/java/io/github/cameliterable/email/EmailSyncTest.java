package io.github.cameliterable.email;

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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Email changes in an email project: matched by email once, matched by userId on every change; 409s fail alone. */
class EmailSyncTest {
    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    @TempDir
    Path state;

    @Test
    void matchedByEmailTheChangeIsMadeOnceAndConflictsFailAlone() {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.route("users", "iterable:users").route("email", "iterable:email?newEmailColumn=new_email&snapshot=true");
            harness.sync("users", List.of(Map.of("email", "old-a@example.com"), Map.of("email", "old-b@example.com"),
                    Map.of("email", "taken@example.com")));
            SyncReport first = harness.sync("email", List.of(
                    Map.of("email", "old-a@example.com", "new_email", "new-a@example.com"),
                    Map.of("email", "old-b@example.com", "new_email", "taken@example.com")));
            assertEquals(1, first.getSucceeded(), first.toString());
            assertEquals(1, first.getFailed());
            assertTrue(first.getFailures().get(0).reason().contains("409"), first.toString());
            assertTrue(iterable.emulator().user("new-a@example.com").isPresent());
            assertFalse(iterable.emulator().user("old-a@example.com").isPresent());

            // a changed row (another new email) is not sent again; the failed one is retried; one row is added
            SyncReport second = harness.sync("email", List.of(
                    Map.of("email", "old-a@example.com", "new_email", "other-a@example.com"),
                    Map.of("email", "old-b@example.com", "new_email", "new-b@example.com")));
            assertEquals(1, second.getChanged(), second.toString());
            assertEquals(1, second.getNew());
            assertEquals(1, second.getSucceeded());
            assertTrue(iterable.emulator().user("new-b@example.com").isPresent());
            assertFalse(iterable.emulator().user("other-a@example.com").isPresent());

            long calls = iterable.emulator().requestCount("/api/users/updateEmail");
            SyncReport third = harness.sync("email", List.of(
                    Map.of("email", "old-a@example.com", "new_email", "other-a@example.com"),
                    Map.of("email", "old-b@example.com", "new_email", "new-b@example.com")));
            assertEquals(2, third.getUnchanged(), third.toString());
            assertEquals(calls, iterable.emulator().requestCount("/api/users/updateEmail"));
        }
    }

    @Test
    void aBadNewEmailIsInvalidNotSent() {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.route("email", "iterable:email?newEmailColumn=new_email");
            SyncReport report = harness.sync("email", List.of(Map.of("email", "ann@example.com", "new_email", "bad@@x")));
            assertEquals(1, report.getFailed(), report.toString());
            assertEquals(1, report.getInvalid(), "failed before any call, as a bad old email is");
            assertEquals(0, report.getApiCalls(), report.toString());
        }
    }

    @Test
    void matchedByUserIdEveryChangeIsSent() {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.route("users", "iterable:users").route("email", "iterable:email?matchBy=userId&newEmailColumn=new_email");
            harness.sync("users", List.of(Map.of("email", "a@example.com", "userId", "u-1")));
            harness.sync("email", List.of(Map.of("userId", "u-1", "new_email", "b@example.com")));
            assertEquals("b@example.com", iterable.emulator().userByUserId("u-1").orElseThrow().get("email"));
            SyncReport changed = harness.sync("email", List.of(Map.of("userId", "u-1", "new_email", "c@example.com")));
            assertEquals(1, changed.getSucceeded(), changed.toString());
            assertEquals("c@example.com", iterable.emulator().userByUserId("u-1").orElseThrow().get("email"));
        }
    }
}
