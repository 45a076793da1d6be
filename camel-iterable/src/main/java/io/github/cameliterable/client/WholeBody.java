package io.github.cameliterable.client;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A request body handed to the HTTP client as read-only views over the body's bytes, {@link #SLICE} bytes each, not
 * copied. The JDK's {@code BodyPublishers.ofByteArray} copies a body into buffers of 16 KB and hands them over one
 * demand at a time: for a 4 MB bulk body, 4 MB allocated again and about 256 hand-overs between threads, 13 to 25 ms
 * of a request's latency on loopback where views take 4 to 6 ms (a raw socket server, this project's machine). Under
 * the rate limits every millisecond of latency holds a place longer ({@link Places}), so the bulk endpoints' rate
 * depends on it. Views of 256 KB rather than one of the whole body: a plain socket write copies what is left of a heap
 * buffer into a direct one at every attempt, so one 4 MB view to a slow peer would be copied again after each partial
 * write.
 * <p>
 * Each subscription (a retry subscribes again) reads the bytes from the start, and nothing the client does to a view
 * touches the body.
 */
final class WholeBody implements HttpRequest.BodyPublisher {
    /** The bytes of one view. */
    static final int SLICE = 256 * 1024;

    private final byte[] body;

    WholeBody(byte[] body) {
        this.body = body;
    }

    @Override
    public long contentLength() {
        return body.length;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        subscriber.onSubscribe(new Views(subscriber, body));
    }

    /** One subscription: the views in order, as many as demanded; signals are serialised by a work counter. */
    private static final class Views implements Flow.Subscription {
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final byte[] body;
        private final AtomicLong demand = new AtomicLong();
        private final AtomicInteger work = new AtomicInteger();
        private volatile boolean cancelled;
        private volatile Throwable badDemand;
        // read and written only by the thread that holds the work counter
        private int position;
        private boolean done;

        Views(Flow.Subscriber<? super ByteBuffer> subscriber, byte[] body) {
            this.subscriber = subscriber;
            this.body = body;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                badDemand = new IllegalArgumentException("non-positive demand: " + n);
            } else {
                demand.accumulateAndGet(n, (have, more) -> have + more < 0 ? Long.MAX_VALUE : have + more);
            }
            drain();
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        private void drain() {
            if (work.getAndIncrement() != 0) {
                return; // the thread that holds the counter sends what this call asked for
            }
            do {
                if (done || cancelled) {
                    continue;
                }
                if (badDemand != null) {
                    done = true;
                    subscriber.onError(badDemand);
                    continue;
                }
                while (!cancelled && position < body.length && demand.get() > 0) {
                    int length = Math.min(SLICE, body.length - position);
                    ByteBuffer view = ByteBuffer.wrap(body, position, length).slice().asReadOnlyBuffer();
                    position += length;
                    demand.decrementAndGet();
                    subscriber.onNext(view);
                }
                if (!cancelled && position >= body.length) {
                    done = true;
                    subscriber.onComplete();
                }
            } while (work.decrementAndGet() != 0);
        }
    }
}
