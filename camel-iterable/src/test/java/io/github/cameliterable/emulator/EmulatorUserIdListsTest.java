package io.github.cameliterable.emulator;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.cameliterable.emulator.EmulatorHttp.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** updateExistingUsersOnly is honoured in userID-based (and hybrid) projects only. */
class EmulatorUserIdListsTest {
    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.builder()
            .projectType(ProjectType.USER_ID)
            .rateLimits(false)
            .build();

    @Test
    void updateExistingUsersOnlySkipsUnknownUsers(IterableEmulator emulator) {
        EmulatorHttp http = new EmulatorHttp(emulator);
        long listId = ((Number) http.post("/api/lists", Map.of("name", "L")).json().get("listId")).longValue();
        http.post("/api/users/update", Map.of("userId", "u1"));
        Reply r = http.post("/api/lists/subscribe", Map.of("listId", listId, "updateExistingUsersOnly", true,
                "subscribers", List.of(Map.of("userId", "u1"), Map.of("userId", "u2"))));
        assertEquals(1, r.json().get("successCount"));
        assertEquals(List.of("u2"), ((Map<?, ?>) r.json().get("failedUpdates")).get("notFoundUserIds"));
        assertEquals(Set.of("u1"), emulator.listMembers(listId));
        assertEquals(1, emulator.users().size());
    }
}
