package io.github.cameliterable.sync;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.cameliterable.client.ApiCall;
import io.github.cameliterable.client.ApiEndpoint;
import io.github.cameliterable.client.ApiResponse;
import io.github.cameliterable.client.Failures;
import io.github.cameliterable.client.IterableApiException;
import io.github.cameliterable.client.IterableClient;
import io.github.cameliterable.text.SafeText;
import io.github.cameliterable.mapping.FieldMapping;
import io.github.cameliterable.mapping.InvalidRecordException;
import io.github.cameliterable.mapping.MappedRecord;
import io.github.cameliterable.mapping.RecordReader;
import io.github.cameliterable.mapping.SourceRecord;
import io.github.cameliterable.mapping.UnreadableRecordException;
import io.github.cameliterable.state.Fingerprint;
import io.github.cameliterable.state.RecordClass;
import io.github.cameliterable.state.StateStore;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run: reads the body's records, maps and validates them, classifies them against the state, hands them to
 * the sync type, waits for Iterable's answers, handles the keys that left the model, and commits to the state only
 * what Iterable acknowledged. Reads on the calling thread; answers arrive on the HTTP client's threads, whose
 * acknowledgements are queued and written to the state by the calling thread, so no database call ever blocks an
 * answer.
 */
public final class SyncRun {
    private static final Logger LOG = LoggerFactory.getLogger(SyncRun.class);
    /** Records classified against the state in one round trip. */
    static final int CHUNK = 1000;
    /** Safety margin under an endpoint's byte limit: the limit is on the whole request as Iterable counts it. */
    static final long BYTE_MARGIN = 64 * 1024;

    private final RunSettings config;
    private final IterableClient client;
    private final SyncType type;
    private final FieldMapping mapping;
    private final ObjectMapper json;
    private final StateStore.Run state;
    private final IdempotentRepository firstSeen;
    private final SyncReport report;
    private final Semaphore slots;
    private final Map<BulkOperation, Batcher> batchers = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Fingerprint> acknowledged = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> removalsAcknowledged = new ConcurrentLinkedQueue<>();
    private volatile IterableApiException stopped;
    private volatile boolean stopReading;
    private final ProgressLog progress;
    private final String routeId;
    // safe syncs (issue 12): what the exchange asks, and the guard in front of removals
    private RunControls controls = RunControls.NONE;
    private final RemovalSafeguard safeguard;

    public SyncRun(RunSettings config, IterableClient client, SyncType type, FieldMapping mapping,
                   ObjectMapper json, StateStore.Run state, IdempotentRepository firstSeen, String syncId, String routeId) {
        this.routeId = routeId;
        this.config = config;
        this.client = client;
        this.type = type;
        this.mapping = mapping;
        this.json = json;
        this.state = state;
        this.firstSeen = firstSeen;
        this.report = new SyncReport(type.name(), syncId, config.dryRun());
        this.slots = new Semaphore(Math.max(1, config.maxConcurrentRequests()));
        this.progress = new ProgressLog(report);
        this.safeguard = new RemovalSafeguard(config.maxRemovalPercent(), config.allowEmptySnapshot());
    }

    /** What the exchange asks of this run (confirm removals, resync); none by default. */
    public SyncRun controls(RunControls controls) {
        this.controls = controls;
        return this;
    }

    public IterableClient client() {
        return client;
    }

    public ObjectMapper json() {
        return json;
    }

    public FieldMapping mapping() {
        return mapping;
    }

    public SyncReport report() {
        return report;
    }

    /** The id of the route whose exchange started this run, or null. */
    public String routeId() {
        return routeId;
    }

    public boolean isDryRun() {
        return config.dryRun();
    }

    /** The first-seen repository of this sync, for actions done once per primary key ever. */
    public IdempotentRepository firstSeen() {
        if (firstSeen == null) {
            throw new IllegalStateException("This sync type needs a first-seen repository");
        }
        return firstSeen;
    }

    /** Reads the whole body through the path and returns the report; {@code expectedRecords} is -1 when unknown. */
    public SyncReport execute(Object body, long expectedRecords) {
        try (RecordReader reader = RecordReader.of(body, json)) {
            if (state != null && controls.removesKeys(config.snapshot()) && reader.isSingleRecord()) {
                report.refuse(RemovalSafeguard.singleRecordRefusal(report.getSyncId()));
                state.finish();
                return report;
            }
            progress.total(expectedRecords > 0 ? expectedRecords : reader.knownSize());
            type.beginRun(this);
            // read ahead by count and by bytes: heap stays bounded whatever the size of a record
            ReadAhead readAhead = new ReadAhead(CHUNK, ReadAhead.MAX_BYTES);
            // a graceful stop (stopReading) ends the reading; what is in flight still completes and is committed
            while (stopped == null && !stopReading && reader.hasNext()) {
                SourceRecord row;
                try {
                    row = reader.next();
                } catch (UnreadableRecordException e) {
                    // an element that cannot be a record (or a POJO value that does not convert) fails alone
                    report.received.incrementAndGet();
                    report.invalid.incrementAndGet();
                    report.fail(e.index(), null, e.field(), e.reason());
                    continue;
                }
                report.received.incrementAndGet();
                MappedRecord mapped;
                try {
                    mapped = mapping.map(row);
                } catch (InvalidRecordException e) {
                    report.invalid.incrementAndGet();
                    report.fail(row.index(), primaryKeyOf(row), e.field(), e.reason());
                    continue;
                }
                if (readAhead.add(mapped)) {
                    process(readAhead.drain());
                }
            }
            process(readAhead.drain());
            flushBatches();
            awaitInFlight();
            // a body read in part (a broken JSON text, a stop) is no snapshot: nothing is removed for it
            boolean readToTheEnd = reader.brokenOff() == null && !stopReading;
            if (state != null && controls.removesKeys(config.snapshot()) && stopped == null && readToTheEnd
                && removalsAllowed()) {
                state.removed(CHUNK, removed -> {
                    report.removed.addAndGet(removed.size());
                    type.removed(removed, this);
                    drainAcknowledgements();
                });
                flushBatches();
                awaitInFlight();
            }
            type.endRun(this);
            flushBatches();
            awaitInFlight();
            drainAcknowledgements();
            if (state != null) {
                state.finish();
            }
        } finally {
            report.finish();
        }
        if (stopped != null) {
            report.fatal(stopped.getMessage());
        } else if (stopReading) {
            report.fatal("the endpoint stopped during the run: it read " + report.getReceived() + " records and committed"
                         + " what Iterable acknowledged; the next run offers the rest again");
        }
        return report;
    }

    /** A graceful stop: no further record is read; the calls in flight complete and their outcome is committed. */
    public void stopReading() {
        stopReading = true;
    }

    /** Asks the safeguard before any removal: a refusal fails the exchange (a dry run only notes it). */
    private boolean removalsAllowed() {
        if (!type.removalsChangeIterable()) {
            return true;
        }
        long removing = state.countRemoved();
        String refusal = removing == 0 ? null : safeguard.refusal(report.getSyncId(), report.getReceived(),
                state.countHeld(), removing, controls.confirmRemovals());
        if (refusal == null) {
            return true;
        }
        if (isDryRun()) {
            report.note("a real run would be refused: " + refusal);
        } else {
            report.refuse(refusal);
        }
        return false;
    }

    /** Why a record queued after the run stopped was not sent. */
    String notSentReason() {
        return "not sent: the run stopped when Iterable refused the API key (" + stopped.status() + ")";
    }

    /** The run stopped early (a refused API key), or null. */
    public IterableApiException stoppedBy() {
        return stopped;
    }

    private void process(List<MappedRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        List<RecordClass> classes;
        if (state == null) {
            classes = Collections.nCopies(records.size(), RecordClass.NEW);
        } else {
            // classifying reads keys and hashes; the identity is built only for what is sent and acknowledged
            List<Fingerprint> fingerprints = new ArrayList<>(records.size());
            for (MappedRecord record : records) {
                fingerprints.add(new Fingerprint(record.primaryKey(), record.hash(), null));
            }
            classes = controls.apply(state.classify(fingerprints));
        }
        List<Classified> toSync = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            RecordClass recordClass = classes.get(i);
            switch (recordClass) {
                case NEW -> report.newRecords.incrementAndGet();
                case CHANGED -> report.changed.incrementAndGet();
                case UNCHANGED -> report.unchanged.incrementAndGet();
                case DUPLICATE -> report.duplicate(records.get(i).primaryKey());
                default -> {
                }
            }
            if (recordClass == RecordClass.NEW || recordClass == RecordClass.CHANGED) {
                toSync.add(new Classified(records.get(i), recordClass));
            }
        }
        if (!toSync.isEmpty()) {
            type.accept(toSync, this);
        }
        drainAcknowledgements();
        progress.tick();
    }

    // --- what sync types use

    /** The batcher of a bulk operation, created on first use with the endpoint's and the options' caps. */
    public Batcher batcher(BulkOperation operation) {
        return batchers.computeIfAbsent(operation, op -> {
            ApiEndpoint endpoint = op.endpoint();
            long limit = endpoint.maxBodyBytes() > 0 ? endpoint.maxBodyBytes() - BYTE_MARGIN : Long.MAX_VALUE;
            long maxBytes = config.maxBatchBytes() > 0 ? Math.min(config.maxBatchBytes(), limit) : limit;
            int maxItems = config.batchSize() > 0 ? Math.min(config.batchSize(), endpoint.maxItems()) : endpoint.maxItems();
            return new Batcher(op, this, maxBytes, maxItems);
        });
    }

    /** An item for a record: on success its fingerprint is acknowledged to the state; on failure it is reported. */
    public Item item(MappedRecord record, String matchKey, ObjectNode body) {
        return item(record, matchKey, body, null, null);
    }

    /** As {@link #item(MappedRecord, String, ObjectNode)}, with hooks run after the outcome (first-seen confirm). */
    public Item item(MappedRecord record, String matchKey, ObjectNode body, Runnable afterSuccess, Runnable afterFailure) {
        // the callbacks keep the fingerprint, not the record: a waiting batch must not hold its records' trees
        Fingerprint fingerprint = state != null && !isDryRun() ? fingerprint(record) : null;
        long index = record.index();
        String primaryKey = record.primaryKey();
        return new Item(index, primaryKey, matchKey, body, serialize(body), () -> {
            if (!isDryRun()) {
                report.succeeded.incrementAndGet();
                if (fingerprint != null) {
                    acknowledged.add(fingerprint);
                }
            }
            if (afterSuccess != null) {
                afterSuccess.run();
            }
        }, (field, reason) -> {
            report.fail(index, primaryKey, field, reason);
            if (afterFailure != null) {
                afterFailure.run();
            }
        });
    }

    /** An item whose request bytes are not its JSON alone (catalog documents are keyed by item id). */
    Item item(MappedRecord record, String matchKey, ObjectNode body, byte[] bytes) {
        Item plain = item(record, matchKey, body);
        return new Item(plain, bytes);
    }

    /** An item for a removal: on success the key leaves the state. */
    public Item removalItem(Fingerprint removed, String matchKey, ObjectNode body) {
        return new Item(0, removed.primaryKey(), matchKey, body, serialize(body), () -> {
            if (!isDryRun()) {
                report.succeeded.incrementAndGet();
                removalsAcknowledged.add(removed.primaryKey());
            }
        }, (field, reason) -> report.fail(0, removed.primaryKey(), field, "removal failed: " + reason));
    }

    /** Keys that left the model and need nothing done in Iterable: forgotten at once. */
    public void forgetRemoved(List<Fingerprint> removed) {
        if (!isDryRun()) {
            removed.forEach(r -> removalsAcknowledged.add(r.primaryKey()));
        }
    }

    /** A record with nothing to do (not an error): counted, and its reason listed once. */
    public void skip(MappedRecord record, String reason) {
        report.skip(reason);
    }

    /** A record that fails before any call. */
    public void fail(MappedRecord record, String field, String reason) {
        report.fail(record.index(), record.primaryKey(), field, reason);
    }

    /**
     * A record with nothing to do in Iterable for its class (a changed cart row, a changed event without an id):
     * skipped, and its new content stored so that it is not offered again.
     */
    public void settle(MappedRecord record, String reason) {
        report.skip(reason);
        if (state != null && !isDryRun()) {
            acknowledged.add(fingerprint(record));
        }
    }

    /**
     * Claims a first-seen action for the record's primary key: true when it was never done (nor is in flight), and
     * from now on it is in flight. In a dry run nothing is claimed, only checked.
     */
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

    /** A record held back for a later run: not acknowledged, so the next run offers it again. */
    public void defer(MappedRecord record) {
        report.deferred.incrementAndGet();
    }

    /**
     * A single call for one item (no bulk endpoint, such as trackPurchase): waits for a request slot, sends, and
     * completes the item from the status.
     */
    public void callFor(Item item, ApiCall call) {
        report.sent.incrementAndGet();
        inFlight(() -> {
            if (isDryRun() && !"GET".equals(call.endpoint().method())) {
                countDryRunCall(call.bodyBytes());
                item.succeed();
                return CompletableFuture.completedFuture(null);
            }
            if (stopped != null) {
                item.fail(null, notSentReason());
                return CompletableFuture.completedFuture(null);
            }
            return send(call).handle((response, failure) -> {
                if (failure != null) {
                    item.fail(null, "no answer from Iterable after retries: " + Failures.describe(failure));
                } else if (response.isSuccess()) {
                    item.succeed();
                } else if (call.endpoint().alreadyDone(response.status(), response.code())) {
                    report.noteRecord("Iterable did not know the user (" + response.code() + "): counted as deleted");
                    item.succeed();
                } else {
                    if (response.isAuthFailure()) {
                        stop(response.toException());
                    }
                    item.fail(null, "Iterable answered " + response.status()
                                    + (response.code() == null ? "" : " " + response.code())
                                    + (response.msg() == null ? "" : ": " + response.msg()));
                }
                return null;
            });
        });
    }

    /** A read-only call (lookups), under the same request slots; the future completes with the answer. */
    public CompletableFuture<ApiResponse> read(ApiCall call) {
        CompletableFuture<ApiResponse> answer = new CompletableFuture<>();
        inFlight(() -> send(call).whenComplete((response, failure) -> {
            if (failure != null) {
                answer.completeExceptionally(failure);
            } else {
                if (response.isAuthFailure()) {
                    stop(response.toException());
                }
                answer.complete(response);
            }
        }).thenApply(r -> null));
        return answer;
    }

    /** Sends through the client, counting calls for the report. */
    CompletableFuture<ApiResponse> send(ApiCall call) {
        report.requestBytes.addAndGet(call.bodyBytes());
        return client.call(call);
    }

    /** Counted by the client's listener: every attempt, retries and 429s. */
    public void countAttempt(int attempt, int status) {
        report.apiCalls.incrementAndGet();
        if (attempt > 1) {
            report.retries.incrementAndGet();
        }
        if (status == 429) {
            report.rateLimited.incrementAndGet();
        }
    }

    void countSent(int records) {
        report.sent.addAndGet(records);
    }

    void countDryRunCall(long bytes) {
        report.apiCalls.incrementAndGet();
        report.requestBytes.addAndGet(bytes);
    }

    /** Runs work that makes requests, holding one of the run's request slots until it completes. */
    void inFlight(Supplier<CompletableFuture<Void>> work) {
        slots.acquireUninterruptibly();
        CompletableFuture<Void> future;
        try {
            future = work.get();
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
        future.whenComplete((ignored, failure) -> {
            slots.release();
            if (failure != null) {
                LOG.warn("A request of sync '{}' ended with an unexpected error: {}", report.getSyncId(), Failures.describe(failure));
            }
        });
    }

    void stop(IterableApiException reason) {
        if (stopped == null) {
            stopped = reason;
            LOG.error("Iterable sync '{}' stopped: {}. Check the API key (it needs server-side permissions).",
                    report.getSyncId(), reason.getMessage());
        }
    }

    private void flushBatches() {
        batchers.values().forEach(Batcher::flush);
    }

    private void awaitInFlight() {
        int all = Math.max(1, config.maxConcurrentRequests());
        slots.acquireUninterruptibly(all);
        slots.release(all);
    }

    private void drainAcknowledgements() {
        if (state == null) {
            return;
        }
        List<Fingerprint> done = new ArrayList<>();
        for (Fingerprint f; (f = acknowledged.poll()) != null;) {
            done.add(f);
        }
        if (!done.isEmpty()) {
            state.acknowledge(done);
        }
        List<String> removedKeys = new ArrayList<>();
        for (String key; (key = removalsAcknowledged.poll()) != null;) {
            removedKeys.add(key);
        }
        if (!removedKeys.isEmpty()) {
            state.acknowledgeRemoved(removedKeys);
        }
    }

    /** The identity {@link #fingerprint} stored for a key that left the model: email, userId, key and fields. */
    public JsonNode identityOf(Fingerprint removed) {
        try {
            return json.readTree(removed.identity());
        } catch (Exception e) {
            throw new IllegalStateException("The state holds an unreadable identity for key " + removed.primaryKey(), e);
        }
    }

    /** The identifier that matched the user, from a stored identity. */
    public static String keyValueOf(JsonNode identity) {
        return "userId".equals(identity.path("key").asText())
                ? identity.path("userId").asText(null) : identity.path("email").asText(null);
    }

    /** What the state keeps of a record: enough to address it, and clear its fields, after it left the model. */
    private Fingerprint fingerprint(MappedRecord record) {
        ObjectNode identity = json.createObjectNode();
        if (record.identity().email() != null) {
            identity.put("email", record.identity().email());
        }
        if (record.identity().userId() != null) {
            identity.put("userId", record.identity().userId());
        }
        identity.put("key", record.identity().key().name());
        var names = identity.putArray("fields");
        record.dataFields().fieldNames().forEachRemaining(names::add);
        return new Fingerprint(record.primaryKey(), record.hash(), identity.toString());
    }

    private String primaryKeyOf(SourceRecord row) {
        try {
            Object value = row.value(mapping.primaryKeyColumn());
            return value == null ? null : String.valueOf(value);
        } catch (InvalidRecordException e) {
            return null; // two columns match the key: the record's failure already says so
        }
    }

    byte[] serialize(ObjectNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            // IterableValues bounds every value's nesting before this, so a tree here always serializes
            throw new IllegalStateException("A JSON tree always serializes", e);
        }
    }
}
