package io.github.cameliterable.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one request the way Iterable's edge and API do, in this order: injected faults (before anything, so a
 * faulted request changes nothing), 413 for an oversized bulkUpdate, 401 for a bad Api-Key, 404 for an unknown
 * path, 429 from the endpoint's token bucket, 400 BadParams for a contract violation (every request, or a sample),
 * then the API itself under one lock, so that each request is applied atomically.
 */
final class EmulatorEngine {
    private static final Logger LOG = LoggerFactory.getLogger(EmulatorEngine.class);
    static final long BULK_UPDATE_MAX_BYTES = 4L * 1024 * 1024;
    /** In sampling mode, the records of a bulk body checked against the contract: its first hundred. */
    static final int SAMPLE_RECORDS = 100;

    private record Route(String method, String template, List<String> segments,
            Function<EmulatorRequest, EmulatorResponse> handler) {
        String key() {
            return method + " " + template;
        }
    }

    private final String apiKey;
    private final EmulatorState state;
    private final EventsApi events;
    private final RateLimiter limiter = new RateLimiter();
    private final java.nio.file.Path specPath;
    private volatile ContractValidator contract;
    private final List<Route> routes = new ArrayList<>();
    private volatile boolean rateLimits;
    private volatile boolean retryAfter;
    private volatile int retryAfterSeconds;
    private volatile boolean contractMode;
    private volatile int contractSampleEvery = 1;
    private final Map<String, AtomicLong> contractCounts = new ConcurrentHashMap<>();
    private volatile FaultInjector faults;

    EmulatorEngine(String apiKey, EmulatorState state, int dailyForgetCap, boolean contractMode, java.nio.file.Path specPath) {
        this.apiKey = apiKey;
        this.state = state;
        this.specPath = specPath;
        contractMode(contractMode);
        this.faults = new FaultInjector(FaultPlan.none());
        UserDirectory directory = new UserDirectory(state);
        UsersApi users = new UsersApi(state, directory, dailyForgetCap);
        this.events = new EventsApi(state, directory);
        CommerceApi commerce = new CommerceApi(state, users, events);
        CatalogsApi catalogs = new CatalogsApi(state);
        ListsApi lists = new ListsApi(state, directory, users);

        // literal paths before templated ones, so /api/users/getFields is not read as a user's email
        route("POST", "/api/users/bulkUpdate", users::bulkUpdate);
        route("POST", "/api/users/update", users::update);
        route("GET", "/api/users/getByEmail", r -> users.getByEmail(r.queryParam("email")));
        route("GET", "/api/users/getFields", r -> users.getFields());
        route("POST", "/api/users/forget", users::forget);
        route("POST", "/api/users/unforget", users::unforget);
        route("POST", "/api/users/updateEmail", users::updateEmail);
        route("GET", "/api/users/byUserId/{userId}", r -> users.getByUserId(r.pathParam("userId")));
        route("DELETE", "/api/users/byUserId/{userId}", r -> users.deleteByUserId(r.pathParam("userId")));
        route("GET", "/api/users/{email}", r -> users.getByEmail(r.pathParam("email")));
        route("DELETE", "/api/users/{email}", r -> users.deleteByEmail(r.pathParam("email")));
        route("POST", "/api/events/trackBulk", events::trackBulk);
        route("POST", "/api/events/track", events::track);
        route("POST", "/api/commerce/trackPurchase", commerce::trackPurchase);
        route("POST", "/api/commerce/updateCart", commerce::updateCart);
        route("GET", "/api/catalogs/{catalogName}/fieldMappings", r -> catalogs.getFieldMappings(r.pathParam("catalogName")));
        route("PUT", "/api/catalogs/{catalogName}/fieldMappings",
                r -> catalogs.updateFieldMappings(r, r.pathParam("catalogName")));
        route("POST", "/api/catalogs/{catalogName}/items", r -> catalogs.upsertItems(r, r.pathParam("catalogName")));
        route("DELETE", "/api/catalogs/{catalogName}/items", r -> catalogs.deleteItems(r, r.pathParam("catalogName")));
        route("GET", "/api/catalogs/{catalogName}/items", r -> catalogs.listItems(r, r.pathParam("catalogName")));
        route("POST", "/api/catalogs/{catalogName}", r -> catalogs.create(r.pathParam("catalogName")));
        route("DELETE", "/api/catalogs/{catalogName}", r -> catalogs.delete(r.pathParam("catalogName")));
        route("GET", "/api/lists", r -> lists.getLists());
        route("POST", "/api/lists", lists::create);
        route("POST", "/api/lists/subscribe", lists::subscribe);
        route("POST", "/api/lists/unsubscribe", lists::unsubscribe);
    }

    private void route(String method, String template, Function<EmulatorRequest, EmulatorResponse> handler) {
        List<String> segs = List.of(template.substring(1).split("/"));
        routes.add(new Route(method, template, segs, handler));
    }

    private Route match(EmulatorRequest req) {
        for (Route r : routes) {
            if (!r.method.equals(req.method) || r.segments.size() != req.segments.size()) {
                continue;
            }
            boolean ok = true;
            for (int i = 0; i < r.segments.size() && ok; i++) {
                String s = r.segments.get(i);
                ok = s.startsWith("{") || s.equals(req.segments.get(i));
            }
            if (ok) {
                for (int i = 0; i < r.segments.size(); i++) {
                    String s = r.segments.get(i);
                    if (s.startsWith("{")) {
                        req.pathParams.put(s.substring(1, s.length() - 1), req.segments.get(i));
                    }
                }
                return r;
            }
        }
        return null;
    }

    /** The answer to one request, journaled. */
    EmulatorResponse handle(String method, String url, String requestApiKey, byte[] body) {
        EmulatorRequest req = new EmulatorRequest(method, url, body);
        EmulatorResponse resp;
        try {
            resp = answer(req, requestApiKey);
        } catch (ApiError e) {
            resp = e.toResponse();
        } catch (RuntimeException e) {
            LOG.error("Iterable emulator failed on {} {}", method, req.rawPath, e);
            resp = EmulatorResponse.json(500, EmulatorResponse.body("Emulator error: " + e, "GenericError", null));
        }
        synchronized (state) {
            state.journal.add(new RecordedRequest(state.now(), method, req.rawPath, resp.status, resp.code, req.body.length));
        }
        return resp;
    }

    private EmulatorResponse answer(EmulatorRequest req, String requestApiKey) {
        Route route = match(req);
        String key = route != null ? route.key() : req.method + " " + req.rawPath;
        switch (faults.decide(key, req.rawPath, req.body.length)) {
            case CONNECTION_RESET :
                return EmulatorResponse.connectionReset();
            case TOO_LARGE :
                return tooLarge();
            case TOO_MANY_REQUESTS :
                return rateLimited(1_000_000_000L);
            case INTERNAL_ERROR :
                return EmulatorResponse.json(500, EmulatorResponse.body("Internal server error", "GenericError", null));
            case UNAVAILABLE :
                return EmulatorResponse.text(503, "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>",
                        "text/html");
            default :
                break;
        }
        if (route != null && route.key().equals("POST /api/users/bulkUpdate") && req.body.length > BULK_UPDATE_MAX_BYTES) {
            return tooLarge();
        }
        if (requestApiKey == null || !requestApiKey.equals(apiKey)) {
            return EmulatorResponse.json(401, EmulatorResponse.body("Invalid API key", "BadApiKey", null));
        }
        if (route == null) {
            return EmulatorResponse.json(404,
                    EmulatorResponse.body("No such API endpoint: " + req.method + " " + req.rawPath, "NotFound", null));
        }
        if (rateLimits) {
            long waitNanos = limiter.tryAcquire(route.key(), System.nanoTime());
            if (waitNanos > 0) {
                return rateLimited(waitNanos);
            }
        }
        if (contractMode && contract != null && sampled(route)) {
            List<String> violations = contractSampleEvery > 1
                    ? contract.validateSample(req, requestApiKey, SAMPLE_RECORDS)
                    : contract.validate(req, requestApiKey);
            if (!violations.isEmpty()) {
                synchronized (state) {
                    state.violations.add(new ContractViolation(req.method, req.rawPath, List.copyOf(violations)));
                }
                return EmulatorResponse.json(400, EmulatorResponse.body("Request does not conform to Iterable's API: "
                        + String.join("; ", violations), "BadParams", Map.of("contractViolations", violations)));
            }
        }
        // the one lock keeps each request atomic; parsing the body needs no state, so it happens before
        req.parse();
        synchronized (state) {
            return route.handler.apply(req);
        }
    }

    /** Whether this request of its endpoint is one of the sample checked against the contract: the 1st, then every n-th. */
    private boolean sampled(Route route) {
        int every = contractSampleEvery;
        return every <= 1 || contractCounts.computeIfAbsent(route.key(), k -> new AtomicLong()).getAndIncrement() % every == 0;
    }

    /** What Iterable's nginx answers for an oversized body: an HTML page, not Iterable's JSON. */
    private static EmulatorResponse tooLarge() {
        return EmulatorResponse.text(413, "<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n"
                + "<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
                "text/html");
    }

    private EmulatorResponse rateLimited(long waitNanos) {
        EmulatorResponse r = EmulatorResponse.json(429,
                EmulatorResponse.body("Rate limit exceeded", "RateLimitExceeded", null));
        if (retryAfter) {
            long seconds = retryAfterSeconds > 0 ? retryAfterSeconds : Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
            r.header("Retry-After", String.valueOf(seconds));
        }
        return r;
    }

    long latencyMillis() {
        return faults.plan().latencyMillis();
    }

    void rateLimits(boolean on) {
        this.rateLimits = on;
    }

    boolean rateLimits() {
        return rateLimits;
    }

    void retryAfter(boolean on, int fixedSeconds) {
        this.retryAfter = on;
        this.retryAfterSeconds = fixedSeconds;
    }

    /** Loads the spec on first use, so an emulator built without contract mode starts fast. */
    void contractMode(boolean on) {
        if (on && contract == null) {
            contract = ContractValidator.load(specPath).orElse(null);
        }
        this.contractMode = on && contract != null;
    }

    boolean contractMode() {
        return contractMode;
    }

    /**
     * Checks one request of every {@code every} per endpoint against the contract (the first always), and of a bulk
     * body its first {@value #SAMPLE_RECORDS} records; 1 checks every request in full.
     */
    void contractSampleEvery(int every) {
        if (every < 1) {
            throw new IllegalArgumentException("contract sample must be at least 1: " + every);
        }
        this.contractSampleEvery = every;
    }

    int contractSampleEvery() {
        return contractSampleEvery;
    }

    void faults(FaultPlan plan) {
        this.faults = new FaultInjector(plan == null ? FaultPlan.none() : plan);
    }

    FaultPlan faults() {
        return faults.plan();
    }

    void reset() {
        synchronized (state) {
            state.reset();
        }
        limiter.reset();
        contractCounts.clear();
        // the fault sequences restart too, so a reset run sees the same faults again
        faults = new FaultInjector(faults.plan());
    }

    EmulatorState state() {
        return state;
    }

    EventsApi events() {
        return events;
    }
}
