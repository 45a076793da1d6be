package io.github.cameliterable.emulator;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.cameliterable.emulator.EmulatorHttp.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmulatorListsTest {
    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.builder().rateLimits(false).build();

    @Test
    void createListSubscribeAndUnsubscribe(IterableEmulator emulator) {
        EmulatorHttp http = new EmulatorHttp(emulator);
        Reply created = http.post("/api/lists", Map.of("name", "Newsletter"));
        assertEquals(200, created.status());
        long listId = ((Number) created.json().get("listId")).longValue();
        List<?> lists = (List<?>) http.get("/api/lists").json().get("lists");
        Map<?, ?> list = (Map<?, ?>) lists.get(0);
        assertEquals("Newsletter", list.get("name"));
        assertEquals("Standard", list.get("listType"));
        assertEquals(Map.of("Newsletter", listId), emulator.lists());

        Reply sub = http.post("/api/lists/subscribe", Map.of("listId", listId, "subscribers", List.of(
                Map.of("email", "a@example.com", "dataFields", Map.of("src", "list")),
                Map.of("email", "b@example.com"),
                Map.of("email", "broken"))));
        assertEquals(200, sub.status());
        assertEquals(2, sub.json().get("successCount"));
        assertEquals(List.of("broken"), ((Map<?, ?>) sub.json().get("failedUpdates")).get("invalidEmails"));
        assertEquals(Set.of("a@example.com", "b@example.com"), emulator.listMembers(listId));
        assertEquals("list", ((Map<?, ?>) emulator.user("a@example.com").orElseThrow().get("dataFields")).get("src"));

        Reply unsub = http.post("/api/lists/unsubscribe", Map.of("listId", listId, "subscribers", List.of(
                Map.of("email", "a@example.com"), Map.of("email", "ghost@example.com"), Map.of("userId", "ghost"))));
        assertEquals(1, unsub.json().get("successCount"));
        assertEquals(2, unsub.json().get("failCount"));
        Map<?, ?> failed = (Map<?, ?>) unsub.json().get("failedUpdates");
        assertEquals(List.of("ghost@example.com"), failed.get("notFoundEmails"));
        assertEquals(List.of("ghost"), failed.get("notFoundUserIds"));
        assertEquals(Set.of("b@example.com"), emulator.listMembers(listId));
    }

    @Test
    void unknownListIs400(IterableEmulator emulator) {
        Reply r = new EmulatorHttp(emulator).post("/api/lists/subscribe", Map.of("listId", 424242,
                "subscribers", List.of(Map.of("email", "a@example.com"))));
        assertEquals(400, r.status());
        assertEquals("BadParams", r.code());
        assertTrue(emulator.users().isEmpty());
    }
}
