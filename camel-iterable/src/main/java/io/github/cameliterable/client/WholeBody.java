package io.github.cameliterable.client;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request body handed to the HTTP client as one buffer over the body's bytes, not copied. The JDK's
 * {@code BodyPublishers.ofByteArray} copies a body into buffers of 16 KB and hands them over one demand at a time:
 * for a 4 MB bulk body, 4 MB allocated again and about 256 hand-overs between threads, 13 to 25 ms of a request's
 * latency on loopback where one buffer takes 4 to 6 ms (a raw socket server, this project's machine). Under the rate
 * limits every millisecond of latency holds a place longer ({@link Places}), so the bulk endpoints' rate depends on it.
 * <p>
 * Each subscription (a retry subscribes again) gets its own read-only view of the bytes, so nothing the client does to
 * a buffer touches the body.
 */
final class WholeBody implements HttpRequest.BodyPublisher {
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
        AtomicBoolean done = new AtomicBoolean();
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                if (n <= 0) {
                    if (done.compareAndSet(false, true)) {
                        subscriber.onError(new IllegalArgumentException("non-positive demand: " + n));
                    }
                    return;
                }
                if (done.compareAndSet(false, true)) {
                    if (body.length > 0) {
                        subscriber.onNext(ByteBuffer.wrap(body).asReadOnlyBuffer());
                    }
                    subscriber.onComplete();
                }
            }

            @Override
            public void cancel() {
                done.set(true);
            }
        });
    }
}
