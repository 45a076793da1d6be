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
 * {@code events/trackBulk} (10 a second), enforced by one of two rules:
 * <ul>
 * <li>{@link Rule#WINDOW}, the strictest reading of Iterable's limits: a request that would be the
 * {@code limit + 1}-th to arrive within any one second (a sliding window, no burst) is answered 429
 * {@code RateLimitExceeded};</li>
 * <li>{@link Rule#BUCKET}, Iterable's limit as the emulator models it: a bucket of {@code limit} tokens refilled at
 * {@code limit} a second.</li>
 * </ul>
 * Whatever the rule, it counts the requests that arrived within each second (the busiest second is the figure), keeps
 * every user's email and every event's id it accepted, to show that each record landed exactly once, and counts the
 * requests of each worker (the prefix of its records' ids). It does nothing more per record: it must keep up with
 * three JVMs on a small machine.
 */
final class FakeIterableProject implements AutoCloseable {
    static final String USERS = "/api/users/bulkUpdate";
    static final String EVENTS = "/api/events/trackBulk";
    private static final Map<String, Integer> LIMITS = Map.of(USERS, 5, EVENTS, 10);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the project decides that a request is one too many. */
    enum Rule {
        WINDOW, BUCKET
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(6);
    private final String apiKey;
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();

    /** What one endpoint saw. */
    static final class Endpoint {
        final int limit;
        private final Rule rule;
        private final Deque<Long> window = new ArrayDeque<>();
        private double tokens;
        private long refilledAt;
        private final List<Long> accepted = new ArrayList<>();
        private final List<Long> arrivals = new ArrayList<>();
        private final List<String> senders = new ArrayList<>();
        final List<String> refusals = new ArrayList<>();
        final AtomicLong tooMany = new AtomicLong();
        final AtomicLong records = new AtomicLong();
        final Set<String> distinct = ConcurrentHashMap.newKeySet();
        final Map<String, AtomicLong> requestsBySender = new ConcurrentHashMap<>();

        Endpoint(int limit, Rule rule) {
            this.limit = limit;
            this.rule = rule;
            this.tokens = limit;
            this.refilledAt = System.nanoTime();
        }

        /** Admits the request of {@code sender} arriving now, or counts it refused. */
        synchronized boolean admit(String sender) {
            // read under the lock, so that arrivals are in order (a bucket refilled by a negative time would shrink)
            long nanos = System.nanoTime();
            arrivals.add(nanos);
            senders.add(sender);
            boolean admitted = rule == Rule.WINDOW ? admitByWindow(nanos) : admitByBucket(nanos);
            if (!admitted) {
                tooMany.incrementAndGet();
                refusals.add(recentArrivals());
                return false;
            }
            accepted.add(nanos);
            return true;
        }

        /** Fewer than {@code limit} admitted in the second before. */
        private boolean admitByWindow(long nanos) {
            while (!window.isEmpty() && nanos - window.peekFirst() >= 1_000_000_000L) {
                window.pollFirst();
            }
            if (window.size() >= limit) {
                return false;
            }
            window.addLast(nanos);
            return true;
        }

        private boolean admitByBucket(long nanos) {
            tokens = Math.min(limit, tokens + (nanos - refilledAt) / 1e9 * limit);
            refilledAt = nanos;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }

        /** The arrivals of the last second and a half: milliseconds before the last one, and who sent each. */
        private String recentArrivals() {
            long last = arrivals.get(arrivals.size() - 1);
            StringBuilder out = new StringBuilder("refused ");
            for (int i = arrivals.size() - 1; i >= 0 && last - arrivals.get(i) < 1_500_000_000L; i--) {
                out.append(senders.get(i)).append(" -").append((last - arrivals.get(i)) / 1_000_000).append("ms ");
            }
            return out.toString().trim();
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

    FakeIterableProject(String apiKey, Rule rule) throws IOException {
        this.apiKey = apiKey;
        LIMITS.forEach((path, limit) -> endpoints.put(path, new Endpoint(limit, rule)));
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
            boolean users = exchange.getRequestURI().getPath().equals(USERS);
            JsonNode records = JSON.readTree(body).path(users ? "users" : "events");
            String first = records.path(0).path(users ? "email" : "id").asText("?-");
            String sender = first.substring(0, Math.max(0, first.indexOf('-')));
            if (!endpoint.admit(sender)) {
                exchange.getResponseHeaders().add("Retry-After", "1");
                answer(exchange, 429, "{\"msg\":\"Rate limit exceeded\",\"code\":\"RateLimitExceeded\"}");
                return;
            }
            for (JsonNode record : records) {
                endpoint.distinct.add(users ? record.path("email").asText() : record.path("id").asText());
            }
            endpoint.records.addAndGet(records.size());
            endpoint.requestsBySender.computeIfAbsent(sender, k -> new AtomicLong()).incrementAndGet();
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
