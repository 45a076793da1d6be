package io.github.cameliterable.scale;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * One Iterable project as several JVMs see it, for the scale-out figures: {@code users/bulkUpdate} (5 a second) and
 * {@code events/trackBulk} (10 a second) under the strictest reading of Iterable's limits: a request that would be
 * the {@code limit + 1}-th to arrive within any one second (a sliding window, not a bucket that allows bursts) is
 * answered 429 {@code RateLimitExceeded}. It keeps every user's email and every event's id it accepted, to show that
 * each record landed exactly once, and counts the requests of each worker (the prefix of its records' ids). It does
 * nothing more per record: it must keep up with three JVMs on a small machine.
 */
final class FakeIterableProject implements AutoCloseable {
    static final String USERS = "/api/users/bulkUpdate";
    static final String EVENTS = "/api/events/trackBulk";
    private static final Map<String, Integer> LIMITS = Map.of(USERS, 5, EVENTS, 10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(6);
    private final String apiKey;
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();

    /** What one endpoint saw. */
    static final class Endpoint {
        final int limit;
        private final Deque<Long> window = new ArrayDeque<>();
        private final List<Long> accepted = new ArrayList<>();
        private final List<Long> arrivals = new ArrayList<>();
        final AtomicLong tooMany = new AtomicLong();
        final AtomicLong records = new AtomicLong();
        final Set<String> distinct = ConcurrentHashMap.newKeySet();
        final Map<String, AtomicLong> requestsBySender = new ConcurrentHashMap<>();

        Endpoint(int limit) {
            this.limit = limit;
        }

        /** Admits the request arriving at {@code nanos} if fewer than {@code limit} were admitted in the second before. */
        synchronized boolean admit(long nanos) {
            arrivals.add(nanos);
            while (!window.isEmpty() && nanos - window.peekFirst() >= 1_000_000_000L) {
                window.pollFirst();
            }
            if (window.size() >= limit) {
                tooMany.incrementAndGet();
                return false;
            }
            window.addLast(nanos);
            accepted.add(nanos);
            return true;
        }

        synchronized long requests() {
            return accepted.size();
        }

        /** Seconds from the first to the last admitted request. */
        synchronized double spanSeconds() {
            return accepted.size() < 2 ? 0 : (accepted.get(accepted.size() - 1) - accepted.get(0)) / 1e9;
        }

        /** The most requests that arrived (admitted or refused) within any one second. */
        synchronized int busiestSecond() {
            int most = 0;
            int start = 0;
            for (int end = 0; end < arrivals.size(); end++) {
                while (arrivals.get(end) - arrivals.get(start) >= 1_000_000_000L) {
                    start++;
                }
                most = Math.max(most, end - start + 1);
            }
            return most;
        }

        /**
         * The shortest time in which {@code limit + 1} requests arrived, in milliseconds: at least 1000 when no
         * window was crowded; how far below tells how late or early requests came.
         */
        synchronized double tightestSpanMillis() {
            double tightest = Double.POSITIVE_INFINITY;
            for (int i = 0; i + limit < arrivals.size(); i++) {
                tightest = Math.min(tightest, (arrivals.get(i + limit) - arrivals.get(i)) / 1e6);
            }
            return tightest;
        }

        /** Requests per second between the first and the last admitted one, as a share of the limit. */
        synchronized double shareOfLimit() {
            double span = spanSeconds();
            return span == 0 ? 0 : (accepted.size() - 1) / span / limit;
        }
    }

    FakeIterableProject(String apiKey) throws IOException {
        this.apiKey = apiKey;
        LIMITS.forEach((path, limit) -> endpoints.put(path, new Endpoint(limit)));
        // answers go out in two writes: without TCP_NODELAY each waits for the client's delayed ACK
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String baseUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    Endpoint endpoint(String path) {
        return endpoints.get(path);
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            Endpoint endpoint = endpoints.get(exchange.getRequestURI().getPath());
            if (endpoint == null || !"POST".equals(exchange.getRequestMethod())) {
                answer(exchange, 404, "{\"msg\":\"not here\",\"code\":\"NotFound\"}");
                return;
            }
            if (!apiKey.equals(exchange.getRequestHeaders().getFirst("Api-Key"))) {
                answer(exchange, 401, "{\"msg\":\"Invalid API key\",\"code\":\"BadApiKey\"}");
                return;
            }
            if (!endpoint.admit(arrived)) {
                exchange.getResponseHeaders().add("Retry-After", "1");
                answer(exchange, 429, "{\"msg\":\"Rate limit exceeded\",\"code\":\"RateLimitExceeded\"}");
                return;
            }
            boolean users = exchange.getRequestURI().getPath().equals(USERS);
            JsonNode records = JSON.readTree(body).path(users ? "users" : "events");
            String sender = null;
            for (JsonNode record : records) {
                String id = users ? record.path("email").asText() : record.path("id").asText();
                endpoint.distinct.add(id);
                sender = sender != null ? sender : id.substring(0, id.indexOf('-'));
            }
            endpoint.records.addAndGet(records.size());
            endpoint.requestsBySender.computeIfAbsent(String.valueOf(sender), k -> new AtomicLong()).incrementAndGet();
            answer(exchange, 200, "{\"successCount\":" + records.size() + ",\"failCount\":0,\"createdFields\":[],"
                                  + "\"filteredOutFields\":[]" + (users ? "" : ",\"disallowedEventNames\":[]") + "}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
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
