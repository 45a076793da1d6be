package io.github.cameliterable.sync;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.cameliterable.client.ApiCall;
import io.github.cameliterable.client.ApiResponse;
import io.github.cameliterable.client.IterableApiException;
import io.github.cameliterable.client.IterableClient;
import io.github.cameliterable.mapping.FieldMapping;
import io.github.cameliterable.mapping.InvalidRecordException;
import io.github.cameliterable.mapping.JsonBytes;
import io.github.cameliterable.mapping.MappedRecord;
import io.github.cameliterable.mapping.RecordReader;
import io.github.cameliterable.mapping.SourceRecord;
import io.github.cameliterable.mapping.UnreadableRecordException;
import io.github.cameliterable.state.Fingerprint;
import org.apache.camel.spi.IdempotentRepository;

/**
 * One exchange's run, as the sync types see it: its report, and the items, skips and failures of its records (in the
 * shared batches); it ends when the body is read and every item has an outcome, and completes once stored.
 */
public final class SyncRun {
    private final SyncPipeline pipeline;
    private final SyncReport report;
    private final String routeId;
    private volatile RunControls controls; // what the exchange asks of this run (issue 12): confirm removals, resync
    private final CompletableFuture<SyncReport> result = new CompletableFuture<>();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean open = new AtomicBoolean(true); // among the pipeline's open runs until it completes
    private volatile boolean sealed;
    private volatile RuntimeException failure;
    private volatile IterableApiException stopped;
    private volatile Kept kept; // the positions a claimed chunk keeps in the durable intake (keepDeferred), or null
    private volatile boolean stoppedReading;
    final FailedKeys failedKeys = new FailedKeys(); // a model's rows that failed as they were mapped: still in it
    private final ItemOutcomes outcomes;

    SyncRun(SyncPipeline pipeline, String routeId, RunControls controls) {
        this.pipeline = pipeline;
        this.routeId = routeId;
        this.controls = controls;
        this.outcomes = new ItemOutcomes(this, pipeline);
        this.report = new SyncReport(pipeline.type().name(), pipeline.settings().syncId(), pipeline.settings().dryRun());
        pipeline.runOpened(this);
    }

    public IterableClient client() {
        return pipeline.requests().client();
    }

    public ObjectMapper json() {
        return pipeline.json();
    }

    public FieldMapping mapping() {
        return pipeline.mapping();
    }

    public SyncReport report() {
        return report;
    }

    RunControls controls() {
        return controls;
    }

    /** From now on the run sends every record as new and removes nothing: what it sends to was created empty. */
    void resync(String why) {
        controls = new RunControls(controls.confirmRemovals(), true, controls.reset(), controls.messages());
        report.note(why);
    }

    /** The id of the route whose exchange started this run, or null. */
    public String routeId() {
        return routeId;
    }

    public boolean isDryRun() {
        return pipeline.settings().dryRun();
    }

    /** The first-seen repository of this sync, for actions done once per primary key ever. */
    public IdempotentRepository firstSeen() {
        if (pipeline.firstSeen() == null) {
            throw new IllegalStateException("This sync type needs a first-seen repository");
        }
        return pipeline.firstSeen();
    }

    /** The endpoint's batcher of a bulk operation, shared by all its runs. */
    public Batcher batcher(BulkOperation operation) {
        return pipeline.batches().of(operation);
    }

    /** An item for a record: on success its fingerprint is acknowledged to the state; on failure it is reported. */
    public Item item(MappedRecord record, String matchKey, ObjectNode body) {
        return item(record, matchKey, body, null, null);
    }

    /** As {@link #item(MappedRecord, String, ObjectNode)}, with hooks run after the outcome (first-seen confirm). */
    public Item item(MappedRecord record, String matchKey, ObjectNode body, Runnable afterSuccess, Runnable afterFailure) {
        byte[] bytes = jsonBytes().write(body);
        return item(record, matchKey, Item.topLevel(body, "email"), Item.topLevel(body, "userId"), bytes, bytes, null,
                null, afterSuccess, afterFailure);
    }

    /** An item written without a tree: its JSON, or a head, the data fields' JSON and a tail ({@link Item#writeTo}). */
    Item item(MappedRecord record, String matchKey, String email, String userId, byte[] json, byte[] fields, byte[] tail) {
        return item(record, matchKey, email, userId, fields == null ? json : null, json, fields, tail, null, null);
    }

    /** An item whose request bytes are not its JSON alone (catalog documents are keyed by item id). */
    Item item(MappedRecord record, String matchKey, byte[] json, byte[] bytes) {
        return item(record, matchKey, null, null, json, bytes, null, null, null, null);
    }

    private Item item(MappedRecord record, String matchKey, String email, String userId, byte[] json, byte[] bytes,
            byte[] fields, byte[] tail, Runnable afterSuccess, Runnable afterFailure) {
        // the item keeps the fingerprint, not the record: a waiting batch must not hold its records' trees
        Fingerprint fingerprint = pipeline.store() != null && !isDryRun() ? fingerprint(record) : null;
        outstanding.incrementAndGet();
        return new Item(this, record.index(), record.primaryKey(), matchKey, email, userId, json, bytes, fields, tail,
                fingerprint, outcomes.records(afterSuccess, afterFailure));
    }

    /** An item for a removal: on success the key leaves the state. */
    public Item removalItem(Fingerprint removed, String matchKey, ObjectNode body) {
        outstanding.incrementAndGet();
        byte[] bytes = jsonBytes().write(body);
        return new Item(this, 0, removed.primaryKey(), matchKey, Item.topLevel(body, "email"),
                Item.topLevel(body, "userId"), bytes, bytes, null, outcomes.removals);
    }

    /** Keys that left the model and need nothing done in Iterable: forgotten at once. */
    public void forgetRemoved(List<Fingerprint> removed) {
        if (!isDryRun()) {
            removed.forEach(r -> pipeline.acknowledgements().removal(r.primaryKey()));
        }
    }

    /** The endpoint or its CamelContext stops: a sync type that waits gives up waiting. */
    boolean isStopping() {
        return pipeline.isStopping();
    }

    /** A record with nothing to do (not an error): counted, and its reason listed once. */
    public void skip(String reason) {
        report.skip(reason);
    }

    /** A record that fails before any call. */
    public void fail(MappedRecord record, String field, String reason) {
        report.fail(record.index(), record.primaryKey(), field, reason);
    }

    /** A record the sync type found invalid (a value against Iterable's rules): failed before any call, counted so. */
    public void invalid(MappedRecord record, String field, String reason) {
        report.invalid.incrementAndGet();
        fail(record, field, reason);
    }

    /** A record with nothing to do for its class (a changed cart row): skipped, its content stored not to resend it. */
    public void settle(MappedRecord record, String reason) {
        report.skip(reason);
        if (pipeline.store() != null && !isDryRun()) {
            pipeline.acknowledgements().record(fingerprint(record));
        }
    }

    /** A record held back for a later run (a daily cap): not acknowledged, so it is offered again. */
    public void defer(MappedRecord record) {
        report.deferred.incrementAndGet();
        if (kept != null) {
            kept.deferred().add(record.index());
        }
    }

    /** Positions of a chunk's records that stay in the durable intake: deferred (a daily cap), never answered. */
    record Kept(List<Long> deferred, List<Long> unanswered) {
    }

    /** The positions of deferred records, and of records Iterable never answered, are kept (durable intake). */
    void keepDeferred() {
        kept = new Kept(Collections.synchronizedList(new ArrayList<>()), Collections.synchronizedList(new ArrayList<>()));
    }

    /** What the run kept ({@link #keepDeferred}); empty when it keeps nothing. */
    Kept kept() {
        return kept == null ? new Kept(List.of(), List.of()) : kept;
    }

    void noteUnanswered(long index) {
        report.unanswered.incrementAndGet();
        if (kept != null) {
            kept.unanswered().add(index);
        }
    }

    /** Reads and maps the next record; an unreadable or invalid one fails alone (null); the hash may wait (hashed). */
    MappedRecord map(RecordReader reader, boolean hash) {
        report.received.incrementAndGet();
        SourceRecord row;
        try {
            row = reader.next();
        } catch (UnreadableRecordException e) {
            report.invalid.incrementAndGet();
            // an element that cannot be a record (or a POJO value that does not convert) fails alone
            report.fail(e.index(), null, e.field(), e.reason());
            return null;
        }
        try {
            return mapping().map(row, hash);
        } catch (InvalidRecordException e) {
            report.invalid.incrementAndGet();
            String key = mapping().stateKey(row); // null when two columns match the key: the failure says so
            report.fail(row.index(), key, e.field(), e.reason());
            failedKeys.add(key);
            return null;
        }
    }

    /** The endpoint stopped while this model was read: its report says so. */
    void stoppedReading() {
        stoppedReading = true;
    }

    /** Claims a first-seen action for the record's key: true when never done nor in flight (a dry run only checks). */
    public boolean claimFirstSeen(MappedRecord record) {
        return isDryRun() ? !firstSeen().contains(record.primaryKey()) : firstSeen().add(record.primaryKey());
    }

    /** An item for a claimed first-seen action: confirmed when Iterable acknowledged it, released when it failed. */
    public Item firstSeenItem(MappedRecord record, String matchKey, ObjectNode body) {
        String key = record.primaryKey();
        return item(record, matchKey, body,
                () -> {
                    if (!isDryRun()) {
                        firstSeen().confirm(key);
                    }
                },
                () -> {
                    if (!isDryRun()) {
                        firstSeen().remove(key);
                    }
                });
    }

    /** A single call for one item (no bulk endpoint, such as trackPurchase), under the endpoint's request slots. */
    public void callFor(Item item, ApiCall call) {
        pipeline.requests().callFor(item, call);
    }

    /** A read-only call (lookups), under the same request slots; the future completes with the answer. */
    public CompletableFuture<ApiResponse> read(ApiCall call) {
        return pipeline.requests().read(call, this);
    }

    /** The run stopped early (a refused API key), or null. */
    public IterableApiException stoppedBy() {
        return stopped;
    }

    void stop(IterableApiException reason) {
        if (stopped == null) {
            stopped = reason;
            SyncPipeline.LOG.error("Iterable sync '{}' stopped: {}. Check the API key (it needs server-side permissions).",
                    report.getSyncId(), reason.getMessage());
        }
    }

    /** Why a record queued after the run stopped was not sent. */
    String notSentReason() {
        return "not sent: the run stopped when Iterable refused the API key (" + stopped.status() + ")";
    }

    /** What the state keeps of a record: enough to address it, and clear its fields, after it left the model. */
    Fingerprint fingerprint(MappedRecord record) {
        // {"email":...,"userId":...,"key":...,"fields":[...]}, written without a tree (it was a fifth of a first run)
        return new Fingerprint(record.primaryKey(), record.hash(), record.identity().toJson(record.dataFields().names()));
    }

    /** The pipeline's writer of JSON: trees, a record's data fields, bodies written without a tree. */
    JsonBytes jsonBytes() {
        return pipeline.jsonBytes();
    }

    /** The run loop's: the body is read and every record handed over; the run ends when its last item has an outcome. */
    void seal() {
        sealed = true;
        endIfDone();
    }

    /** The run could not go on (an unreadable body, a state store error): it ends with this failure. */
    void abort(RuntimeException cause) {
        failure = cause;
        seal();
    }

    /** Why the run could not go on, or null. */
    RuntimeException failure() {
        return failure;
    }

    boolean isSealed() {
        return sealed;
    }

    void itemDone() {
        outstanding.decrementAndGet();
        endIfDone();
    }

    private void endIfDone() {
        if (sealed && outstanding.get() == 0 && ended.compareAndSet(false, true)) {
            pipeline.ended(this);
        }
    }

    /** The run ends now with {@code cause}, whatever is in flight: an Error of the JVM left outcomes that never come. */
    void giveUp(RuntimeException cause) {
        if (!ended.get()) { // a run whose outcomes are all in completes as it is (a queued one, at once)
            outstanding.set(0);
            abort(failure != null ? failure : cause);
        }
    }

    /** A run that only queued its records in the durable intake: it completes at once. */
    void completeQueued(RuntimeException cause, Consumer<SyncReport> onEnded) {
        ended.set(true);
        failure = cause;
        complete(null, onEnded);
    }

    /** Called once its acknowledgements are written (or at once, when it only queued): the exchange gets its report. */
    void complete(RuntimeException stateFailure, Consumer<SyncReport> onEnded) {
        if (open.compareAndSet(true, false)) {
            pipeline.runClosed(this);
        }
        report.finish();
        if (stopped != null) {
            report.fatal(stopped.getMessage());
        } else if (stoppedReading) {
            report.fatal("the endpoint stopped during the run: it read " + report.getReceived() + " records and committed"
                    + " what Iterable acknowledged; the next run offers the rest again");
        }
        try {
            onEnded.accept(report);
        } catch (RuntimeException e) {
            SyncPipeline.LOG.warn("Iterable sync '{}': reporting a run's end failed: {}", report.getSyncId(), e.toString());
        }
        RuntimeException cause = failure != null ? failure : stateFailure;
        if (cause != null) {
            result.completeExceptionally(cause);
        } else {
            result.complete(report);
        }
    }

    CompletableFuture<SyncReport> result() {
        return result;
    }
}
