package io.github.cameliterable.safety;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.cameliterable.IterableEndpoint;
import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.FailedToStartRouteException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One endpoint owns a syncId in a CamelContext: two on one state would remove each other's keys. */
class SyncIdOwnershipTest {
    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    @TempDir
    Path state;

    @Test
    void aSecondEndpointOnTheSameSyncIdFailsAtStartNamingBoth() {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.route("crm", "iterable:users?deleteBehavior=delete&snapshot=true&apiKey=RAW(secret-key-1234)")
                    .route("shop", "iterable:users?deleteBehavior=delete&snapshot=true&fields=plan");
            Exception failure = assertThrows(Exception.class, harness::camel);
            Throwable cause = failure;
            while (!(cause instanceof IllegalArgumentException) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            String message = cause.getMessage();
            assertTrue(failure instanceof FailedToStartRouteException || failure.getCause() != null, failure.toString());
            assertTrue(message.startsWith("The syncId 'users' of iterable://users?"), message);
            assertTrue(message.contains("fields=plan"), message);
            assertTrue(message.contains("apiKey=xxxxxx"), message);
            assertFalse(message.contains("secret-key-1234"), "the API key is masked: " + message);
            assertTrue(message.contains("Set a distinct syncId option on one of them."), message);
        }
    }

    @Test
    void twoListsHaveTheirOwnSyncIdsAndNeverUnsubscribeEachOther() {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.route("vip", "iterable:lists?listName=vip&snapshot=true")
                    .route("churn", "iterable:lists?listName=churn-risk&snapshot=true");
            for (int run = 0; run < 2; run++) {
                harness.sync("vip", List.of(Map.of("email", "a@example.com"), Map.of("email", "b@example.com")));
                harness.sync("churn", List.of(Map.of("email", "c@example.com")));
            }
            Map<String, Long> lists = iterable.emulator().lists();
            assertEquals(Set.of("vip", "churn-risk"), lists.keySet());
            assertEquals(Set.of("a@example.com", "b@example.com"), iterable.emulator().listMembers(lists.get("vip")));
            assertEquals(Set.of("c@example.com"), iterable.emulator().listMembers(lists.get("churn-risk")));
            assertEquals(0, iterable.emulator().requestCount("/api/lists/unsubscribe"));
            IterableEndpoint vip = harness.camel()
                    .getEndpoint("iterable:lists?listName=vip&snapshot=true", IterableEndpoint.class);
            IterableEndpoint churn = harness.camel()
                    .getEndpoint("iterable:lists?listName=churn-risk&snapshot=true",
                            IterableEndpoint.class);
            assertNotEquals(vip.syncId(), churn.syncId());
            // Camel's service location (JMX, the dev console): the emulator's plain http on the loopback address
            assertEquals("http", vip.getServiceProtocol());
            assertTrue(vip.getServiceUrl().startsWith("http://"), vip.getServiceUrl());
        }
    }

    @Test
    void twoRoutesOnOneListEndpointNamedByRouteCannotUnsubscribeEachOther() {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            // the same URI is one endpoint: without listName its list is named after the first route that runs
            harness.route("vip", "iterable:lists?snapshot=true").route("churn", "iterable:lists?snapshot=true");
            harness.sync("vip", List.of(Map.of("email", "a@example.com"), Map.of("email", "b@example.com")));
            Exception refused = assertThrows(Exception.class,
                    () -> harness.sync("churn", List.of(Map.of("email", "c@example.com"))));
            assertEquals("The list of lists-route-add is named after the route 'vip', and the route 'churn' sends to"
                    + " the same endpoint; nothing was sent. Give each route its own listName (or listId).",
                    refused.getCause().getMessage());
            assertEquals(Set.of("vip"), iterable.emulator().lists().keySet());
            assertEquals(Set.of("a@example.com", "b@example.com"),
                    iterable.emulator().listMembers(iterable.emulator().lists().get("vip")));
            assertEquals(0, iterable.emulator().requestCount("/api/lists/unsubscribe"));
        }
    }

    @Test
    void aListNamedByARenamedRouteIsCreatedWithEveryMemberOfTheModel() {
        // without listName the syncId is lists-route-add whatever the route: the state of the route's old list is
        // there, and none of its members is in the new list (before, the run reported them unchanged: an empty list)
        List<Map<String, Object>> members = List.of(Map.of("email", "a@example.com"), Map.of("email", "b@example.com"),
                Map.of("email", "c@example.com"), Map.of("email", "d@example.com"), Map.of("email", "e@example.com"));
        Set<String> emails = Set.of("a@example.com", "b@example.com", "c@example.com", "d@example.com", "e@example.com");
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.route("weekly-segment", "iterable:lists?snapshot=true");
            harness.sync("weekly-segment", members);
        }
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.route("vip-segment", "iterable:lists?snapshot=true");
            SyncReport report = harness.sync("vip-segment", members);
            assertEquals(5, report.getSent(), report.toString());
            assertTrue(report.getNotes()
                    .contains("the list 'vip-segment' was created: every record of this run is sent"
                            + " to it as new"),
                    report.getNotes().toString());
            Map<String, Long> lists = iterable.emulator().lists();
            assertEquals(emails, iterable.emulator().listMembers(lists.get("vip-segment")));
            assertEquals(0, iterable.emulator().requestCount("/api/lists/unsubscribe"), "nothing removed from either");
            // the next run is an ordinary one: a member that left the model leaves the new list
            assertEquals(1, harness.sync("vip-segment", members.subList(0, 4)).getRemoved());
            assertFalse(iterable.emulator().listMembers(lists.get("vip-segment")).contains("e@example.com"));
            assertEquals(emails, iterable.emulator().listMembers(lists.get("weekly-segment")));
        }
    }

    @Test
    void aDryRunEndpointMayLookAtTheStateOfTheOwner() {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.route("users", "iterable:users").route("preview", "iterable:users?dryRun=true");
            harness.sync("users", List.of(Map.of("email", "a@example.com")));
            assertEquals(1, harness.sync("preview", List.of(Map.of("email", "a@example.com"))).getUnchanged());
        }
    }
}
