package io.github.cameliterable.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.cameliterable.IterableComponent;
import io.github.cameliterable.state.JdbcStateStore;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;
import org.apache.camel.spi.PropertyConfigurerGetter;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.h2.jdbcx.JdbcDataSource;

/**
 * A Camel Main application configured only by environment variables (EnvironmentVariablesTest starts it in a JVM
 * of its own). {@code options NAME...}: prints each named component option as {@code option NAME=VALUE};
 * {@code sync}: syncs three users by userId and prints the report's counts.
 */
public final class EnvironmentMain {
    private EnvironmentMain() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        Path scratch = Files.createTempDirectory("environment-main");
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:environment-main;DB_CLOSE_DELAY=-1");
        main.bind("envDataSource", dataSource);
        main.bind("envRepository", MemoryIdempotentRepository.memoryIdempotentRepository());
        main.bind("envStore", JdbcStateStore.embedded(scratch));
        main.bind("envSsl", new SSLContextParameters());
        boolean sync = "sync".equals(args[0]);
        if (sync) {
            main.configure().addRoutesBuilder(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:users").to("iterable:users");
                }
            });
        }
        main.start();
        try {
            if (sync) {
                SyncReport report = main.getCamelContext()
                        .createProducerTemplate()
                        .requestBody("direct:users",
                                List.of(Map.of("userId", "u-1", "plan", "pro"), Map.of("userId", "u-2", "plan", "free"),
                                        Map.of("userId", "u-3", "plan", "pro")),
                                SyncReport.class);
                System.out.println("report succeeded=" + report.getSucceeded() + " failed=" + report.getFailed());
                return;
            }
            IterableComponent component = main.getCamelContext().getComponent("iterable", IterableComponent.class);
            // creating an endpoint is what applies the variables; not started, since these values are no sync
            component.createEndpoint("iterable:users");
            PropertyConfigurerGetter options = (PropertyConfigurerGetter) PluginHelper.getConfigurerResolver(
                    main.getCamelContext()).resolvePropertyConfigurer("iterable-component", main.getCamelContext());
            for (String option : args) {
                if (!"options".equals(option)) {
                    Object value = options.getOptionValue(component, option, false);
                    System.out.println("option " + option + "=" + (value == null ? null
                            : value instanceof String || value instanceof Number || value instanceof Boolean
                                    || value instanceof Enum ? value.toString() : "bean:" + value.getClass().getSimpleName()));
                }
            }
        } finally {
            main.stop();
        }
    }
}
