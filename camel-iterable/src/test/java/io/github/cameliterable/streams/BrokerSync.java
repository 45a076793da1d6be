package io.github.cameliterable.streams;

import com.rabbitmq.jms.admin.RMQConnectionFactory;
import io.github.cameliterable.IterableComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The route {@link BrokerStreamTest} runs and kills: event messages from a RabbitMQ queue (JMS, four consumers) into
 * {@code iterable:events} with the durable intake, its state in stateDirectory. The API key comes from the
 * environment (ITERABLE_API_KEY).
 * <pre>java -cp ... BrokerSync baseUri stateDirectory queue</pre>
 */
public final class BrokerSync {
    static final String URI = "iterable:events?eventName=order&eventIdColumn=eventId&durableIntake=true&rateLimit=1000";

    private BrokerSync() {
    }

    /** The machine's RabbitMQ: loopback, default port, the default account. */
    static final String HOST = "127.0.0.1";
    static final int PORT = 5672;
    static final String USER = "guest";

    /** RabbitMQ's JMS connection factory for it. */
    static RMQConnectionFactory rabbitMq() {
        RMQConnectionFactory factory = new RMQConnectionFactory();
        factory.setHost(HOST);
        factory.setPort(PORT);
        factory.setUsername(USER);
        factory.setPassword(USER);
        return factory;
    }

    /** A CamelContext with the route, not started. */
    static CamelContext context(String baseUri, String stateDirectory, String queue, String apiKey) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        // CLIENT_ACKNOWLEDGE: Spring acknowledges after the exchange completed (AUTO_ACKNOWLEDGE acknowledges before it
        // runs, so a JVM killed mid-exchange would lose the message)
        camel.addComponent("jms", JmsComponent.jmsComponentClientAcknowledge(rabbitMq()));
        IterableComponent iterable = camel.getComponent("iterable", IterableComponent.class);
        iterable.getConfiguration().setApiKey(apiKey);
        iterable.getConfiguration().setBaseUri(baseUri);
        iterable.getConfiguration().setStateDirectory(stateDirectory);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("jms:queue:" + queue + "?concurrentConsumers=4").routeId("broker").to(URI);
            }
        });
        return camel;
    }

    public static void main(String[] args) throws Exception {
        CamelContext camel = context(args[0], args[1], args[2], System.getenv("ITERABLE_API_KEY"));
        camel.start();
        System.out.println("CONSUMING");
        Thread.currentThread().join();
    }
}
