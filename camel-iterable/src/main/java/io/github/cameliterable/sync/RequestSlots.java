package io.github.cameliterable.sync;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.cameliterable.client.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoint's requests in flight, at most {@code maxConcurrentRequests}: work that makes a request holds a slot
 * until its future completes, and a caller that finds none free waits, which is the back pressure on the run loop.
 */
final class RequestSlots {
    private static final Logger LOG = LoggerFactory.getLogger(RequestSlots.class);

    private final int size;
    private final Semaphore free;

    RequestSlots(int size) {
        this.size = size;
        this.free = new Semaphore(size);
    }

    /** Runs work that makes requests, holding a slot until the future it returns completes. */
    void hold(Supplier<CompletableFuture<Void>> work) {
        free.acquireUninterruptibly();
        CompletableFuture<Void> future;
        try {
            future = work.get();
        } catch (RuntimeException e) {
            free.release();
            throw e;
        }
        future.whenComplete((ignored, failure) -> {
            free.release();
            if (failure != null) {
                LOG.warn("A request ended with an unexpected error: {}", Failures.describe(failure));
            }
        });
    }

    /** Waits until no request is in flight. */
    private void awaitIdle() {
        free.acquireUninterruptibly(size);
        free.release(size);
    }

    /**
     * Waits until no request is in flight, at most {@code nanos}: true when none is. An interrupt waits until none is,
     * as {@link #awaitIdle()} does, and is kept.
     */
    boolean awaitIdle(long nanos) {
        try {
            if (!free.tryAcquire(size, nanos, TimeUnit.NANOSECONDS)) {
                return false;
            }
            free.release(size);
        } catch (InterruptedException e) {
            awaitIdle();
            Thread.currentThread().interrupt();
        }
        return true;
    }
}
