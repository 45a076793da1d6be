package io.github.cameliterable.sync;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.cameliterable.mapping.MappedRecord;
import io.github.cameliterable.mapping.RecordReader;
import io.github.cameliterable.state.Fingerprint;
import io.github.cameliterable.state.RecordClass;
import io.github.cameliterable.state.StateStore;

/**
 * The endpoint's one thread that reads bodies, maps and classifies their records, and hands them to the sync type;
 * it alone talks to the state store, so concurrent exchanges never disturb it or each other. Two shapes of body:
 * <ul>
 * <li>a record (a stream's message): records of all the exchanges waiting are classified together, in one round
 * trip, and join the shared batches, which leave when full or after the linger time;</li>
 * <li>a model: read chunk by chunk as one run (staged in the state store, so that a repeated key is a duplicate);
 * with {@code snapshot}, after its last record and every answer, the keys it no longer holds are removed.</li>
 * </ul>
 */
final class RunLoop {
    /** Records classified against the state in one round trip. */
    static final int CHUNK = 1000;
    /** How long the loop sleeps when nothing is pending, at most. */
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private record Task(SyncRun run, Object body, long expectedRecords, RunControls controls) {
        boolean isRecord(RunSettings settings) {
            return !settings.snapshot() && (controls.messages() || RecordReader.isOneRecord(body));
        }
    }

    private final SyncPipeline pipeline;
    private final RunSettings settings;
    private final SyncType type;
    private final BlockingQueue<Object> tasks = new LinkedBlockingQueue<>();
    private final Object wakeUp = new Object();
    private final AtomicBoolean woken = new AtomicBoolean();
    private volatile boolean closing;
    private Thread thread;
    private boolean streamBegun;

    RunLoop(SyncPipeline pipeline) {
        this.pipeline = pipeline;
        this.settings = pipeline.settings();
        this.type = pipeline.type();
    }

    void start(String name) {
        thread = new Thread(() -> pipeline.runTurns(this::turn), name);
        thread.setDaemon(true);
        thread.start();
    }

    void submit(SyncRun run, Object body, long expectedRecords, RunControls controls) {
        if (closing) {
            throw new IllegalStateException("The iterable endpoint of sync '" + settings.syncId() + "' is stopping");
        }
        tasks.add(new Task(run, body, expectedRecords, controls));
    }

    /** Something is ready for the loop (a run ended): it does not wait out its sleep. */
    void wake() {
        if (woken.compareAndSet(false, true)) {
            tasks.offer(wakeUp);
        }
    }

    /**
     * A graceful stop: takes no more bodies, refuses those waiting, stops reading a model (its run ends with what it
     * read), and returns once every call in flight has its answer and every run taken has completed.
     */
    void drainAndStop() {
        closing = true;
        wake();
        if (thread != null) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One turn of the loop; true once it is done (a graceful stop drained everything). */
    private boolean turn() {
        if (pipeline.isStopping()) {
            pipeline.batches().flushAll();
        }
        long wait = pipeline.batches().flushLingering(pipeline.intake() != null && pipeline.intake().hasBacklog());
        // a graceful stop goes on claiming what is queued, up to one claim window (DurableIntake)
        boolean claimedForStop = closing;
        boolean claimed = pipeline.intake() != null && claimIntake();
        if (!claimed && pipeline.intake() != null) {
            long claimDue = pipeline.intake().nanosUntilClaim();
            wait = wait < 0 ? claimDue : Math.min(wait, claimDue);
        }
        Object next;
        try {
            // at most IDLE_NANOS: a stop is noticed by looking (a linger of 1h slept through Camel's shutdown)
            next = tasks.poll(claimed || closing ? 0 : wait < 0 ? IDLE_NANOS : Math.min(wait, IDLE_NANOS),
                    TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
            next = null;
        }
        if (next == wakeUp) {
            woken.set(false);
        } else if (next instanceof Task task && closing) {
            // a graceful stop refuses what waits; what was taken completes
            task.run().abort(new RejectedExecutionException("The iterable endpoint is stopping: the body was not read"));
        } else if (next instanceof Task task) {
            handle(task);
        }
        pipeline.completeEnded();
        if (closing && tasks.isEmpty()) {
            // drained, not dropped: what waits for the linger time leaves now, and every answer is awaited
            pipeline.awaitEverything();
            // done once nothing waits and the intake, asked since the stop began, had nothing more to claim
            if (tasks.isEmpty() && !claimed && (claimedForStop || pipeline.intake() == null)) {
                if (pipeline.intake() != null) {
                    pipeline.intake().stopped();
                }
                return true;
            }
        }
        return false;
    }

    private boolean claimIntake() {
        try {
            return pipeline.intake().claim(this, closing);
        } catch (RuntimeException e) {
            SyncPipeline.LOG.error("Iterable sync '{}': could not claim queued records: {}", settings.syncId(),
                    e.getMessage());
            return false;
        }
    }

    private void handle(Task task) {
        try {
            if (task.isRecord(settings)) {
                records(task);
            } else {
                // models of one syncId never interleave across processes (issue 12's lease), nor overlap the answers of
                // the run before: a key still in flight would be classified against the state as it was, and sent twice
                try (StateStore.Lease lease = pipeline.leaseStore() == null ? null
                        : pipeline.leaseStore().lease(settings.syncId(), settings.leaseWait())) {
                    model(task);
                    if (pipeline.store() != null) {
                        pipeline.awaitEverything();
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            // the loop outlives any one body
            SyncPipeline.LOG.error("Iterable sync '{}': unexpected error in the run loop", settings.syncId(), e);
            if (!task.run().isSealed()) {
                task.run().abort(e instanceof RuntimeException r ? r : new IllegalStateException(e));
            }
            if (e instanceof Error error) {
                pipeline.giveUpOpenRuns(error); // what was in flight may never have its outcome
            }
        }
    }

    /** This record and those of the other record bodies waiting, classified together. */
    private void records(Task first) {
        List<SyncRun> runs = new ArrayList<>();
        List<MappedRecord> records = new ArrayList<>();
        List<SyncRun> owners = new ArrayList<>();
        ReadAhead readAhead = new ReadAhead(CHUNK, ReadAhead.MAX_BYTES);
        Task task = first;
        while (true) {
            runs.add(task.run());
            read(task, records, owners, readAhead);
            Object next = tasks.peek();
            if (next == wakeUp) {
                woken.set(false);
                tasks.poll();
                next = tasks.peek();
            }
            if (readAhead.full() || !(next instanceof Task t) || !t.isRecord(settings)) {
                break;
            }
            task = (Task) tasks.poll();
        }
        handOverRecords(runs, records, owners);
    }

    /** Records of one or more runs (a stream's messages, a claimed chunk of the intake), classified together. */
    void handOverRecords(List<SyncRun> runs, List<MappedRecord> records, List<SyncRun> owners) {
        if (!streamBegun && !runs.isEmpty()) {
            try {
                type.beginRun(runs.get(0));
                streamBegun = true;
            } catch (RuntimeException e) {
                runs.forEach(run -> run.abort(e));
                return;
            }
        }
        List<RecordClass> classes;
        try {
            classes = pipeline.store() == null ? classify(records, null)
                    : pipeline.pendingVersions().correct(records, owners, classify(records, null));
        } catch (RuntimeException e) {
            runs.forEach(run -> run.abort(e));
            return;
        }
        handOver(records, owners, classes);
        runs.forEach(run -> {
            if (!run.isSealed()) {
                run.seal();
            }
        });
    }

    /** Reads a record body's records into the lists; an unreadable body fails its run alone. */
    private void read(Task task, List<MappedRecord> records, List<SyncRun> owners, ReadAhead readAhead) {
        SyncRun run = task.run();
        try (RecordReader reader = RecordReader.of(task.body(), pipeline.json())) {
            while (reader.hasNext()) {
                MappedRecord record = run.map(reader, true);
                if (record != null) {
                    records.add(record);
                    owners.add(run);
                    readAhead.add(record);
                }
            }
        } catch (RuntimeException e) {
            run.abort(e);
        }
    }

    /** One model, read chunk by chunk as one run. */
    private void model(Task task) {
        SyncRun run = task.run();
        StateStore store = pipeline.store();
        StateStore.Run staged = null;
        ProgressLog progress = new ProgressLog(run.report());
        try (RecordReader reader = RecordReader.of(task.body(), pipeline.json())) {
            staged = store == null ? null : store.beginRun(settings.syncId(), settings.snapshot());
            if (staged != null) {
                pipeline.batches().inFlight().sendsEachKeyOnce(run); // a key repeated in the model is a DUPLICATE
            }
            if (staged != null && task.controls().removesKeys(settings.snapshot()) && reader.isSingleRecord()) {
                run.report().refuse(RemovalSafeguard.singleRecordRefusal(settings.syncId()));
                return;
            }
            if (staged != null && pipeline.openRuns() == 1) {
                staged.nothingElseInFlight();
            }
            progress.total(task.expectedRecords() > 0 ? task.expectedRecords() : reader.knownSize());
            type.beginRun(run);
            // read and mapped on this thread while the run sends most of what it reads, a chunk ahead on a second
            // thread once it does not (ModelChunks)
            StateStore.Run lookup = staged;
            try (ModelChunks chunks = new ModelChunks(Thread.currentThread().getName() + "-map", run, reader,
                    () -> run.stoppedBy() == null && !run.isSealed() && !closing, chunk -> {
                        if (lookup != null) {
                            lookup.lookAhead(chunk.stream().map(MappedRecord::primaryKey).toList());
                        }
                    })) {
                for (List<MappedRecord> chunk; !(chunk = chunks.next()).isEmpty();) {
                    int sent = handOver(chunk, Collections.nCopies(chunk.size(), run), modelClasses(chunk, run, staged));
                    chunks.handedOver(chunk.size(), sent);
                    progress.tick();
                    pipeline.completeEnded();
                }
            }
            if (closing && reader.hasNext()) {
                run.stoppedReading();
            }
            // a body read in part (a broken JSON text, a stop) is no snapshot: nothing is removed for it
            boolean readToTheEnd = reader.brokenOff() == null && !closing;
            if (run.controls().removesKeys(settings.snapshot()) && staged != null && run.stoppedBy() == null
                    && !run.isSealed() && readToTheEnd) {
                removals(run, staged);
            }
            type.endRun(run);
        } catch (RuntimeException e) {
            run.abort(e);
        } catch (Error e) {
            // the run fails (before, it was sealed as read to the end, and its exchange completed with a partial
            // report: 4,500 of 5,000 rows and no word); the loop logs the error and goes on with the next body
            run.abort(new IllegalStateException("The run stopped on an error of the JVM while reading the model: " + e, e));
            throw e;
        } finally {
            if (staged != null) {
                staged.finish();
            }
            if (!run.isSealed()) {
                run.seal();
            }
        }
    }

    /** After every answer about the model's records, the keys that left it, handled as the sync type says. */
    private void removals(SyncRun run, StateStore.Run staged) {
        if (!run.failedKeys.markSeen(staged, CHUNK)) {
            run.report()
                    .note(run.failedKeys.count() + " rows failed, more than the " + FailedKeys.MAX + " a run keeps the"
                            + " keys of: this snapshot removes nothing (a failed row is no removal)");
            return;
        }
        pipeline.awaitEverything();
        long removing = EmailCaseAliases.forget(pipeline, run, staged);
        if (type.removalsChangeIterable()
                && !RemovalSafeguard.allows(settings, run, staged, removing < 0 ? staged.countRemoved() : removing)) {
            return;
        }
        staged.removed(CHUNK, removed -> {
            run.report().removed.addAndGet(removed.size());
            type.removed(removed, run);
            pipeline.completeEnded();
        });
        pipeline.awaitEverything();
    }

    /** The records' classes: against the run's staged keys for a model, against the state alone for records. */
    private List<RecordClass> classify(List<MappedRecord> records, StateStore.Run staged) {
        if (records.isEmpty()) {
            return List.of();
        }
        if (pipeline.store() == null) {
            return Collections.nCopies(records.size(), RecordClass.NEW);
        }
        List<Fingerprint> fingerprints = new ArrayList<>(records.size());
        for (MappedRecord record : records) {
            // classification compares keys and hashes; the identity is stored on acknowledgement
            fingerprints.add(new Fingerprint(record.primaryKey(), record.hash(), null));
        }
        return staged != null ? staged.classify(fingerprints) : pipeline.store().classify(settings.syncId(), fingerprints);
    }

    /** A model chunk's classes: against its run's staged keys, then the versions a stream has on their way. */
    private List<RecordClass> modelClasses(List<MappedRecord> chunk, SyncRun run, StateStore.Run staged) {
        List<RecordClass> classes = classify(chunk, staged);
        return staged == null ? classes : pipeline.pendingVersions().correctModel(chunk, run, classes);
    }

    /**
     * Counts each record's class in its run's report and hands the new and changed ones to the sync type.
     *
     * @return how many records are to be sent: the new and changed ones, as their runs' controls have them
     */
    private int handOver(List<MappedRecord> records, List<SyncRun> owners, List<RecordClass> classes) {
        Map<SyncRun, List<Classified>> toSync = Classified.counted(records, owners, classes);
        int sent = 0;
        for (List<Classified> classified : toSync.values()) {
            sent += classified.size();
        }
        toSync.forEach((run, classified) -> {
            if (run.isSealed()) {
                return;
            }
            try {
                type.accept(classified, run);
            } catch (RuntimeException e) {
                run.abort(e);
            }
        });
        return sent;
    }
}
