package io.github.cameliterable.safety;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.cameliterable.IterableConstants;
import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Resync (send all as new, remove nothing) and reset (forget the state, send nothing), each by a header. */
class RunControlsTest {
    static final String URI = "iterable:users?snapshot=true&deleteBehavior=delete&maxRemovalPercent=100";

    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    @TempDir
    Path state;

    static List<Map<String, Object>> users(int n) {
        return RemovalSafeguardTest.users(0, n);
    }

    private static long bulkRequests() {
        return iterable.emulator().requestCount("/api/users/bulkUpdate");
    }

    @Test
    void resyncSendsEveryRecordAgainAndRemovesNothing() {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.route("users", URI);
            harness.sync("users", users(4));
            assertEquals(4, harness.sync("users", users(4)).getUnchanged());
            long before = bulkRequests();

            // a shrunken model in a resync: all of it sent again, nobody removed
            ProducerTemplate template = harness.camel().createProducerTemplate();
            SyncReport resync = template.requestBodyAndHeader("direct:users", users(3), IterableConstants.RESYNC, true,
                    SyncReport.class);
            assertEquals(3, resync.getNew(), resync.toString());
            assertEquals(3, resync.getSucceeded());
            assertEquals(0, resync.getRemoved());
            assertEquals(before + 1, bulkRequests());
            assertEquals(0, iterable.emulator().deleted().size());

            // the state is as before: the next ordinary run sends nothing and removes the one that left
            SyncReport next = harness.sync("users", users(3));
            assertEquals(3, next.getUnchanged(), next.toString());
            assertEquals(1, next.getRemoved());
        }
    }

    /** The YAML of docs/state.md's "Run controls", from a direct endpoint instead of the weekly timer. */
    static final String YAML = """
            - route:
                from:
                  uri: direct:weekly
                  steps:
                    - setHeader:
                        name: CamelIterableResync
                        constant: true
                    - to:
                        uri: iterable:users
                        parameters:
                          snapshot: true
                          deleteBehavior: delete
            """;

    @Test
    void aYamlRouteAsksForAResyncByHeader() throws Exception {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            org.apache.camel.CamelContext camel = harness.camel();
            org.apache.camel.support.PluginHelper.getRoutesLoader(camel)
                    .loadRoutes(
                            org.apache.camel.support.ResourceHelper.fromString("weekly.yaml", YAML));
            ProducerTemplate template = camel.createProducerTemplate();
            assertEquals(3, template.requestBody("direct:weekly", users(3), SyncReport.class).getNew());
            SyncReport again = template.requestBody("direct:weekly", users(3), SyncReport.class);
            assertEquals(3, again.getNew(), again.toString());
            assertEquals(3, again.getSucceeded());
        }
    }

    @Test
    void resetForgetsTheStateAndSendsNothing() {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.route("users", URI);
            harness.sync("users", users(5));
            long before = iterable.emulator().requests().size();

            ProducerTemplate template = harness.camel().createProducerTemplate();
            SyncReport reset = template.requestBodyAndHeader("direct:users", users(1), IterableConstants.RESET, true,
                    SyncReport.class);
            assertEquals(0, reset.getReceived(), reset.toString());
            assertTrue(reset.getNotes().get(0).startsWith("state reset: 5 keys forgotten"), reset.toString());
            assertEquals(before, iterable.emulator().requests().size(), "nothing was sent");

            // everything is new again, and a smaller model removes nobody: the state no longer knows the others
            SyncReport after = harness.sync("users", users(2));
            assertEquals(2, after.getNew(), after.toString());
            assertEquals(0, after.getRemoved());
            assertEquals(5, iterable.emulator().users().size());
        }
    }
}
