package io.github.cameliterable.client;

import java.util.concurrent.CompletableFuture;

/**
 * Where a call to Iterable takes its place in the endpoint's second (see {@link Places} for the rule):
 * {@link RateLimits} in this JVM (the default), or {@link SharedRateLimits} in a store that every JVM on the same
 * Iterable project shares. Two phases: {@link #acquire} before sending, {@link Permit#release()} with the answer.
 */
public interface RateBudget {

    /** Completes with a permit once the call may be sent: at once while a place is free, else when one frees. */
    CompletableFuture<Permit> acquire(String apiKeyFingerprint, ApiEndpoint endpoint);

    /**
     * Whether a call to the endpoint would wait for a place now (every place held, or callers waiting), so that a
     * request that is not full may go on filling instead; false when not known.
     */
    default boolean busy(String apiKeyFingerprint, ApiEndpoint endpoint) {
        return false;
    }

    /** A held place; released once, when the call's answer (or its failure or timeout) is in hand. */
    interface Permit {
        /** A permit that holds nothing (limits disabled). */
        Permit NONE = () -> {
        };

        void release();
    }
}
