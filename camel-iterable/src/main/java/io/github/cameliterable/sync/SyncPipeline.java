package io.github.cameliterable.sync;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.cameliterable.client.ApiCall;
import io.github.cameliterable.client.IterableClient;
import io.github.cameliterable.mapping.FieldMapping;
import io.github.cameliterable.mapping.JsonBytes;
import io.github.cameliterable.state.IntakeQueue;
import io.github.cameliterable.state.StateStore;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One endpoint's sync: what all its exchanges share. Each body becomes a {@link SyncRun} handed to the
 * {@link RunLoop}; the records of all runs go into the same {@link Batches}, sent through the same
 * {@link Requests}; what Iterable acknowledged is written through the {@link Acknowledgements}, and then each run
 * completes with its own report.
 */
public final class SyncPipeline implements AutoCloseable {
    static final Logger LOG = LoggerFactory.getLogger(SyncPipeline.class);
    /**
     * Acknowledgements (records and removals) that may wait behind the state store's write before the loop waits for it:
     * four requests of 16,384 users, about 20 MB of fingerprints.
     */
    static final int MAX_UNWRITTEN = 4 * 16_384;
    /** How often {@link #awaitEverything} writes what was acknowledged while it waits for the last answers. */
    private static final long ACKNOWLEDGED_WRITE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final RunSettings settings;
    private final SyncType type;
    private final FieldMapping mapping;
    private final ObjectMapper json;
    private final JsonBytes jsonBytes;
    private final StateStore store;
    private final IdempotentRepository firstSeen;
    private final Requests requests;
    private final Batches batches;
    private final Acknowledgements acknowledgements = new Acknowledgements();
    private volatile boolean closing;
    private final PendingVersions pendingVersions = new PendingVersions();
    /** Acknowledgements being written off the loop's thread, or null; only the loop's thread touches it. */
    private CompletableFuture<Acknowledgements.Drained> writing;
    private final RunLoop loop;
    private final Executor completions;
    private final Consumer<SyncReport> onRunEnded;
    private volatile BooleanSupplier stopping = () -> false;
    private DurableIntake intake;
    private StateStore leases;
    private final Set<SyncRun> openRuns = ConcurrentHashMap.newKeySet();

    /**
     * @param store the state store for change detection, or null when it is off
     * @param firstSeen the first-seen repository, or null when the sync type needs none
     * @param completions where exchanges are completed (never the loop's or the HTTP client's threads)
     * @param onRunEnded told of each run's report before its exchange completes (metrics, the last report)
     */
    public SyncPipeline(RunSettings settings, IterableClient client, SyncType type, FieldMapping mapping,
            ObjectMapper json, StateStore store, IdempotentRepository firstSeen, Executor completions,
            Consumer<SyncReport> onRunEnded) {
        this.settings = settings;
        this.type = type;
        this.mapping = mapping;
        this.json = json;
        this.jsonBytes = new JsonBytes(json);
        this.store = store;
        this.firstSeen = firstSeen;
        this.requests = new Requests(client, settings.maxConcurrentRequests(), settings.dryRun());
        this.batches = new Batches(requests, settings);
        this.completions = completions;
        this.onRunEnded = onRunEnded;
        this.loop = new RunLoop(this);
    }

    /**
     * Tells when the application is stopping: records then leave at once instead of waiting the linger time, so that
     * the exchanges waiting for them complete while the application waits for its exchanges in flight.
     */
    public void stoppingWhen(BooleanSupplier stopping) {
        this.stopping = stopping;
    }

    /** The CamelContext stops, or this endpoint does ({@link #close}). */
    boolean isStopping() {
        return closing || stopping.getAsBoolean();
    }

    /**
     * Queues the records of every body that is not a snapshot in the durable intake and completes its exchange at
     * once; the run loop sends them in the background. Claims left by an earlier JVM are queued again.
     */
    public void durableIntake(IntakeQueue queue) {
        if (settings.snapshot()) {
            throw new IllegalArgumentException("durableIntake does not go with snapshot: a snapshot is one run over the"
                    + " whole model, whose removals need every record of it in that run");
        }
        intake = new DurableIntake(this, queue);
        intake.recover();
    }

    /** Starts the run loop's thread. */
    public void start(String threadName) {
        loop.start(threadName);
    }

    /**
     * Model runs hold the store's lease on the syncId (two processes never run models of one sync at once), and a
     * reset forgets the syncId's state in it.
     */
    public void leases(StateStore store) {
        this.leases = store;
    }

    /**
     * Syncs one body (a record or a model) as the exchange's controls ask; completes with its report once each of its
     * records has an outcome.
     */
    public CompletableFuture<SyncReport> submit(Object body, String routeId, long expectedRecords, RunControls controls) {
        if (controls.reset()) {
            long forgotten = settings.dryRun() || leases == null ? 0 : leases.reset(settings.syncId());
            SyncReport report = SyncReport.ofReset(type.name(), settings.syncId(), settings.dryRun(), forgotten);
            onRunEnded.accept(report);
            return CompletableFuture.completedFuture(report);
        }
        SyncRun run = new SyncRun(this, routeId, controls);
        if (body == null) {
            // a Kafka tombstone, a message without a body: nothing to sync, said rather than counted silently as 0
            run.report().note("the exchange's body was empty (null): nothing to sync");
        }
        if (intake != null) {
            // not an open run: it completes once queued, and its records are the intake's (an error of the JVM on the
            // loop, which ends the open runs, failed such an exchange whose record was accepted, now and then)
            openRuns.remove(run);
            RuntimeException failure = null;
            try {
                if (intake.accept(run, body)) {
                    loop.wake();
                }
            } catch (RuntimeException e) {
                failure = e;
            }
            run.completeQueued(failure, onRunEnded);
        } else {
            loop.submit(run, body, expectedRecords, controls);
        }
        return run.result();
    }

    /** Told by the client's listener of each attempt, for the reports of the runs the request carries. */
    public void attempted(ApiCall call, int attempt, int status) {
        requests.attempted(call, attempt, status);
    }

    /** Stops taking bodies, sends what is pending, waits for every answer and completes every run. */
    @Override
    public void close() {
        closing = true;
        loop.drainAndStop();
    }

    // --- for the run, the loop and the batches

    RunSettings settings() {
        return settings;
    }

    SyncType type() {
        return type;
    }

    FieldMapping mapping() {
        return mapping;
    }

    ObjectMapper json() {
        return json;
    }

    /** Writes items' JSON trees to bytes, with a generator each thread reuses. */
    JsonBytes jsonBytes() {
        return jsonBytes;
    }

    StateStore store() {
        return store;
    }

    IdempotentRepository firstSeen() {
        return firstSeen;
    }

    Requests requests() {
        return requests;
    }

    Batches batches() {
        return batches;
    }

    Acknowledgements acknowledgements() {
        return acknowledgements;
    }

    /** The versions of a stream's keys handed on and not yet acknowledged or failed. */
    PendingVersions pendingVersions() {
        return pendingVersions;
    }

    StateStore leaseStore() {
        return leases;
    }

    DurableIntake intake() {
        return intake;
    }

    void runOpened(SyncRun run) {
        openRuns.add(run);
    }

    void runClosed(SyncRun run) {
        openRuns.remove(run);
    }

    /**
     * Runs the loop's turns until one says it is done. An Error of the JVM in a turn (an OutOfMemoryError while a batch
     * is flushed or an answer handled) killed the loop's thread before, and every exchange of the endpoint waited for
     * ever: the loop now goes on, and the open runs end with the error.
     */
    void runTurns(BooleanSupplier turn) {
        while (true) {
            try {
                if (turn.getAsBoolean()) {
                    return;
                }
            } catch (Error e) {
                // handling it may run out of memory too: tried again, once the turn's garbage can be collected
                for (int attempt = 0; attempt < 100 && !gaveUp(e); attempt++) {
                    LockSupport.parkNanos(10_000_000L);
                }
            }
        }
    }

    private boolean gaveUp(Error error) {
        try {
            LOG.error("Iterable sync '{}': an error of the JVM in the run loop", settings.syncId(), error);
            giveUpOpenRuns(error);
            return true;
        } catch (Error again) {
            return false;
        }
    }

    /**
     * An Error of the JVM on the loop's thread (an OutOfMemoryError): the outcomes of what was in flight may never come,
     * so every open run ends now with it, rather than its exchange waiting for ever (a probe of 2026-12-04).
     */
    void giveUpOpenRuns(Error error) {
        RuntimeException cause = new IllegalStateException("The run stopped on an error of the JVM: " + error, error);
        openRuns.forEach(run -> run.giveUp(cause));
    }

    /**
     * Runs made and not yet completed (a run completes once what Iterable acknowledged of it is written): one while a
     * model's run is the only one, nothing else of the sync in flight.
     */
    int openRuns() {
        return openRuns.size();
    }

    /** Records waiting in the durable intake, or -1 without one. */
    public long queuedRecords() {
        return intake == null ? -1 : intake.size();
    }

    /** Records the durable intake could not deliver (kept with their reasons), or -1 without one. */
    public long failedRecords() {
        return intake == null ? -1 : intake.failedCount();
    }

    /** The latest records the durable intake could not deliver, with their reasons. */
    public List<IntakeQueue.Failed> latestFailedRecords(int max) {
        return intake == null ? List.of() : intake.failed(max);
    }

    /** A run has every outcome: the loop writes its acknowledgements and completes it. */
    void ended(SyncRun run) {
        acknowledgements.ended(run);
        loop.wake();
    }

    /** As {@link #completeEnded(boolean)}, without waiting for a write in flight. */
    void completeEnded() {
        completeEnded(false);
    }

    /**
     * Sends every batch, waits for every answer, and completes the runs that ended. What Iterable acknowledges
     * meanwhile is written as it comes, as while the model is read: left for the end, a first run of 1,000,000 users
     * wrote the last 128,000 at once, a second after its last answer (docs/performance.md, scenario 1).
     */
    void awaitEverything() {
        batches().flushAll();
        while (!requests().slots().awaitIdle(ACKNOWLEDGED_WRITE_NANOS)) {
            completeEnded();
        }
        completeEnded(true);
    }

    /**
     * On the loop's thread: writes the queued acknowledgements, then completes the runs that ended before them. The
     * write is handed to another thread, so that the database's time (an upsert of a request's 16,000 records on
     * PostgreSQL, 40% of a first run's loop) overlaps the loop's own work; its runs complete at the loop's first call
     * after it is done (the writer wakes the loop). One write at a time, in the order they were taken. With {@code
     * wait}, everything queued before the call is written and its runs completed before it returns. While more than
     * {@link #MAX_UNWRITTEN} acknowledgements wait behind a write, the loop waits for it too: a store slower than
     * Iterable's answers (a database's stall) then holds the loop back, not the heap (a first run of 10,000,000 rows on
     * PostgreSQL in 256 MB queued 214,000 and ran out of memory).
     */
    void completeEnded(boolean wait) {
        if (writing != null) {
            if (!wait && !writing.isDone() && acknowledgements.queued() <= MAX_UNWRITTEN) {
                return;
            }
            finish(writing.join());
            writing = null;
        }
        Acknowledgements.Taken taken = acknowledgements.take();
        if (taken.isEmpty()) {
            return;
        }
        StateStore target = settings.dryRun() ? null : store;
        if (!wait && target != null && !taken.writesNothing()) {
            try {
                writing = CompletableFuture.supplyAsync(() -> Acknowledgements.write(taken, target, settings.syncId()),
                        completions);
                writing.whenComplete((drained, e) -> loop.wake());
                return;
            } catch (RejectedExecutionException stopping) {
                // the endpoint is stopping: written here
            }
        }
        finish(Acknowledgements.write(taken, target, settings.syncId()));
    }

    private void finish(Acknowledgements.Drained drained) {
        if (drained.failure() != null) {
            // the records reached Iterable; unstored, they are only offered again by change detection
            LOG.error("Iterable sync '{}': could not store what Iterable acknowledged: {}", settings.syncId(),
                    drained.failure().getMessage());
        }
        for (SyncRun run : drained.runs()) {
            if (intake != null) {
                try {
                    intake.settle(run);
                } catch (RuntimeException e) {
                    // left claimed: queued again when the endpoint starts, sent again at worst
                    LOG.error("Iterable sync '{}': could not settle queued records: {}", settings.syncId(), e.getMessage());
                }
            }
            pendingVersions.completed(run);
            completions.execute(() -> completeOrFail(run, drained.failure()));
        }
    }

    /**
     * Completes the run's exchange; an Error of the JVM meanwhile (an OutOfMemoryError) fails it rather than leaving it.
     */
    private void completeOrFail(SyncRun run, RuntimeException stateFailure) {
        try {
            run.complete(stateFailure, onRunEnded);
        } catch (Error e) {
            run.result().completeExceptionally(e);
            throw e;
        }
    }
}
