package io.github.cameliterable.examples;

import java.nio.file.Path;
import java.util.Map;

import io.github.cameliterable.IterableComponent;
import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.examples.routes.UsersRoute;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The pattern docs/examples.md shows for testing your own routes against the emulator; the page quotes it. */
class YourRoutesTest {
    // @formatter:off
    // example-start: your-routes
    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();   // reset before each test

    @TempDir
    Path state;

    @Test
    void syncsMyUsers() throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.getRegistry().bind("warehouse", Warehouse.create("my-test").dataSource());   // your model's DataSource
        camel.getPropertiesComponent().addInitialProperty("examples.schedule.enabled", "false");
        IterableComponent component = camel.getComponent("iterable", IterableComponent.class);
        component.getConfiguration().setApiKey(iterable.emulator().apiKey());
        component.getConfiguration().setBaseUri(iterable.emulator().baseUri());
        component.getConfiguration().setStateDirectory(state.toString());
        camel.addRoutes(new UsersRoute());
        camel.start();
        try {
            SyncReport report = camel.createProducerTemplate().requestBody("direct:users", null, SyncReport.class);
            assertEquals(200, report.getSucceeded(), report.toString());
            assertEquals("pro", ((Map<?, ?>) iterable.emulator().user("customer10@example.com").orElseThrow()
                    .get("dataFields")).get("plan"));
        } finally {
            camel.stop();
        }
    }
    // example-end: your-routes
    // @formatter:on
}
