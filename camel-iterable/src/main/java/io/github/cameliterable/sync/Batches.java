package io.github.cameliterable.sync;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.cameliterable.client.ApiEndpoint;

/**
 * The endpoint's batchers, one per bulk operation, shared by all its runs, with the caps of the endpoint and the
 * options; and the linger time that sends a request that is not full.
 */
final class Batches {
    /** Safety margin under an endpoint's byte limit: the limit is on the whole request as Iterable counts it. */
    static final long BYTE_MARGIN = 64 * 1024;
    /** How soon a request past its linger time is looked at again while its endpoint's places are all held. */
    private static final long BUSY_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Map<BulkOperation, Batcher> batchers = new ConcurrentHashMap<>();
    /** The keys of the endpoint's requests in flight, across its bulk operations (a catalog's upserts and deletes). */
    private final KeysInFlight inFlight = new KeysInFlight();
    private final Requests requests;
    private final RunSettings settings;
    private final long lingerNanos;

    Batches(Requests requests, RunSettings settings) {
        this.requests = requests;
        this.settings = settings;
        this.lingerNanos = settings.linger().toNanos();
    }

    /** The batcher of a bulk operation, created on first use. */
    Batcher of(BulkOperation operation) {
        return batchers.computeIfAbsent(operation, op -> {
            ApiEndpoint endpoint = op.endpoint();
            long limit = endpoint.maxBodyBytes() > 0 ? endpoint.maxBodyBytes() - BYTE_MARGIN : Long.MAX_VALUE;
            long maxBytes = settings.maxBatchBytes() > 0 ? Math.min(settings.maxBatchBytes(), limit) : limit;
            int maxItems = settings.batchSize() > 0 ? Math.min(settings.batchSize(), endpoint.maxItems()) : endpoint.maxItems();
            return new Batcher(op, requests, maxBytes, maxItems, inFlight);
        });
    }

    /** The keys of the endpoint's requests in flight. */
    KeysInFlight inFlight() {
        return inFlight;
    }

    /** Sends every pending request, full or not. */
    void flushAll() {
        batchers.values().forEach(Batcher::flush);
    }

    /**
     * Sends the pending requests that have waited the linger time, and returns how long until the next one will
     * have (nanoseconds), or -1 when nothing is pending. With {@code backlog} (the durable intake holds more records
     * than a claim takes) they go on filling: a request that left part full would spend one of the rate limit's
     * requests on what the next claims fill at once.
     */
    long flushLingering(boolean backlog) {
        long now = System.nanoTime();
        long next = -1;
        for (Batcher batcher : batchers.values()) {
            Long since = batcher.pendingSince();
            if (since == null) {
                continue;
            }
            long left = since + lingerNanos - now;
            if (left <= 0 && !requests.isDryRun() && (backlog || requests.client().busy(batcher.endpoint()))) {
                // every place of the endpoint is held: the request would wait for one, so it goes on filling
                // (a full one leaves at once) and is looked at again shortly; so does it while records wait
                left = BUSY_RECHECK_NANOS;
            } else if (left <= 0) {
                batcher.flush();
                continue;
            }
            if (next < 0 || left < next) {
                next = left;
            }
        }
        return next;
    }
}
