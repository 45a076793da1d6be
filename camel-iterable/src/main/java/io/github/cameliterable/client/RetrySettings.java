package io.github.cameliterable.client;

import java.time.Duration;

/**
 * Bounds of the retries of one call: how many attempts, the backoff between them (exponential with full jitter,
 * or Iterable's {@code Retry-After} when it sends one), and the total time a call may take with its retries.
 */
public record RetrySettings(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxElapsed) {

    public static final RetrySettings DEFAULT = new RetrySettings(6, Duration.ofMillis(500), Duration.ofSeconds(30),
            Duration.ofMinutes(5));

    public RetrySettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** Which answers are worth another attempt: Iterable's rate limit and transient server errors. */
    public static boolean isRetryable(int status) {
        return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }
}
