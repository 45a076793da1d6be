package io.github.cameliterable.state;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sync's acknowledged keys and hashes read in one query, through a cursor, into the run's {@link LocalRunKeys}, as a
 * snapshot run begins with nothing else of its sync in flight: a snapshot holds the whole model, so its chunks would
 * look up about every key of the state one chunk at a time (1,000 index look-ups a statement, about 4.7 ms of
 * PostgreSQL's time a chunk), where one scan costs the database about 1 ms for 1,000 keys. The read runs on a thread of
 * the store while the run's first chunks are read and mapped; their classification waits for it (reading their hashes
 * from the database meanwhile cost both the database and the run's cores more than the wait: an unchanged rerun of
 * 1,000,000 rows about 6% slower, and each key seen then written to disk), then every chunk looks its keys up locally,
 * each key's place in the read marking it seen, and the run's removal walk reads the state's keys locally.
 */
final class StateReadAtOnce {
    private static final Logger LOG = LoggerFactory.getLogger(StateReadAtOnce.class);
    private static final int PAGE = 10_000;

    private final String syncId;
    private final CompletableFuture<Void> read;
    private volatile boolean stopped;
    /** The keys read; written by the read, read once it is done. */
    private long count;
    private final AtomicBoolean warned = new AtomicBoolean();

    StateReadAtOnce(JdbcStateStore store, String syncId, LocalRunKeys local) {
        this.syncId = syncId;
        this.read = CompletableFuture.runAsync(() -> read(store, local), store.lookAheadExecutor());
    }

    private void read(JdbcStateStore store, LocalRunKeys local) {
        // as bytes: the driver's own (PostgreSQL's text in UTF-8), no string made and encoded again for each
        List<byte[]> keys = new ArrayList<>(PAGE);
        List<byte[]> hashes = new ArrayList<>(PAGE);
        JdbcStatements.readThroughCursor(store.db(), "read the state of " + syncId, store.sql().selectStateHashesOfSync(),
                syncId, PAGE, () -> !stopped, rs -> {
                    keys.add(rs.getBytes(1));
                    hashes.add(rs.getBytes(2));
                    count++;
                    if (keys.size() == PAGE) {
                        local.putState(keys, hashes);
                        keys.clear();
                        hashes.clear();
                    }
                });
        if (!stopped) {
            local.putState(keys, hashes);
        }
    }

    /**
     * Waits for the read: true once every key and hash of the state is kept locally; false when the read failed
     * (logged), and the run then reads the hashes of each chunk from the database.
     */
    boolean ready() {
        try {
            read.join();
            return !stopped;
        } catch (RuntimeException e) {
            if (warned.compareAndSet(false, true)) {
                LOG.warn("Sync {}: the state could not be read at once, its hashes are read a chunk at a time: {}",
                        syncId, e.getMessage());
            }
            return false;
        }
    }

    /** How many keys the state held: call after {@link #ready()} returned true. */
    long keys() {
        return count;
    }

    /** Stops the read and waits for it to end, before the run's keys are closed. */
    void stop() {
        stopped = true;
        try {
            read.join();
        } catch (RuntimeException e) {
            // stopped, or failed: nothing of it is used
        }
    }
}
