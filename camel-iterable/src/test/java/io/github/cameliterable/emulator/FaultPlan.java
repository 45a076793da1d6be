package io.github.cameliterable.emulator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which failures the emulator injects, drawn from a seeded random sequence per endpoint, so that the same seed
 * and the same requests give the same faults. A faulted request never reaches the project's state.
 *
 * <pre>{@code
 * FaultPlan.builder().seed(42).rate429(0.1).rate503(0.05)
 *         .endpoint("/api/users/bulkUpdate", new FaultPlan.Rates(0.2, 0, 0, 0.05))
 *         .latencyMillis(20).force413Above(1_000_000).build();
 * }</pre>
 */
public final class FaultPlan {

    /** Probabilities (0..1) of each fault for one request; their sum should not exceed 1. */
    public record Rates(double tooManyRequests, double internalError, double unavailable, double connectionReset) {
        public static final Rates NONE = new Rates(0, 0, 0, 0);

        public Rates {
            for (double r : new double[]{tooManyRequests, internalError, unavailable, connectionReset}) {
                if (r < 0 || r > 1) {
                    throw new IllegalArgumentException("fault rate must be within 0..1: " + r);
                }
            }
        }

        boolean none() {
            return tooManyRequests + internalError + unavailable + connectionReset == 0;
        }
    }

    private static final FaultPlan NONE = builder().build();

    private final long seed;
    private final Rates global;
    private final Map<String, Rates> perEndpoint;
    private final long latencyMillis;
    private final long force413AboveBytes;

    private FaultPlan(Builder b) {
        this.seed = b.seed;
        this.global = new Rates(b.rate429, b.rate500, b.rate503, b.resetRate);
        this.perEndpoint = Collections.unmodifiableMap(new LinkedHashMap<>(b.perEndpoint));
        this.latencyMillis = b.latencyMillis;
        this.force413AboveBytes = b.force413AboveBytes;
    }

    /** No faults, no latency. */
    public static FaultPlan none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    public long seed() {
        return seed;
    }

    public Rates globalRates() {
        return global;
    }

    public Map<String, Rates> endpointRates() {
        return perEndpoint;
    }

    public long latencyMillis() {
        return latencyMillis;
    }

    /** Body size above which every request is answered 413; 0 when off. */
    public long force413AboveBytes() {
        return force413AboveBytes;
    }

    /** The rates for a request path: the longest matching endpoint prefix, else the global rates. */
    Rates ratesFor(String path) {
        String best = null;
        for (String prefix : perEndpoint.keySet()) {
            if (path.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null ? global : perEndpoint.get(best);
    }

    public static final class Builder {
        private long seed = 1;
        private double rate429;
        private double rate500;
        private double rate503;
        private double resetRate;
        private final Map<String, Rates> perEndpoint = new LinkedHashMap<>();
        private long latencyMillis;
        private long force413AboveBytes;

        private Builder() {
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Global probability of a 429 RateLimitExceeded. */
        public Builder rate429(double rate) {
            this.rate429 = rate;
            return this;
        }

        /** Global probability of a 500 GenericError. */
        public Builder rate500(double rate) {
            this.rate500 = rate;
            return this;
        }

        /** Global probability of a 503 Service Unavailable. */
        public Builder rate503(double rate) {
            this.rate503 = rate;
            return this;
        }

        /** Global probability of a TCP connection reset (WireMock's CONNECTION_RESET_BY_PEER). */
        public Builder connectionResetRate(double rate) {
            this.resetRate = rate;
            return this;
        }

        /** Rates for requests whose path starts with {@code pathPrefix}, replacing the global ones there. */
        public Builder endpoint(String pathPrefix, Rates rates) {
            perEndpoint.put(pathPrefix, rates);
            return this;
        }

        /** Fixed delay added to every answer. */
        public Builder latencyMillis(long millis) {
            this.latencyMillis = millis;
            return this;
        }

        /** Answer 413 to any request whose body is larger than this many bytes. */
        public Builder force413Above(long bytes) {
            this.force413AboveBytes = bytes;
            return this;
        }

        public FaultPlan build() {
            new Rates(rate429, rate500, rate503, resetRate);
            return new FaultPlan(this);
        }
    }
}
