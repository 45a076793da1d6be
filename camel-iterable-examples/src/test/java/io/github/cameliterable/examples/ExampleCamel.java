package io.github.cameliterable.examples;

import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;

import io.github.cameliterable.IterableComponent;
import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;

/**
 * A CamelContext as the examples expect it: a fresh warehouse bound as the one DataSource (camel-sql picks it up),
 * the iterable component pointed at the emulator with its state in a test directory, and the schedules off.
 */
final class ExampleCamel implements AutoCloseable {
    enum Dsl {
        JAVA, YAML
    }

    final Warehouse warehouse = Warehouse.create("test-" + UUID.randomUUID());
    final CamelContext camel = new DefaultCamelContext();
    private final Properties properties = new Properties();

    ExampleCamel(IterableEmulator emulator, Path stateDirectory) {
        properties.setProperty("examples.schedule.enabled", "false");
        camel.getPropertiesComponent().setInitialProperties(properties);
        camel.getRegistry().bind("warehouse", warehouse.dataSource());
        IterableComponent iterable = camel.getComponent("iterable", IterableComponent.class);
        iterable.getConfiguration().setApiKey(emulator.apiKey());
        iterable.getConfiguration().setBaseUri(emulator.baseUri());
        iterable.getConfiguration().setStateDirectory(stateDirectory.toString());
    }

    /**
     * A started CamelContext on a warehouse of the test's own ({@code #warehouse}), its iterable component pointed at
     * the emulator with its state in {@code stateDirectory}, and two routes a user writes over one query: the whole
     * result as a model into {@code iterable:users?<usersOptions>} ({@code direct:users}), and one row per message into
     * {@code iterable:events?<eventsOptions>} ({@code direct:events}).
     */
    static CamelContext onWarehouse(IterableEmulator emulator, Path stateDirectory, javax.sql.DataSource warehouse,
            String select, String usersOptions, String eventsOptions) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.getRegistry().bind("warehouse", warehouse);
        IterableComponent iterable = camel.getComponent("iterable", IterableComponent.class);
        iterable.getConfiguration().setApiKey(emulator.apiKey());
        iterable.getConfiguration().setBaseUri(emulator.baseUri());
        iterable.getConfiguration().setStateDirectory(stateDirectory.toString());
        camel.addRoutes(new org.apache.camel.builder.RouteBuilder() {
            @Override
            public void configure() {
                from("direct:users")
                        .to("sql:" + select + "?dataSource=#warehouse&outputType=StreamList")
                        .to("iterable:users?" + usersOptions);
                // one message a row, as a sql: consumer or a splitter hands them over
                from("direct:events")
                        .to("sql:" + select + "?dataSource=#warehouse")
                        .split(body())
                        .to("iterable:events?" + eventsOptions);
            }
        });
        camel.start();
        return camel;
    }

    /** Adds the example sync routes named, in the DSL given, and starts the context. */
    ExampleCamel start(Dsl dsl, String... syncs) throws Exception {
        for (String name : syncs) {
            SyncRoutes.Sync sync = SyncRoutes.all().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
            if (dsl == Dsl.JAVA) {
                add(sync.javaRoute());
            } else {
                loadYaml(sync.yamlRoute());
            }
        }
        camel.start();
        return this;
    }

    /** A property for the routes' placeholders; before {@link #start}. */
    ExampleCamel property(String key, String value) {
        properties.setProperty(key, value);
        return this;
    }

    ExampleCamel add(RoutesBuilder routes) throws Exception {
        camel.addRoutes(routes);
        return this;
    }

    ExampleCamel loadYaml(String classpathResource) throws Exception {
        PluginHelper.getRoutesLoader(camel)
                .loadRoutes(
                        PluginHelper.getResourceLoader(camel).resolveResource("classpath:" + classpathResource));
        return this;
    }

    SyncReport sync(String name) {
        return camel.createProducerTemplate().requestBody("direct:" + name, null, SyncReport.class);
    }

    @Override
    public void close() {
        camel.stop();
        warehouse.close();
    }
}
