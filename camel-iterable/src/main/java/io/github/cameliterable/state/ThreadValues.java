package io.github.cameliterable.state;

import java.util.function.Supplier;

/**
 * A value each thread makes once and keeps (a writer and its buffer, the row hash's buffers), as a thread-local holds
 * it, with the last two threads' values read first: a run's mapper and its loop take theirs several times a record,
 * in turn, and the thread-local's look-up was 2% to 4% of a dry run's CPU (docs/performance.md, scenario 3). One
 * remembered value flipped at every turn of the two threads; two keep both.
 */
public final class ThreadValues<T> {
    /** A value with the thread it is for; its fields are final, so any thread may read a record another wrote. */
    private record Owned<T>(Thread owner, T value) {
    }

    private final ThreadLocal<Owned<T>> values;
    private Owned<T> last;
    private Owned<T> before;

    public ThreadValues(Supplier<T> make) {
        this.values = ThreadLocal.withInitial(() -> new Owned<>(Thread.currentThread(), make.get()));
    }

    /** This thread's value, made on its first call. */
    public T get() {
        Thread thread = Thread.currentThread();
        Owned<T> owned = last;
        if (owned != null && owned.owner() == thread) {
            return owned.value();
        }
        Owned<T> other = before;
        if (other == null || other.owner() != thread) {
            other = values.get();
        }
        // a race between two threads leaves at worst a value the next look-up does not find here
        before = owned;
        last = other;
        return other.value();
    }

    /** Drops this thread's value: the next {@link #get} makes another. */
    public void remove() {
        values.remove();
        last = null;
        before = null;
    }
}
