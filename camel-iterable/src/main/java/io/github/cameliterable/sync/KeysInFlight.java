package io.github.cameliterable.sync;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The primary keys of an endpoint's requests in flight. A request holding a key that an earlier request in flight
 * holds waits until that one has its answer (retries included): two versions of one record (a stream's updates of a
 * user, from two exchanges or in one claimed chunk) never travel in two requests at once, where the older could land
 * last and stay in Iterable. A model's run classified against its staged keys sends each key at most once: its
 * requests are counted, not their keys, and a request of any other run waits until none of them is in flight.
 * Each request's keys are held as a table of 64-bit hashes, without an object per key: two different keys of the
 * same hash (about one in 10^9 pairs at 16,000 keys a request) only make a request wait for an answer it did not need.
 */
final class KeysInFlight {
    /**
     * Runs that send each key at most once (a model's, with a state store): so does every request of theirs, also
     * those that leave after the model was read; weakly held, as nothing tells when a run's last request left.
     */
    private final Set<SyncRun> eachKeyOnce = Collections.newSetFromMap(new WeakHashMap<>());
    /** The key tables of the requests in flight whose keys are held. */
    private final List<KeyTable> held = new ArrayList<>();
    /** The run whose requests are in flight without their keys held, and how many there are. */
    private SyncRun uncounted;
    private int uncountedRequests;

    /** {@code run} sends each key at most once: its requests need not hold their keys. */
    synchronized void sendsEachKeyOnce(SyncRun run) {
        eachKeyOnce.add(run);
    }

    /**
     * Waits until no request in flight holds a key of {@code items}, then holds them; returns what to give
     * {@link #release} once the request has its answer.
     */
    Object awaitAndHold(List<Item> items) {
        SyncRun once = sendingEachKeyOnce(items);
        // a stream's keys are hashed before the lock (releases are not held up meanwhile); a model's only when another
        // run's keys are held, the only time they are looked at
        KeyTable keys = once == null ? new KeyTable(items) : null;
        synchronized (this) {
            boolean interrupted = false;
            while (true) {
                boolean blocked = once != null ? uncountedRequests > 0 && uncounted != once : uncountedRequests > 0;
                if (!blocked && !held.isEmpty()) {
                    keys = keys != null ? keys : new KeyTable(items);
                    blocked = holdsAny(keys);
                }
                if (!blocked) {
                    break;
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true; // the batch must still leave in order: wait on, then restore the flag
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (once != null) {
                uncounted = once;
                uncountedRequests++;
                return once;
            }
            held.add(keys);
            return keys;
        }
    }

    /** The run of {@code items} when they are all of one run that sends each key once, else null. */
    private synchronized SyncRun sendingEachKeyOnce(List<Item> items) {
        return eachKeyOnce.contains(items.get(0).run()) ? soleRun(items) : null;
    }

    /** The request whose {@link #awaitAndHold} returned {@code hold} has its answer: its keys are free. */
    synchronized void release(Object hold) {
        if (hold instanceof KeyTable keys) {
            held.remove(keys);
        } else {
            uncountedRequests--;
        }
        notifyAll();
    }

    private static SyncRun soleRun(List<Item> items) {
        SyncRun run = items.get(0).run();
        for (Item item : items) {
            if (item.run() != run) {
                return null;
            }
        }
        return run;
    }

    private boolean holdsAny(KeyTable keys) {
        for (KeyTable other : held) {
            if (other.sharesAKeyWith(keys)) {
                return true;
            }
        }
        return false;
    }

    /** A request's keys as 64-bit hashes in an open-addressing table (0 marks a free slot). */
    private static final class KeyTable {
        private final long[] hashes;
        private final long[] slots;

        KeyTable(List<Item> items) {
            hashes = new long[items.size()];
            int n = 0;
            for (Item item : items) {
                if (item.primaryKey() != null) {
                    hashes[n++] = hash(item.primaryKey());
                }
            }
            slots = new long[Integer.highestOneBit(Math.max(n, 1) * 2 - 1) << 1];
            for (int i = 0; i < n; i++) {
                int at = index(hashes[i]);
                while (slots[at] != 0 && slots[at] != hashes[i]) {
                    at = (at + 1) & (slots.length - 1);
                }
                slots[at] = hashes[i];
            }
        }

        /** String's own hash (kept by the string) and a second one over its characters; never 0. */
        private static long hash(String key) {
            int second = 0x811C9DC5;
            for (int i = 0; i < key.length(); i++) {
                second = (second ^ key.charAt(i)) * 0x01000193;
            }
            long h = (long) key.hashCode() << 32 | second & 0xFFFFFFFFL;
            return h == 0 ? 1 : h;
        }

        private int index(long h) {
            long mixed = h * 0x9E3779B97F4A7C15L;
            return (int) (mixed >>> 40) & (slots.length - 1);
        }

        private boolean contains(long h) {
            for (int at = index(h);; at = (at + 1) & (slots.length - 1)) {
                if (slots[at] == h) {
                    return true;
                }
                if (slots[at] == 0) {
                    return false;
                }
            }
        }

        boolean sharesAKeyWith(KeyTable other) {
            for (long h : other.hashes) {
                if (h != 0 && contains(h)) {
                    return true;
                }
            }
            return false;
        }
    }
}
