package io.github.cameliterable.support;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import io.github.cameliterable.IterableComponent;
import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A CamelContext wired to the emulator, with its state in a directory or a DataSource, that can be restarted to
 * prove what survives a restart. Routes are {@code direct:NAME -> iterable:...}, as a user writes them.
 */
public final class SyncHarness implements AutoCloseable {
    private final IterableEmulator emulator;
    private final Path stateDirectory;
    private final DataSource dataSource;
    private final Map<String, String> routes = new LinkedHashMap<>();
    private final Map<String, Object> beans = new LinkedHashMap<>();
    private CamelContext camel;
    private boolean jmx = true;

    public SyncHarness(IterableEmulator emulator, Path stateDirectory, DataSource dataSource) {
        this.emulator = emulator;
        this.stateDirectory = stateDirectory;
        this.dataSource = dataSource;
    }

    /** Adds a route {@code direct:name -> uri} (restarting the context when it runs). */
    public SyncHarness route(String name, String uri) {
        routes.put(name, uri);
        if (camel != null) {
            restart();
        }
        return this;
    }

    /** Binds a bean in the registry of this and every restarted context. */
    public SyncHarness bind(String name, Object bean) {
        beans.put(name, bean);
        if (camel != null) {
            restart();
        }
        return this;
    }

    /** Starts this and every restarted context with Camel's JMX off, as {@code camel.main.jmxEnabled=false} does. */
    public SyncHarness disableJmx() {
        jmx = false;
        if (camel != null) {
            restart();
        }
        return this;
    }

    public SyncReport sync(String name, Object body) {
        if (camel == null) {
            start();
        }
        return camel.createProducerTemplate().requestBody("direct:" + name, body, SyncReport.class);
    }

    public CamelContext camel() {
        if (camel == null) {
            start();
        }
        return camel;
    }

    /** A new CamelContext over the same state, as after a JVM restart. */
    public void restart() {
        stop();
        start();
    }

    private void start() {
        camel = new DefaultCamelContext();
        if (!jmx) {
            camel.disableJMX();
        }
        beans.forEach((name, bean) -> camel.getRegistry().bind(name, bean));
        IterableComponent component = camel.getComponent("iterable", IterableComponent.class);
        component.getConfiguration().setApiKey(emulator.apiKey());
        component.getConfiguration().setBaseUri(emulator.baseUri());
        if (dataSource != null) {
            camel.getRegistry().bind("stateDataSource", dataSource);
            component.getConfiguration().setStateDataSource(dataSource);
        } else {
            component.getConfiguration().setStateDirectory(stateDirectory.toString());
        }
        try {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    routes.forEach((name, uri) -> from("direct:" + name).routeId(name).to(uri));
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        camel.start();
    }

    private void stop() {
        if (camel != null) {
            camel.stop();
            camel = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
