package io.github.cameliterable.client;

/** Told of every attempt of every call: for the sync report, metrics and the call log. */
public interface CallListener {
    CallListener NONE = new CallListener() {
    };

    /**
     * One attempt finished with an HTTP answer ({@code failure} null) or without one ({@code status} 0).
     *
     * @param attempt 1 for the first attempt, more for retries
     */
    default void attempted(ApiCall call, int attempt, int status, long durationNanos, Throwable failure) {
    }

    /**
     * One call ended, after all its attempts: with Iterable's last answer ({@code failure} null), or without any
     * ({@code answer} null: Iterable could not be reached, did not answer in time, or the call could not be sent).
     * Told before the call's caller sees the outcome.
     *
     * @param attempts the attempts made, the first included (0 when none was sent)
     */
    default void ended(ApiCall call, int attempts, ApiResponse answer, Throwable failure) {
    }
}
