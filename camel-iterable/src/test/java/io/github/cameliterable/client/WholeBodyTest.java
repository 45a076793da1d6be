package io.github.cameliterable.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WholeBodyTest {

    /** Records what a publisher sends, asking for {@code demand} at subscription and once more after each item. */
    private static final class Recorder implements Flow.Subscriber<ByteBuffer> {
        final List<byte[]> items = new ArrayList<>();
        final List<Throwable> errors = new ArrayList<>();
        int completions;
        private final long demand;
        private Flow.Subscription subscription;

        Recorder(long demand) {
            this.demand = demand;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(demand);
        }

        @Override
        public void onNext(ByteBuffer item) {
            byte[] bytes = new byte[item.remaining()];
            item.get(bytes);
            items.add(bytes);
            subscription.request(1);
        }

        @Override
        public void onError(Throwable t) {
            errors.add(t);
        }

        @Override
        public void onComplete() {
            completions++;
        }
    }

    @Test
    void sendsTheWholeBodyOnceThenCompletesAndEachSubscriptionSendsItAgain() {
        byte[] body = "{\"users\":[{\"email\":\"a@example.com\"}]}".getBytes(StandardCharsets.UTF_8);
        WholeBody publisher = new WholeBody(body);
        assertEquals(body.length, publisher.contentLength());
        for (int attempt = 0; attempt < 2; attempt++) {
            // a retry subscribes again: it must get the whole body, however the first subscriber read its buffer
            Recorder recorder = new Recorder(Long.MAX_VALUE);
            publisher.subscribe(recorder);
            assertEquals(1, recorder.items.size());
            assertArrayEquals(body, recorder.items.get(0));
            assertEquals(1, recorder.completions);
            assertTrue(recorder.errors.isEmpty());
        }
    }

    @Test
    void aLargeBodyGoesInViewsOfASliceOneDemandAtATimeAndEachSubscriptionFromTheStart() {
        byte[] body = new byte[3 * WholeBody.SLICE + 5];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31);
        }
        WholeBody publisher = new WholeBody(body);
        for (int attempt = 0; attempt < 2; attempt++) {
            Recorder recorder = new Recorder(1);
            publisher.subscribe(recorder);
            assertEquals(List.of(WholeBody.SLICE, WholeBody.SLICE, WholeBody.SLICE, 5),
                    recorder.items.stream().map(item -> item.length).toList());
            java.io.ByteArrayOutputStream sent = new java.io.ByteArrayOutputStream();
            recorder.items.forEach(sent::writeBytes);
            assertArrayEquals(body, sent.toByteArray());
            assertEquals(1, recorder.completions);
        }
    }

    @Test
    void theBufferIsAViewThatCannotChangeTheBody() {
        byte[] body = {1, 2, 3};
        List<ByteBuffer> buffers = new ArrayList<>();
        new WholeBody(body).subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(1);
            }

            @Override
            public void onNext(ByteBuffer item) {
                buffers.add(item);
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
            }
        });
        assertTrue(buffers.get(0).isReadOnly());
        assertArrayEquals(new byte[]{1, 2, 3}, body);
    }

    @Test
    void anEmptyBodyCompletesWithoutAnItemAndANonPositiveDemandIsAnError() {
        Recorder empty = new Recorder(1);
        new WholeBody(new byte[0]).subscribe(empty);
        assertEquals(0, empty.items.size());
        assertEquals(1, empty.completions);

        Recorder wrong = new Recorder(0);
        new WholeBody(new byte[]{1}).subscribe(wrong);
        assertEquals(0, wrong.items.size());
        assertEquals(0, wrong.completions);
        assertInstanceOf(IllegalArgumentException.class, wrong.errors.get(0));
    }
}
