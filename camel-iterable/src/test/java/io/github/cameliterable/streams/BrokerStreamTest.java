package io.github.cameliterable.streams;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.state.IntakeQueue;
import io.github.cameliterable.state.RocksStateStore;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A stream through a real broker: event messages in a RabbitMQ queue, consumed over JMS by a separate JVM
 * ({@link BrokerSync}) with the durable intake, which is killed with {@code destroyForcibly()} halfway; the route
 * started again over the same state finishes the queue, and every event is in Iterable exactly once (by event id).
 * 4,000 messages in the default test run; the 100,000 of docs/streams.md with
 * {@code -Diterable.broker.messages=100000}. Skipped when no RabbitMQ listens on 127.0.0.1:5672.
 */
class BrokerStreamTest {
    static final int MESSAGES = Integer.getInteger("iterable.broker.messages", 4_000);

    @TempDir
    Path work;

    @Test
    void aConsumerKilledHalfwayLosesNoEventAndTracksNoneTwice() throws Exception {
        assumeTrue(rabbitMqListens(), "RabbitMQ at 127.0.0.1:5672 not reachable: skipping the broker test");
        String queue = "iterable-broker-test-" + UUID.randomUUID();
        try (IterableEmulator iterable = IterableEmulator.builder().rateLimits(false).start()) {
            publish(queue);
            Path state = work.resolve("state");
            Path childLog = work.resolve("child.log");
            ProcessBuilder builder = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"),
                    BrokerSync.class.getName(), iterable.baseUri(), state.toString(), queue)
                    .redirectErrorStream(true)
                    .redirectOutput(childLog.toFile());
            builder.environment().put("ITERABLE_API_KEY", iterable.apiKey());
            Process child = builder.start();
            while (iterable.events().size() < MESSAGES / 2 && child.isAlive()) {
                Thread.sleep(20);
            }
            assertTrue(child.isAlive(), "the child ended before it could be killed:\n" + Files.readString(childLog));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            int beforeKill = iterable.events().size();
            assertTrue(beforeKill < MESSAGES, "killed halfway: " + beforeKill);

            CamelContext camel = BrokerSync.context(iterable.baseUri(), state.toString(), queue, iterable.apiKey());
            camel.start();
            try {
                // a generous bound, at least 10 minutes, longer for the 100,000 run
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(600, MESSAGES / 20));
                while ((iterable.events().size() < MESSAGES || queueDepth(queue) > 0) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
            } finally {
                camel.stop();
            }
            System.out.printf("broker: %d messages, %d events in Iterable when the consumer was killed, %d after the"
                    + " restart, %d trackBulk requests%n", MESSAGES, beforeKill, iterable.events().size(),
                    iterable.requestCount("/api/events/trackBulk"));
            // the intake in the embedded store's RocksDB database (main opened an empty H2 file here, so this held anyway)
            try (RocksStateStore store = RocksStateStore.open(state)) {
                IntakeQueue intake = store.intakeQueue();
                assertEquals(List.of(), intake.failed("events-order", 10), "no record failed");
                assertEquals(0, intake.size("events-order"), "the durable intake is empty");
            }
            Set<String> ids = new HashSet<>();
            iterable.events().forEach(e -> ids.add(String.valueOf(e.get("id"))));
            assertEquals(MESSAGES, iterable.events().size(), "every event exactly once");
            for (int i = 1; i <= MESSAGES; i++) {
                assertTrue(ids.contains("ev-" + i), "event ev-" + i + " is missing");
            }
            assertEquals(0, queueDepth(queue), "the broker's queue is empty");
        } finally {
            deleteQueue(queue);
        }
    }

    private static void publish(String queueName) {
        try (JMSContext jms = BrokerSync.rabbitMq().createContext(JMSContext.SESSION_TRANSACTED)) {
            Queue queue = jms.createQueue(queueName);
            JMSProducer producer = jms.createProducer();
            for (int i = 1; i <= MESSAGES; i++) {
                producer.send(queue, "{\"email\":\"user" + (i % 500) + "@example.com\",\"eventId\":\"ev-" + i
                        + "\",\"amount\":" + i + "}");
                if (i % 1000 == 0) {
                    jms.commit();
                }
            }
            jms.commit();
        }
    }

    /** Plain AMQP, for what JMS does not offer: the queue's depth and its deletion. */
    private static ConnectionFactory amqp() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(BrokerSync.HOST);
        factory.setPort(BrokerSync.PORT);
        factory.setUsername(BrokerSync.USER);
        factory.setPassword(BrokerSync.USER);
        return factory;
    }

    private static boolean rabbitMqListens() {
        try (Connection ignored = amqp().newConnection()) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static long queueDepth(String queue) throws Exception {
        try (Connection c = amqp().newConnection(); Channel channel = c.createChannel()) {
            return channel.queueDeclarePassive(queue).getMessageCount();
        }
    }

    private static void deleteQueue(String queue) {
        try (Connection c = amqp().newConnection(); Channel channel = c.createChannel()) {
            channel.queueDelete(queue);
        } catch (Exception e) {
            // nothing to clean up when the broker is not there
        }
    }
}
