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
}
