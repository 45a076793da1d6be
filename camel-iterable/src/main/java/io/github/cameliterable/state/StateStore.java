package io.github.cameliterable.state;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.camel.spi.IdempotentRepository;

/**
 * Where change detection keeps, per sync, what Iterable has acknowledged: primary key to content hash and
 * identity, with first and last seen times. One store serves a CamelContext; each endpoint uses its own
 * {@code syncId}. Implementations must be safe for concurrent runs of different syncIds.
 */
public interface StateStore extends AutoCloseable {

    /**
     * Starts a run of one sync: one pass over a model. A run that was never finished (a crash) is discarded. Runs of
     * one sync go one at a time; records of a stream meanwhile use {@link #classify(String, List)}.
     */
    Run beginRun(String syncId, boolean snapshot);

    /**
     * Called once when a sync's endpoint starts, before any other call for it: what a JVM that died left behind is
     * made retryable. Pending first-seen keys (actions in flight at the crash) are forgotten, so that the action is
     * tried once more: at least once, never lost.
     */
    void recover(String syncId);

    /**
     * Classifies records of a stream, outside any run: NEW, CHANGED or UNCHANGED against what Iterable acknowledged;
     * a record repeated inside the list with the same key and hash is DUPLICATE (a redelivered message). Stages
     * nothing: records of many exchanges may be classified while others are in flight.
     */
    List<RecordClass> classify(String syncId, List<Fingerprint> records);

    /** Iterable acknowledged these records: store their hash and identity (the last one of a key wins). */
    void acknowledge(String syncId, List<Fingerprint> acknowledged);

    /** Iterable acknowledged the removal of these keys (or there was nothing to do): forget them. */
    void forget(String syncId, List<String> primaryKeys);

    /**
     * A persistent first-seen repository in the same database, for actions that happen once per primary key
     * ever. It never forgets a confirmed key.
     */
    IdempotentRepository firstSeenRepository(String syncId);

    /** The durable intake kept in the same database, for endpoints with {@code durableIntake}. */
    default IntakeQueue intakeQueue() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no durable intake");
    }

    /**
     * The durable intake; with {@code fsync} an accept also survives a power loss, where the store can choose (a
     * database server commits as it is configured: the default ignores the flag).
     */
    default IntakeQueue intakeQueue(boolean fsync) {
        return intakeQueue();
    }

    /**
     * Holds {@code syncId} for one run against every process that shares this store (two JVMs, two pods on one
     * database), so that runs of one sync never interleave; within one process the endpoint already runs them one
     * after another. Waits at most {@code maxWait} for another holder, then throws a {@link LeaseUnavailableException}.
     * A holder that dies without releasing loses the lease after a short expiry. The default suits a store that only
     * one process can open: it holds nothing.
     */
    default Lease lease(String syncId, Duration maxWait) {
        return () -> {
        };
    }

    /**
     * Forgets what change detection knows of {@code syncId} (hashes and identities), so that its next run finds every
     * record NEW and removes nothing. First-seen keys (actions done once per key ever) are kept.
     *
     * @return how many keys were forgotten
     */
    default long reset(String syncId) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot reset a sync's state");
    }

    /**
     * The function this store's hashes are made with ({@link RowHash}): records are hashed by it to be compared with
     * them. The default, SHA-256, is that of every state of earlier versions.
     */
    default RowHash.Function rowHash() {
        return RowHash.Function.SHA_256;
    }

    @Override
    void close();

    /** A held sync; closing it releases it. */
    @FunctionalInterface
    interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    /** One pass over a model. Calls come from one thread at a time. */
    interface Run {
        String syncId();

        /**
         * Classifies a chunk of records (NEW, CHANGED, UNCHANGED, DUPLICATE) and records them as seen in this run.
         * A key repeated inside the chunk or seen in an earlier chunk of this run is DUPLICATE. Only the keys and
         * hashes count: the identities may be null (they are stored by {@link #acknowledge(List)}).
         *
         * @return the class of each fingerprint, in the chunk's order
         */
        List<RecordClass> classify(List<Fingerprint> chunk);

        /**
         * A hint, from another thread than {@link #classify}'s: the primary keys of the chunk {@link #classify} will
         * be given after those hinted before, so that the store may read what it needs for them meanwhile. The
         * default does nothing.
         */
        default void lookAhead(List<String> primaryKeys) {
        }

        /**
         * Called as the run begins when nothing else of its sync is in flight in this process: every acknowledgement
         * that reaches the state while the run goes on is then the run's own, of a key it has seen. A store may take a
         * state that holds no key of the sync now to hold none of the keys the run has not seen (a first run then
         * reads no hashes). The default does nothing.
         */
        default void nothingElseInFlight() {
        }

        /** Iterable acknowledged these records: store their hash and identity. */
        void acknowledge(List<Fingerprint> acknowledged);

        /**
         * The keys acknowledged in earlier runs and not seen in this one, streamed to {@code sink} in chunks of at
         * most {@code chunkSize}, without holding them all in memory. Only meaningful for a snapshot run, after the
         * last classify; a run that is not a snapshot yields nothing. The sink may call
         * {@link #acknowledgeRemoved(List)} on this run while the stream goes on.
         */
        void removed(int chunkSize, Consumer<List<Fingerprint>> sink);

        /** How many keys the state holds for this sync now (acknowledged in earlier runs and so far in this one). */
        long countHeld();

        /**
         * How many keys {@link #removed(int, Consumer)} would yield now, counted without reading them, so that a
         * safeguard can refuse before anything is removed. Zero for a run that is not a snapshot.
         */
        long countRemoved();

        /** Iterable acknowledged the removal of these keys (or there was nothing to do): forget them. */
        void acknowledgeRemoved(List<String> primaryKeys);

        /** Counts kept by the store for the report: classified records by class. */
        Map<RecordClass, Long> counts();

        /** Ends the run and frees what it staged. */
        void finish();
    }
}
