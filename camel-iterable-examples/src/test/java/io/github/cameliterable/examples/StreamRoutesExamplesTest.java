package io.github.cameliterable.examples;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.cameliterable.IterableComponent;
import io.github.cameliterable.IterableEndpoint;
import io.github.cameliterable.emulator.IterableEmulatorExtension;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDefinition;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stream routes docs/streams.md quotes (Kafka, camel-kafka's batching, JMS). Their sources need a broker this
 * module does not start (BrokerStreamTest runs a real one): here each route is built as written and every iterable
 * endpoint it sends to is created from its URI, so an option the docs name that the component does not take, or a
 * value it refuses, fails the build.
 */
class StreamRoutesExamplesTest {

    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    static class StreamRoutes extends RouteBuilder {
        @Override
        public void configure() {
            // @formatter:off
            // example-start: kafka-shared
            from("kafka:orders?brokers=localhost:9092&groupId=iterable&breakOnFirstError=true")
                .to("iterable:events?eventName=order&eventIdColumn=orderId");
            // example-end: kafka-shared
            // @formatter:on
            // @formatter:off
            // example-start: kafka-durable
            from("kafka:orders?brokers=localhost:9092&groupId=iterable")
                .to("iterable:events?eventName=order&eventIdColumn=orderId&durableIntake=true&stateDataSource=#pg");
            // example-end: kafka-durable
            // @formatter:on
            // @formatter:off
            // example-start: kafka-batching
            from("kafka:orders?brokers=localhost:9092&groupId=iterable&batching=true&maxPollRecords=5000&pollTimeoutMs=1000")
                .to("iterable:events?eventName=order&eventIdColumn=orderId&durableIntake=true");
            // example-end: kafka-batching
            // @formatter:on
            // @formatter:off
            // example-start: jms
            from("jms:queue:orders?concurrentConsumers=4&acknowledgementModeName=CLIENT_ACKNOWLEDGE")
                .to("iterable:events?eventName=order&eventIdColumn=orderId&durableIntake=true");
            // example-end: jms
            // @formatter:on
        }
    }

    @Test
    void everyIterableEndpointOfTheStreamRoutesIsValid() throws Exception {
        DefaultCamelContext camel = new DefaultCamelContext();
        JdbcDataSource pg = new JdbcDataSource();
        pg.setURL("jdbc:h2:mem:stream-routes");
        camel.getRegistry().bind("pg", pg);
        IterableComponent component = camel.getComponent("iterable", IterableComponent.class);
        component.getConfiguration().setApiKey(iterable.emulator().apiKey());
        component.getConfiguration().setBaseUri(iterable.emulator().baseUri());
        camel.addRoutes(new StreamRoutes());
        List<RouteDefinition> routes = camel.getRouteDefinitions();
        assertEquals(4, routes.size());
        Map<String, IterableEndpoint> endpoints = routes.stream()
                .flatMap(route -> route.getOutputs().stream())
                .map(output -> ((ToDefinition) output).getUri())
                .distinct()
                .collect(Collectors.toMap(uri -> uri, uri -> camel.getEndpoint(uri, IterableEndpoint.class)));
        assertEquals(3, endpoints.size());
        endpoints.values().forEach(endpoint -> {
            assertEquals("events", endpoint.getSyncType());
            assertEquals("order", endpoint.getConfiguration().getEventName());
            assertEquals("orderId", endpoint.getConfiguration().getEventIdColumn());
        });
        assertTrue(endpoints.get("iterable:events?eventName=order&eventIdColumn=orderId&durableIntake=true&stateDataSource=#pg")
                .getConfiguration()
                .isDurableIntake());
        assertEquals(pg,
                endpoints.get("iterable:events?eventName=order&eventIdColumn=orderId&durableIntake=true&stateDataSource=#pg")
                        .getConfiguration()
                        .getStateDataSource());
        camel.close();
    }
}
