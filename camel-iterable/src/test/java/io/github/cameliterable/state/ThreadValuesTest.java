package io.github.cameliterable.state;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Each thread gets its own value from {@link ThreadValues}, whichever thread took one last: the two remembered values
 * are a shortcut, never another thread's value.
 */
class ThreadValuesTest {

    @Test
    void everyThreadGetsItsOwnValueWhateverTheOrder() throws Exception {
        AtomicInteger made = new AtomicInteger();
        ThreadValues<Thread> values = new ThreadValues<>(() -> {
            made.incrementAndGet();
            return Thread.currentThread();
        });
        int threads = 4;
        CyclicBarrier turn = new CyclicBarrier(threads);
        AtomicReference<Throwable> wrong = new AtomicReference<>();
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < 200_000; i++) {
                        if (values.get() != Thread.currentThread()) {
                            throw new AssertionError("another thread's value at " + i);
                        }
                        if (i % 50_000 == 0) {
                            turn.await(); // in step now and then, so that the threads take theirs in turn
                        }
                    }
                } catch (Throwable e) {
                    wrong.compareAndSet(null, e);
                }
            });
            started.add(thread);
            thread.start();
        }
        for (Thread thread : started) {
            thread.join();
        }
        assertNull(wrong.get());
        assertEquals(threads, made.get(), "one value a thread");
    }

    @Test
    void aRemovedValueIsMadeAgain() {
        ThreadValues<Object> values = new ThreadValues<>(Object::new);
        Object first = values.get();
        assertSame(first, values.get());
        values.remove();
        Object second = values.get();
        assertNotSame(first, second);
        assertSame(second, values.get());
    }
}
