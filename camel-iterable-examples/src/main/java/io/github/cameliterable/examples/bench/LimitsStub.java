package io.github.cameliterable.examples.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for Iterable that enforces only its limits and does no work per record: per endpoint, at most
 * Iterable's published rate in ANY 1-second window (a sliding window over the times of the requests it accepted;
 * 429 {@code RateLimitExceeded} beyond), 413 for a users/bulkUpdate body over 4 MB, and a 200 that counts the records
 * of each bulk body (the objects of its array, found by a byte scan, no parsing).
 * <p>
 * Why a sliding window and not a token bucket: Iterable does not publish how it counts, and a bucket lets a client
 * burst {@code limit} requests after an idle second and then {@code limit} more, twice the rate in one window. The
 * strictest reading is the one a client must survive.
 * <p>
 * Why: the emulator parses, types and stores every user under one lock; on a small machine that, not the client,
 * sets the pace (see docs/performance.md). With {@code limits=false} it answers everything at once: a sink that
 * does not rate-limit, so that what is measured is the client and its state store.
 */
final class LimitsStub implements AutoCloseable {
    private static final Map<String, Integer> LIMITS = Map.of(
            "/api/users/bulkUpdate", 5,
            "/api/events/trackBulk", 10,
            "/api/users/update", 500,
            "/api/events/track", 2000);

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final boolean limits;
    private final Map<String, ArrayDeque<Long>> windows = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> records = new ConcurrentHashMap<>();
    private final AtomicLong tooMany = new AtomicLong();
    private final AtomicLong tooLarge = new AtomicLong();

    LimitsStub(boolean limits) throws IOException {
        this.limits = limits;
        // answers are written in two parts (headers, body): without TCP_NODELAY each small request waits ~40 ms for
        // the client's delayed ACK
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String baseUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int port() {
        return server.getAddress().getPort();
    }

    long requests(String path) {
        return requests.getOrDefault(path, new AtomicLong()).get();
    }

    long records(String path) {
        return records.getOrDefault(path, new AtomicLong()).get();
    }

    long count429() {
        return tooMany.get();
    }

    long count413() {
        return tooLarge.get();
    }

    void reset() {
        windows.clear();
        requests.clear();
        records.clear();
        tooMany.set(0);
        tooLarge.set(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            requests.computeIfAbsent(path, k -> new AtomicLong()).incrementAndGet();
            if (limits && path.equals("/api/users/bulkUpdate") && body.length > Bench.FOUR_MB) {
                tooLarge.incrementAndGet();
                reply(exchange, 413, "<html><body><h1>413 Request Entity Too Large</h1></body></html>");
                return;
            }
            if (limits && !acquire(path)) {
                tooMany.incrementAndGet();
                reply(exchange, 429, "{\"msg\":\"Rate limit exceeded\",\"code\":\"RateLimitExceeded\",\"params\":null}");
                return;
            }
            if (path.endsWith("/bulkUpdate") || path.endsWith("/trackBulk")) {
                long n = countArrayObjects(body);
                records.computeIfAbsent(path, k -> new AtomicLong()).addAndGet(n);
                reply(exchange, 200, "{\"successCount\":" + n + ",\"failCount\":0,\"invalidEmails\":[],\"invalidUserIds\":[],"
                        + "\"failedUpdates\":{},\"createdFields\":[],\"filteredOutFields\":[],"
                        + "\"disallowedEventNames\":[]}");
            } else {
                records.computeIfAbsent(path, k -> new AtomicLong()).incrementAndGet();
                reply(exchange, 200, "{\"msg\":\"\",\"code\":\"Success\",\"params\":null}");
            }
        }
    }

    /** Accepts the request if fewer than {@code limit} were accepted in the second before it. */
    private boolean acquire(String path) {
        Integer limit = LIMITS.get(path);
        if (limit == null) {
            return true;
        }
        ArrayDeque<Long> accepted = windows.computeIfAbsent(path, k -> new ArrayDeque<>());
        synchronized (accepted) {
            long now = System.nanoTime();
            while (!accepted.isEmpty() && now - accepted.peekFirst() >= 1_000_000_000L) {
                accepted.pollFirst();
            }
            if (accepted.size() < limit) {
                accepted.addLast(now);
                return true;
            }
            return false;
        }
    }

    /** The objects of the body's first array (the users or events of a bulk body), by a scan that skips strings. */
    static long countArrayObjects(byte[] body) {
        long count = 0;
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
                continue;
            }
            switch (b) {
                case '"' -> inString = true;
                case '{', '[' -> {
                    if (b == '{' && depth == 2) {
                        count++;
                    }
                    depth++;
                }
                case '}', ']' -> depth--;
                default -> {
                }
            }
        }
        return count;
    }

    private static void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", text.startsWith("<") ? "text/html" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
