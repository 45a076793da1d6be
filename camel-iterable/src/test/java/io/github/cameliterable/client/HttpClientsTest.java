package io.github.cameliterable.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One HTTP client per transport: shared by clients whose builder settings are equal, its threads named and daemon. */
class HttpClientsTest {
    private static final String KEY = "test-key-0123456789";

    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] bytes = "{\"code\":\"Success\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ClientSettings settings(String baseUri, String key, Duration connectTimeout, Duration requestTimeout,
            SSLContext ssl) {
        return new ClientSettings(URI.create(baseUri), key, connectTimeout, requestTimeout, null, ssl);
    }

    @Test
    void clientsWithTheSameTransportShareOneHttpClient() throws Exception {
        try (HttpClients clients = new HttpClients()) {
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, null, null);
            HttpClient first = clients.of(settings("https://api.iterable.com", KEY, Duration.ofSeconds(10), null, null));
            // key, region and request timeout are per request: the same HTTP client
            assertSame(first, clients.of(settings("https://api.eu.iterable.com", "another-key-0123456789",
                    Duration.ofSeconds(10), Duration.ofSeconds(5), null)));
            // what goes into the builder makes another one: the connect timeout, the TLS context (by identity)
            HttpClient slower = clients.of(settings("https://api.iterable.com", KEY, Duration.ofSeconds(30), null, null));
            HttpClient tls = clients.of(settings("https://api.iterable.com", KEY, Duration.ofSeconds(10), null, ssl));
            assertNotSame(first, slower);
            assertNotSame(first, tls);
            assertSame(tls, clients.of(settings("https://api.iterable.com", KEY, Duration.ofSeconds(10), null, ssl)));
            assertEquals(3, clients.size());
        }
    }

    @Test
    void workersAreNamedDaemonThreadsThatEndWhenTheClientsClose() throws Exception {
        Set<Thread> before = workers();
        HttpClients clients = new HttpClients();
        ClientSettings settings = settings("http://127.0.0.1:" + server.getAddress().getPort(), KEY, null, null, null);
        RateLimits limits = new RateLimits();
        limits.setEnabled(false);
        HttpClient http = clients.of(settings);
        IterableClient client = new IterableClient(settings, limits, null, http);
        assertEquals(200, client.call(ApiCall.of(ApiEndpoint.USERS_BULK_UPDATE, "{}".getBytes(StandardCharsets.UTF_8)))
                .join()
                .status());
        Set<Thread> workers = workers();
        workers.removeAll(before);
        assertFalse(workers.isEmpty());
        assertTrue(workers.stream().allMatch(Thread::isDaemon), workers.toString());
        assertTrue(workers.stream().noneMatch(worker -> worker.getName().contains(KEY)));

        clients.close();
        assertEquals(0, clients.size());
        for (Thread worker : workers) {
            worker.join(5_000);
            assertFalse(worker.isAlive(), worker.getName());
        }
        // the next client is made anew
        assertNotSame(http, clients.of(settings));
        clients.close();
    }

    /** The live workers of every HttpClients in the JVM (other tests' too: compare with a set taken before). */
    private static Set<Thread> workers() {
        return Thread.getAllStackTraces()
                .keySet()
                .stream()
                .filter(thread -> thread.isAlive() && thread.getName().startsWith("IterableHttp-"))
                .collect(Collectors.toCollection(HashSet::new));
    }
}
