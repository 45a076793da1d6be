package io.github.cameliterable.client;

import java.time.Duration;

/**
 * Where a call to Iterable takes its permit: {@link RateLimits} in this JVM (the default), or
 * {@link SharedRateLimits} in a store that every JVM on the same Iterable project shares.
 */
public interface RateBudget {

    /** Reserves a permit; the answer is how long to wait before sending, zero when the call may go now. */
    Duration reserve(String apiKeyFingerprint, ApiEndpoint endpoint);
}
