package io.github.cameliterable.client;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

/**
 * The JDK HTTP clients of a set of {@link IterableClient}s (a component's endpoints): one {@link HttpClient} per
 * transport, the settings that go into its builder (connect timeout, TLS context), made on first use and shared by
 * every client with the same. On Java 17 an HttpClient holds a selector thread and its workers until the JVM collects
 * it: one per endpoint made a {@code toD} over 300 event names about 1,700 threads.
 */
public final class HttpClients implements AutoCloseable {
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    /** What goes into the builder; the TLS context is compared by identity (SSLContext has no equals). */
    private record Transport(Duration connectTimeout, SSLContext sslContext) {
        static Transport of(ClientSettings settings) {
            return new Transport(settings.connectTimeout(), settings.sslContext());
        }
    }

    private record Shared(HttpClient http, ExecutorService executor) {
    }

    private final Map<Transport, Shared> clients = new ConcurrentHashMap<>();

    /** The HTTP client for {@code settings}' transport: the one already made for equal settings, or a new one. */
    public HttpClient of(ClientSettings settings) {
        return clients.computeIfAbsent(Transport.of(settings), HttpClients::build).http();
    }

    /** How many HTTP clients are held (one per distinct transport). */
    public int size() {
        return clients.size();
    }

    /**
     * A client of its own, for an {@link IterableClient} built alone (tests, the emulator's tools): its threads end
     * when the JVM collects it.
     */
    static HttpClient unshared(ClientSettings settings) {
        return build(Transport.of(settings)).http();
    }

    private static Shared build(Transport transport) {
        int id = CLIENTS.incrementAndGet();
        // the JDK's default executor, named for this component; daemon threads never hold the JVM up
        ExecutorService executor = Executors.newCachedThreadPool(new Workers("IterableHttp-" + id + "-Worker-"));
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(transport.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .executor(executor);
        if (transport.sslContext() != null) {
            builder.sslContext(transport.sslContext());
        }
        return new Shared(builder.build(), executor);
    }

    /**
     * Drops the clients: their workers end once idle, their selector threads once the JVM collects them (Java 17's
     * HttpClient has no close). A call sent on one afterwards fails (RejectedExecutionException, not retried).
     */
    @Override
    public void close() {
        for (Map.Entry<Transport, Shared> entry : clients.entrySet()) {
            if (clients.remove(entry.getKey(), entry.getValue())) {
                entry.getValue().executor().shutdown();
            }
        }
    }

    private static final class Workers implements ThreadFactory {
        private final String prefix;
        private final AtomicInteger count = new AtomicInteger();

        Workers(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, prefix + count.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        }
    }
}
