package io.github.cameliterable.usage;

// @formatter:off
// example-start: test (docs/emulator.md quotes the rest of this file; DocsExamplesTest checks it)
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A user's own route tested against the emulator, exactly as docs/emulator.md shows it. */
class CustomerSyncTest extends CamelTestSupport {

    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    @TempDir
    Path state;

    @Override
    protected RouteBuilder createRouteBuilder() {
        IterableEmulator emulator = iterable.emulator();
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:customers")
                        .to("iterable:users?fields=first_name:firstName,tier"
                            + "&apiKey=" + emulator.apiKey() + "&baseUri=" + emulator.baseUri()
                            + "&stateDirectory=" + state);
            }
        };
    }

    @Test
    void syncsCustomers() {
        List<Map<String, Object>> rows = List.of(
                Map.of("email", "ann@example.com", "first_name", "Ann", "tier", "gold"),
                Map.of("email", "bob@example.com", "first_name", "Bob", "tier", "silver"));

        SyncReport report = template.requestBody("direct:customers", rows, SyncReport.class);

        assertEquals(2, report.getSucceeded());
        IterableEmulator emulator = iterable.emulator();
        assertEquals(2, emulator.users().size());
        Map<?, ?> ann = (Map<?, ?>) emulator.user("ann@example.com").orElseThrow().get("dataFields");
        assertEquals("Ann", ann.get("firstName"));
        assertEquals("gold", ann.get("tier"));
        assertEquals(1, emulator.requestCount("/api/users/bulkUpdate"));
        assertEquals(0, emulator.count429());
    }
}
// example-end: test
// @formatter:on
