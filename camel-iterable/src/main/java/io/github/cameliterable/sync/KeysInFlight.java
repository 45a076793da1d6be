package io.github.cameliterable.sync;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The primary keys of an endpoint's requests in flight. A request holding a key that an earlier request in flight
 * holds waits until that one has its answer (retries included): two versions of one record (a stream's updates of a
 * user, from two exchanges or in one claimed chunk) never travel in two requests at once, where the older could land
 * last and stay in Iterable. A model's run classified against its staged keys sends each key at most once: its
 * requests are counted, not their keys (holding 16,000 keys a request cost a users' first run 0.6 s of its 13), and
 * a request of any other run waits until none of them is in flight.
 */
final class KeysInFlight {
    /**
     * Runs that send each key at most once (a model's, with a state store): so does every request of theirs, also
     * those that leave after the model was read; weakly held, as nothing tells when a run's last request left.
     */
    private final Set<SyncRun> eachKeyOnce = Collections.newSetFromMap(new WeakHashMap<>());
    /** The keys held; a key held by several requests (or twice in one) once here, and its count beyond one below. */
    private final Set<String> held = new HashSet<>();
    private final Map<String, Integer> heldAgain = new HashMap<>();
    /** The run whose requests are in flight without their keys held, and how many there are. */
    private SyncRun uncounted;
    private int uncountedRequests;

    /** {@code run} sends each key at most once: its requests need not hold their keys. */
    synchronized void sendsEachKeyOnce(SyncRun run) {
        eachKeyOnce.add(run);
    }

    /**
     * Waits until no request in flight holds a key of {@code items}, then holds them; returns whether it held their
     * keys (false: counted as a request of a run that sends each key once), for {@link #release}.
     */
    synchronized boolean awaitAndHold(List<Item> items) {
        SyncRun once = soleRunSendingEachKeyOnce(items);
        boolean interrupted = false;
        while (true) {
            if (once != null ? uncountedRequests > 0 && uncounted != once || holdsAny(items) : uncountedRequests > 0) {
                interrupted |= waitForARelease();
                continue;
            }
            if (once != null) {
                uncounted = once;
                uncountedRequests++;
                break;
            }
            // one pass in the usual case (no key of the batch held): each key added once
            int added = 0;
            while (added < items.size() && add(items.get(added).primaryKey())) {
                added++;
            }
            if (added == items.size()) {
                break;
            }
            for (int i = 0; i < added; i++) {
                remove(items.get(i).primaryKey());
            }
            if (holdsAny(items)) {
                interrupted |= waitForARelease(); // a request in flight holds one of them
                continue;
            }
            for (Item item : items) { // the batch repeats a key of its own: both versions travel in it
                String key = item.primaryKey();
                if (key != null && !held.add(key)) {
                    heldAgain.merge(key, 1, Integer::sum);
                }
            }
            break;
        }
        if (interrupted) {
            Thread.currentThread().interrupt(); // the batch still left in order; the flag is the caller's
        }
        return once == null;
    }

    /** Waits for a request's release; true when interrupted meanwhile (the wait goes on). */
    private boolean waitForARelease() {
        try {
            wait();
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }

    private boolean add(String key) {
        return key == null || held.add(key);
    }

    private void remove(String key) {
        if (key != null) {
            held.remove(key);
        }
    }

    /** The request of {@code items} has its answer: their keys are free. */
    synchronized void release(List<Item> items, boolean keysHeld) {
        if (!keysHeld) {
            uncountedRequests--;
        } else {
            for (Item item : items) {
                String key = item.primaryKey();
                if (key == null) {
                    continue;
                }
                Integer again = heldAgain.isEmpty() ? null : heldAgain.get(key);
                if (again == null) {
                    held.remove(key);
                } else if (again == 1) {
                    heldAgain.remove(key);
                } else {
                    heldAgain.put(key, again - 1);
                }
            }
        }
        notifyAll();
    }

    private SyncRun soleRunSendingEachKeyOnce(List<Item> items) {
        SyncRun run = items.get(0).run();
        if (!eachKeyOnce.contains(run)) {
            return null;
        }
        for (Item item : items) {
            if (item.run() != run) {
                return null;
            }
        }
        return run;
    }

    private boolean holdsAny(List<Item> items) {
        if (held.isEmpty()) {
            return false;
        }
        for (Item item : items) {
            if (item.primaryKey() != null && held.contains(item.primaryKey())) {
                return true;
            }
        }
        return false;
    }
}
