package io.github.cameliterable.state;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hashes of the chunks a {@link JdbcRun} was told of ({@link StateStore.Run#lookAhead}), read on a thread of the
 * store while the run's loop works on the chunk before (the database's round trip, a third of a rerun's time on
 * PostgreSQL, or the look-ups in the state read at once, then overlap it), oldest first. Keys of an earlier chunk that
 * come again are duplicates whatever their
 * hash, so reading ahead of that chunk's acknowledgements changes no class.
 */
final class HashesReadAhead {
    private static final Logger LOG = LoggerFactory.getLogger(HashesReadAhead.class);

    private final JdbcStateStore store;
    private final String syncId;
    /** Reads the hashes of distinct keys: from the database, or from the state read at once. */
    private final Function<List<String>, AcknowledgedHashes> reader;
    private final Queue<Hinted> hinted = new ConcurrentLinkedQueue<>();

    private record Hinted(List<String> keys, CompletableFuture<AcknowledgedHashes> hashes) {
    }

    HashesReadAhead(JdbcStateStore store, String syncId, Function<List<String>, AcknowledgedHashes> reader) {
        this.store = store;
        this.syncId = syncId;
        this.reader = reader;
    }

    /** Starts reading the hashes of a chunk to come. */
    void hint(List<String> primaryKeys) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(primaryKeys));
        hinted.add(new Hinted(primaryKeys,
                CompletableFuture.supplyAsync(() -> reader.apply(distinct), store.lookAheadExecutor())));
    }

    /** The hashes read ahead for this chunk, or null (not hinted, or the read failed: it is read again). */
    AcknowledgedHashes take(List<Fingerprint> chunk) {
        for (Hinted next; (next = hinted.poll()) != null;) {
            if (next.keys().size() == chunk.size() && sameKeys(next.keys(), chunk)) {
                try {
                    return next.hashes().join();
                } catch (RuntimeException e) {
                    LOG.debug("Sync {}: hashes read ahead failed, read again: {}", syncId, e.toString());
                    return null;
                }
            }
            next.hashes().cancel(false); // a chunk hinted and never classified (a run stopped): not waited for
        }
        return null;
    }

    private static boolean sameKeys(List<String> keys, List<Fingerprint> chunk) {
        for (int i = 0; i < keys.size(); i++) {
            if (!keys.get(i).equals(chunk.get(i).primaryKey())) {
                return false;
            }
        }
        return true;
    }
}
