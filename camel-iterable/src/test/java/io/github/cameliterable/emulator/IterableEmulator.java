package io.github.cameliterable.emulator;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/**
 * A stateful emulator of Iterable's REST API on a local WireMock server: users, events, commerce, catalogs and
 * lists, with Iterable's identity rules, field typing, error bodies, limits and rate limits, optional fault
 * injection and validation of every request against Iterable's published API description.
 *
 * <pre>{@code
 * try (IterableEmulator iterable = IterableEmulator.builder().projectType(ProjectType.EMAIL).start()) {
 *     client.baseUri(iterable.baseUri()).apiKey(iterable.apiKey());
 *     ...
 *     assertEquals(3, iterable.users().size());
 * }
 * }</pre>
 */
public final class IterableEmulator implements AutoCloseable {
    public static final String DEFAULT_API_KEY = "emulator-api-key";

    private final WireMockServer server;
    private final EmulatorEngine engine;
    private final EmulatorState state;
    private final String apiKey;
    /** Puts every runtime switch back to the builder's setting. */
    private final Runnable switchesAsBuilt;

    private IterableEmulator(Builder b) {
        this.apiKey = b.apiKey;
        this.state = new EmulatorState(b.projectType, Clock.systemUTC());
        this.engine = new EmulatorEngine(b.apiKey, state, b.dailyForgetCap, b.contractMode, b.specPath);
        engine.rateLimits(b.rateLimits);
        engine.retryAfter(b.retryAfter, b.retryAfterSeconds);
        engine.faults(b.faultPlan);
        engine.contractSampleEvery(b.contractSampleEvery);
        boolean rateLimits = b.rateLimits;
        boolean retryAfter = b.retryAfter;
        int retryAfterSeconds = b.retryAfterSeconds;
        FaultPlan faultPlan = b.faultPlan;
        boolean contractMode = b.contractMode;
        int contractSampleEvery = b.contractSampleEvery;
        this.switchesAsBuilt = () -> {
            engine.rateLimits(rateLimits);
            engine.retryAfter(retryAfter, retryAfterSeconds);
            engine.faults(faultPlan);
            engine.contractMode(contractMode);
            engine.contractSampleEvery(contractSampleEvery);
        };
        WireMockConfiguration options = WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .extensions(new EmulatorTransformer(engine))
                // the emulator keeps its own journal; WireMock's would hold every (up to 4 MB) body
                .disableRequestJournal()
                // nor WireMock's request log: it formats each request, body and all, into a string even when its
                // notifier drops it (a quarter of the emulator's CPU on 4 MB bodies, and their garbage)
                .stubRequestLoggingDisabled(true);
        options = b.port > 0 ? options.port(b.port) : options.dynamicPort();
        this.server = new WireMockServer(options);
        server.start();
        server.stubFor(WireMock.any(WireMock.anyUrl()).willReturn(WireMock.aResponse().withStatus(200)));
    }

    /** An emulator with the defaults: email project, rate limits on, contract mode on when the spec is found. */
    public static IterableEmulator start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** For example {@code http://127.0.0.1:54321}. */
    public String baseUri() {
        return "http://127.0.0.1:" + port();
    }

    public String apiKey() {
        return apiKey;
    }

    public int port() {
        return server.port();
    }

    public ProjectType projectType() {
        return state.projectType;
    }

    /**
     * Clears all state, the journal, contract violations, rate-limit buckets and restarts fault sequences; the runtime
     * switches (rate limits, Retry-After, the fault plan, contract mode) stay as they are set.
     */
    public void reset() {
        engine.reset();
    }

    /**
     * {@link #reset()}, and every runtime switch back to the builder's setting: the emulator as it started. What
     * {@link IterableEmulatorExtension} does before each test, so that a fault plan one test sets is not met by the next.
     */
    public void restore() {
        switchesAsBuilt.run();
        engine.reset();
    }

    @Override
    public void close() {
        server.stop();
    }

    // ---- runtime switches

    public IterableEmulator rateLimits(boolean on) {
        engine.rateLimits(on);
        return this;
    }

    public boolean rateLimits() {
        return engine.rateLimits();
    }

    /** Adds {@code Retry-After} to 429 answers: the seconds until a token is free (at least 1). */
    public IterableEmulator retryAfter(boolean on) {
        engine.retryAfter(on, 0);
        return this;
    }

    /** Adds {@code Retry-After: seconds} to every 429 answer. */
    public IterableEmulator retryAfterSeconds(int seconds) {
        engine.retryAfter(seconds > 0, seconds);
        return this;
    }

    public IterableEmulator faults(FaultPlan plan) {
        engine.faults(plan);
        return this;
    }

    public FaultPlan faults() {
        return engine.faults();
    }

    /** Switches contract validation (loading the spec on first use); stays off when no spec file is found. */
    public IterableEmulator contractMode(boolean on) {
        engine.contractMode(on);
        return this;
    }

    public boolean contractMode() {
        return engine.contractMode();
    }

    /**
     * Checks one request of every {@code every} per endpoint against the contract (the first of each endpoint
     * always), and of a bulk body its first hundred records; 1, the default, checks every request in full.
     * Bulk bodies whose schema checks types only (users, events, list subscribers) are checked in full one record
     * a shape, in milliseconds ({@link ContractShapes}); other large bodies take the validator about 150 us a record,
     * and a sample is then what keeps a test at full speed.
     */
    public IterableEmulator contractSampleEvery(int every) {
        engine.contractSampleEvery(every);
        return this;
    }

    /** One request in how many is checked against the contract (1: every request, in full). */
    public int contractSampleEvery() {
        return engine.contractSampleEvery();
    }

    // ---- inspection (immutable snapshots)

    /** Every user as Iterable returns it ({@code email}, {@code userId}, {@code dataFields}), in creation order. */
    public List<Map<String, Object>> users() {
        synchronized (state) {
            List<Map<String, Object>> out = new ArrayList<>();
            state.users.values().forEach(u -> out.add(Json.frozenMap(u.toApi())));
            return List.copyOf(out);
        }
    }

    public Optional<Map<String, Object>> user(String email) {
        synchronized (state) {
            return Optional.ofNullable(new UserDirectory(state).byEmail(email)).map(u -> Json.frozenMap(u.toApi()));
        }
    }

    public Optional<Map<String, Object>> userByUserId(String userId) {
        synchronized (state) {
            return Optional.ofNullable(new UserDirectory(state).byUserId(userId)).map(u -> Json.frozenMap(u.toApi()));
        }
    }

    /** Tracked events (trackBulk, track, and the updateCart events of updateCart), in order. */
    public List<Map<String, Object>> events() {
        synchronized (state) {
            return EventsApi.snapshot(state.events);
        }
    }

    public List<Map<String, Object>> purchases() {
        synchronized (state) {
            return state.purchases.values().stream().map(Json::frozenMap).toList();
        }
    }

    public Set<String> catalogs() {
        synchronized (state) {
            return Collections.unmodifiableSet(new LinkedHashSet<>(state.catalogs.keySet()));
        }
    }

    /** Items of a catalog, id -> item; empty when the catalog does not exist. */
    public Map<String, Map<String, Object>> catalogItems(String catalogName) {
        synchronized (state) {
            EmulatorState.Catalog c = state.catalogs.get(catalogName);
            Map<String, Map<String, Object>> out = new LinkedHashMap<>();
            if (c != null) {
                c.items.forEach((id, item) -> out.put(id, Json.frozenMap(item)));
            }
            return Collections.unmodifiableMap(out);
        }
    }

    /** Catalog field types set through fieldMappings. */
    public Map<String, String> catalogFieldMappings(String catalogName) {
        synchronized (state) {
            EmulatorState.Catalog c = state.catalogs.get(catalogName);
            return c == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(c.definedMappings));
        }
    }

    /** List name -> id (the first list of that name when several share it). */
    public Map<String, Long> lists() {
        synchronized (state) {
            Map<String, Long> out = new LinkedHashMap<>();
            state.lists.values().forEach(l -> out.putIfAbsent(l.name, l.id));
            return Collections.unmodifiableMap(out);
        }
    }

    /** The members of a list, each by email (or userId when the user has no email). */
    public Set<String> listMembers(long listId) {
        synchronized (state) {
            EmulatorState.StaticList l = state.lists.get(listId);
            Set<String> out = new LinkedHashSet<>();
            if (l != null) {
                l.members.forEach(id -> {
                    UserProfile u = state.users.get(id);
                    if (u != null) {
                        out.add(u.key());
                    }
                });
            }
            return Collections.unmodifiableSet(out);
        }
    }

    /** Forgotten emails and userIds. */
    public Set<String> forgotten() {
        synchronized (state) {
            Set<String> out = new LinkedHashSet<>(state.forgottenEmails);
            out.addAll(state.forgottenUserIds);
            return Collections.unmodifiableSet(out);
        }
    }

    /** Identifiers (email or userId, as the DELETE named them) of deleted users, in order. */
    public List<String> deleted() {
        synchronized (state) {
            return List.copyOf(state.deleted);
        }
    }

    /** Field types by scope: "user", and "event:&lt;eventName&gt;" per event name; each path -> type. */
    public Map<String, Map<String, String>> fieldTypes() {
        synchronized (state) {
            return state.fieldTypes.all();
        }
    }

    /** Every request, in arrival order, with the status it got. */
    public List<RecordedRequest> requests() {
        synchronized (state) {
            return List.copyOf(state.journal);
        }
    }

    /** How many requests had a path starting with {@code pathPrefix}. */
    public long requestCount(String pathPrefix) {
        synchronized (state) {
            return state.journal.stream().filter(r -> r.path().startsWith(pathPrefix)).count();
        }
    }

    /** How many requests were answered 429 (rate limits, daily caps and injected). */
    public long count429() {
        synchronized (state) {
            return state.journal.stream().filter(r -> r.status() == 429).count();
        }
    }

    public List<ContractViolation> contractViolations() {
        synchronized (state) {
            return List.copyOf(state.violations);
        }
    }

    public void clearContractViolations() {
        synchronized (state) {
            state.violations.clear();
        }
    }

    /** Options of a new emulator. */
    public static final class Builder {
        private int port;
        private String apiKey = DEFAULT_API_KEY;
        private ProjectType projectType = ProjectType.EMAIL;
        private boolean rateLimits = true;
        private boolean retryAfter;
        private int retryAfterSeconds;
        private FaultPlan faultPlan = FaultPlan.none();
        private boolean contractMode = true;
        private Path specPath;
        private int contractSampleEvery = 1;
        private int dailyForgetCap = 1000;

        private Builder() {
        }

        /** A fixed port; by default a free one is chosen. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder projectType(ProjectType projectType) {
            this.projectType = projectType;
            return this;
        }

        /** Iterable's per-endpoint rate limits; on by default. */
        public Builder rateLimits(boolean on) {
            this.rateLimits = on;
            return this;
        }

        /** Retry-After on 429 answers (computed seconds); off by default, as Iterable does not document it. */
        public Builder retryAfter(boolean on) {
            this.retryAfter = on;
            return this;
        }

        /** Retry-After with a fixed number of seconds on 429 answers. */
        public Builder retryAfterSeconds(int seconds) {
            this.retryAfter = seconds > 0;
            this.retryAfterSeconds = seconds;
            return this;
        }

        public Builder faults(FaultPlan plan) {
            this.faultPlan = plan;
            return this;
        }

        /** Validate requests against Iterable's spec; on by default, silently off (one WARN) without the file. */
        public Builder contractMode(boolean on) {
            this.contractMode = on;
            return this;
        }

        /**
         * In contract mode, check one request of every {@code every} per endpoint (the first always), and of a bulk
         * body its first hundred records; 1, the default, checks every request in full.
         */
        public Builder contractSampleEvery(int every) {
            if (every < 1) {
                throw new IllegalArgumentException("contract sample must be at least 1: " + every);
            }
            this.contractSampleEvery = every;
            return this;
        }

        /** The api-docs.json to validate against, instead of -Diterable.api.spec or ../shared/iterable-api. */
        public Builder specPath(Path specPath) {
            this.specPath = specPath;
            return this;
        }

        /** Daily cap of forget and of unforget calls (Iterable: 1,000 per 24 h each). */
        public Builder dailyForgetCap(int cap) {
            this.dailyForgetCap = cap;
            return this;
        }

        public IterableEmulator start() {
            return new IterableEmulator(this);
        }
    }
}
