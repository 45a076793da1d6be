package io.github.cameliterable.email;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.emulator.ProjectType;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** In userId projects an email changes through users/update with the userId, as Iterable advises. */
class EmailInUserIdProjectTest {
    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.builder().projectType(ProjectType.USER_ID).build();

    @TempDir
    Path state;

    @Test
    void emailIsSetThroughUsersUpdate() {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.route("users", "iterable:users?projectType=userId")
                    .route("email", "iterable:email?projectType=userId&newEmailColumn=new_email");
            harness.sync("users", List.of(Map.of("userId", "u-1", "email", "a@example.com")));
            SyncReport report = harness.sync("email", List.of(Map.of("userId", "u-1", "new_email", "b@example.com")));
            assertEquals(1, report.getSucceeded(), report.toString());
            assertEquals(1, iterable.emulator().requestCount("/api/users/update"));
            assertEquals(0, iterable.emulator().requestCount("/api/users/updateEmail"));
            assertEquals("b@example.com", iterable.emulator().userByUserId("u-1").orElseThrow().get("email"));
        }
    }
}
