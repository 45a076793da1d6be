package io.github.cameliterable.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.cameliterable.IterableComponent;
import io.github.cameliterable.IterableConstants;
import io.github.cameliterable.emulator.IterableEmulatorExtension;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The run-control calls docs/state.md shows (confirming removals, a reset), quoted from the marked regions. */
class RunControlsExamplesTest {

    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    @TempDir
    Path state;

    private static List<Map<String, Object>> customers(int count) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            rows.add(Map.of("email", "c" + i + "@example.com", "plan", "pro"));
        }
        return rows;
    }

    @Test
    void confirmingRemovalsAndAReset() throws Exception {
        CamelContext camel = new DefaultCamelContext();
        IterableComponent component = camel.getComponent("iterable", IterableComponent.class);
        component.getConfiguration().setApiKey(iterable.emulator().apiKey());
        component.getConfiguration().setBaseUri(iterable.emulator().baseUri());
        component.getConfiguration().setStateDirectory(state.toString());
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:users").to("iterable:users?snapshot=true&deleteBehavior=delete");
                from("direct:customers").to("iterable:users?snapshot=true&syncId=customers");
            }
        });
        camel.start();
        try {
            ProducerTemplate template = camel.createProducerTemplate();
            template.sendBody("direct:users", customers(10));
            List<Map<String, Object>> rows = customers(5);
            // half the keys would go: refused by maxRemovalPercent, the exchange fails
            assertThrows(CamelExecutionException.class, () -> template.sendBody("direct:users", rows));
            assertEquals(10, iterable.emulator().users().size(), "the refused run deleted nobody");
            // @formatter:off
            // example-start: confirm-removals
            // after checking the refusal: the model really lost those rows
            template.sendBodyAndHeader("direct:users", rows, IterableConstants.CONFIRM_REMOVALS, true);
            // example-end: confirm-removals
            // @formatter:on
            assertEquals(5, iterable.emulator().users().size(), "the confirmed run deleted the five that left");

            template.sendBody("direct:customers", customers(3));
            // @formatter:off
            // example-start: reset
            // forget the state once, from a REST call or a console
            template.sendBodyAndHeader("direct:customers", null, IterableConstants.RESET, true);
            // example-end: reset
            // @formatter:on
            long before = iterable.emulator().requestCount("/api/users/bulkUpdate");
            template.sendBody("direct:customers", customers(3));
            assertTrue(iterable.emulator().requestCount("/api/users/bulkUpdate") > before,
                    "after the reset the same model is sent again");
        } finally {
            camel.stop();
        }
    }
}
