package io.github.cameliterable.sync;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.cameliterable.client.ApiEndpoint;
import io.github.cameliterable.client.ApiResponse;
import io.github.cameliterable.mapping.FieldTypeMismatch;

/**
 * Packs items into requests by serialized bytes and by count, sends them, and turns Iterable's answer into each
 * item's outcome. A 413 splits the request in halves down to one record; a type mismatch fails exactly the records
 * holding the offending values (found from {@code validationErrors}, or by splitting) and sends the rest again.
 * One batcher serves every run of an endpoint: records of many exchanges share a request, which leaves when full,
 * when its first record has waited the linger time, or when the endpoint drains.
 */
public final class Batcher {
    private final BulkOperation operation;
    private final Requests requests;
    private final long maxBytes;
    private final int maxItems;
    private final long envelopeBytes;
    private List<Item> pending = new ArrayList<>();
    private long pendingBytes;
    /**
     * The pending request's body as its items come, each copied while its bytes are fresh in the cache: walking a
     * full batch's items to copy them at the end was a sixth of the run loop's work. Kept from request to request.
     */
    private byte[] body = new byte[0];
    private int bodyLength;
    private final byte[] prefix;
    private final byte[] suffix;
    /** When the first pending item came, for the linger time. */
    private long pendingSince;
    /** The keys of the endpoint's requests in flight: a request waits for an earlier one holding a key of its own. */
    private final KeysInFlight inFlight;

    Batcher(BulkOperation operation, Requests requests, long maxBytes, int maxItems, KeysInFlight inFlight) {
        this.operation = operation;
        this.inFlight = inFlight;
        this.requests = requests;
        this.maxBytes = maxBytes;
        this.maxItems = maxItems;
        this.envelopeBytes = operation.envelope(List.of()).length;
        this.prefix = operation.prefix().getBytes(StandardCharsets.UTF_8);
        this.suffix = operation.suffix().getBytes(StandardCharsets.UTF_8);
    }

    /** Adds items as {@link #add} does, under one hold of the batcher's lock: a chunk's, not one for each record. */
    public synchronized void addAll(List<Item> items) {
        for (Item item : items) {
            add(item);
        }
    }

    /** Adds an item, sending the pending request first when the item would not fit in it. */
    public synchronized void add(Item item) {
        long size = item.size();
        if (envelopeBytes + size > maxBytes) {
            item.fail(null, "the record is " + size + " bytes as JSON; a request to " + operation.endpoint().pathTemplate()
                    + " takes at most " + maxBytes + " bytes");
            return;
        }
        if (!pending.isEmpty()
                && (envelopeBytes + pendingBytes + pending.size() + size > maxBytes || pending.size() >= maxItems)) {
            flush();
        }
        if (pending.isEmpty()) {
            pendingSince = System.nanoTime();
            bodyLength = 0;
            room(prefix.length);
            System.arraycopy(prefix, 0, body, 0, prefix.length);
            bodyLength = prefix.length;
        }
        append(item, !pending.isEmpty());
        pending.add(item);
        pendingBytes += size;
    }

    private void append(Item item, boolean comma) {
        room(item.size());
        if (comma) {
            body[bodyLength++] = ',';
        }
        bodyLength = item.writeTo(body, bodyLength);
    }

    private void room(int bytes) {
        int needed = bodyLength + bytes + 1 + suffix.length;
        if (needed > body.length) {
            body = Arrays.copyOf(body, (int) Math.min(Math.max(needed, 2L * body.length), Integer.MAX_VALUE - 8));
        }
    }

    ApiEndpoint endpoint() {
        return operation.endpoint();
    }

    /** When the pending request's first record came ({@link System#nanoTime()}), or null when nothing waits. */
    synchronized Long pendingSince() {
        return pending.isEmpty() ? null : pendingSince;
    }

    /**
     * Sends what is pending, waiting for a free request slot, and first for the requests in flight that hold one of
     * its keys ({@link KeysInFlight}).
     */
    public synchronized void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<Item> batch = pending;
        pending = new ArrayList<>(batch.size()); // the next batch about as large: not grown twenty times over
        pendingBytes = 0;
        System.arraycopy(suffix, 0, body, bodyLength, suffix.length);
        byte[] whole = Arrays.copyOf(body, bodyLength + suffix.length);
        // each item's bytes are now in the body, where append wrote them: after the prefix, a comma between two
        int at = prefix.length;
        for (Item item : batch) {
            at = item.packedIn(whole, at) + 1;
        }
        countSent(batch);
        if (requests.isDryRun()) {
            requests.slots().hold(() -> dispatch(batch, whole)); // nothing reaches Iterable: no order to keep
            return;
        }
        Object hold = inFlight.awaitAndHold(batch);
        requests.slots().hold(() -> {
            CompletableFuture<Void> sent;
            try {
                sent = dispatch(batch, whole);
            } catch (RuntimeException e) {
                inFlight.release(hold);
                throw e;
            }
            return sent.whenComplete((ignored, failure) -> inFlight.release(hold));
        });
    }

    private CompletableFuture<Void> dispatch(List<Item> batch) {
        return dispatch(batch, null);
    }

    /** Sends the items; {@code whole} is their body when already built ({@link #flush}), or null. */
    private CompletableFuture<Void> dispatch(List<Item> batch, byte[] whole) {
        if (requests.isDryRun()) {
            Requests.countDryRun(whole != null ? whole.length : operation.envelope(batch).length, runsOf(batch));
            batch.forEach(Item::succeed);
            return CompletableFuture.completedFuture(null);
        }
        List<Item> items = new ArrayList<>(batch.size());
        for (Item item : batch) {
            if (item.run().stoppedBy() != null) {
                item.fail(null, item.run().notSentReason());
            } else {
                items.add(item);
            }
        }
        if (items.isEmpty()) {
            return done();
        }
        byte[] body = whole != null && items.size() == batch.size() ? whole : operation.envelope(items);
        return requests.send(operation.call(body), runsOf(items))
                .handle((response, failure) -> {
                    if (failure != null) {
                        items.forEach(item -> item.noAnswer(failure));
                        return CompletableFuture.<Void> completedFuture(null);
                    }
                    return answer(items, response);
                })
                .thenCompose(next -> next);
    }

    private CompletableFuture<Void> answer(List<Item> items, ApiResponse response) {
        int status = response.status();
        if (response.isSuccess()) {
            operation.applyAnswer(response, items);
            return done();
        }
        if (response.isAuthFailure()) {
            runsOf(items).forEach(run -> run.stop(response.toException()));
            failAll(items, "Iterable refused the API key (" + status + " " + response.code() + ")");
            return done();
        }
        if (status == 413) {
            if (items.size() == 1) {
                failAll(items, "Iterable refused the record as too large (413); it is " + items.get(0).size()
                        + " bytes as JSON");
                return done();
            }
            return split(items);
        }
        if (status == 400 && "RequestFieldsTypesMismatched".equals(response.code())) {
            return isolateMismatch(items, response);
        }
        if (status == 400 || status == 409) {
            if (items.size() == 1) {
                failAll(items, "Iterable refused it: " + status + " " + response.code() + ": " + response.msg());
                return done();
            }
            return split(items);
        }
        items.forEach(item -> item.answeredWith(response));
        return done();
    }

    /** The halves one after the other: a key in both (two versions of a record) lands in the order it came. */
    private CompletableFuture<Void> split(List<Item> items) {
        int half = items.size() / 2;
        List<Item> second = new ArrayList<>(items.subList(half, items.size()));
        return dispatch(new ArrayList<>(items.subList(0, half))).exceptionally(failure -> null)
                .thenCompose(ignored -> dispatch(second));
    }

    /**
     * Iterable names each mismatched field with its expected type and the values it saw; the records holding those
     * values fail with that reason and the others are sent again. When no record can be pinned down, halves are
     * tried instead, so one bad value costs a few calls, never the batch.
     */
    private CompletableFuture<Void> isolateMismatch(List<Item> items, ApiResponse response) {
        JsonNode errors = response.params().path("validationErrors");
        // items keep only their bytes: parse each once for this answer
        List<JsonNode> fieldsOf = new ArrayList<>(items.size());
        String path = operation.dataFieldsPath();
        for (Item item : items) {
            fieldsOf.add(path.isEmpty() ? item.json() : item.json().path(path));
        }
        List<Item> offending = new ArrayList<>();
        List<FieldTypeMismatch> reasons = new ArrayList<>();
        errors.fields().forEachRemaining(entry -> {
            String field = entry.getKey();
            JsonNode error = entry.getValue();
            JsonNode values = error.path("offendingValue");
            // the first value belongs to the batch's first record; the ones after it are the offenders
            int from = values.size() > 1 ? 1 : 0;
            for (int i = from; i < values.size(); i++) {
                JsonNode value = values.get(i);
                // the records holding the value as Iterable quoted it, type and all (the number 7 fits a long field
                // the text "7" does not); by its text only when none holds it so
                List<Integer> holders = holders(items, fieldsOf, field, value, true);
                for (int k : holders.isEmpty() ? holders(items, fieldsOf, field, value, false) : holders) {
                    Item item = items.get(k);
                    if (!offending.contains(item)) {
                        offending.add(item);
                        reasons.add(new FieldTypeMismatch(field, value, error.path("expectedType").asText("?"),
                                "RequestFieldsTypesMismatched"));
                    }
                }
            }
        });
        if (offending.isEmpty()) {
            if (items.size() == 1 && errors.size() == 1) {
                // one record, one field: it is that field's value, whatever Iterable quoted of it
                Map.Entry<String, JsonNode> only = errors.fields().next();
                FieldTypeMismatch mismatch = new FieldTypeMismatch(only.getKey(), valueAt(fieldsOf.get(0), only.getKey()),
                        only.getValue().path("expectedType").asText("?"), "RequestFieldsTypesMismatched");
                items.get(0).fail(mismatch.field(), mismatch.reason());
                return done();
            }
            if (items.size() == 1) {
                failAll(items, "Iterable refused it: RequestFieldsTypesMismatched: " + response.msg());
                return done();
            }
            return split(items);
        }
        for (int i = 0; i < offending.size(); i++) {
            offending.get(i).fail(reasons.get(i).field(), reasons.get(i).reason());
        }
        List<Item> rest = new ArrayList<>(items);
        rest.removeAll(offending);
        return rest.isEmpty() ? done() : dispatch(rest);
    }

    private static JsonNode valueAt(JsonNode fields, String field) {
        JsonNode node = fields;
        for (String part : field.split("\\.")) {
            node = node.path(part);
        }
        return node;
    }

    /** The indexes of the items whose {@code field} holds {@code value}: with its JSON type, or by its text alone. */
    private static List<Integer> holders(List<Item> items, List<JsonNode> fieldsOf, String field, JsonNode value,
            boolean typed) {
        List<Integer> holders = new ArrayList<>();
        for (int k = 0; k < items.size(); k++) {
            if (sameValue(valueAt(fieldsOf.get(k), field), value, typed)) {
                holders.add(k);
            }
        }
        return holders;
    }

    private static boolean sameValue(JsonNode held, JsonNode offending, boolean typed) {
        if (held.isMissingNode() || held.isNull()) {
            return false;
        }
        if (held.isArray()) {
            // Iterable types an array by its elements and quotes the offending elements, not the array
            for (JsonNode element : held) {
                if (sameValue(element, offending, typed)) {
                    return true;
                }
            }
        }
        if (held.equals(offending)) {
            return true;
        }
        if (!typed) {
            return held.isValueNode() && held.asText().equals(offending.asText());
        }
        // 7 as an int and 7 as a long are one number (Jackson's nodes of two classes are not equal)
        return held.isNumber() && offending.isNumber() && held.decimalValue().compareTo(offending.decimalValue()) == 0;
    }

    /** The runs of the items, in order; an item of the same run as the one before it is not looked up again. */
    private static Set<SyncRun> runsOf(List<Item> items) {
        Set<SyncRun> runs = new LinkedHashSet<>();
        SyncRun last = null;
        for (Item item : items) {
            if (item.run() != last) {
                last = item.run();
                runs.add(last);
            }
        }
        return runs;
    }

    /**
     * Counts the items sent in their runs' reports, once for each stretch of one run's items (an atomic increment an
     * item was 2% of a dry run's CPU; a batch is one run's, or a few runs' in turn on a shared endpoint).
     */
    private static void countSent(List<Item> batch) {
        SyncRun run = null;
        int count = 0;
        for (Item item : batch) {
            if (item.run() != run) {
                if (run != null) {
                    run.report().sent.addAndGet(count);
                }
                run = item.run();
                count = 0;
            }
            count++;
        }
        if (run != null) {
            run.report().sent.addAndGet(count);
        }
    }

    private static void failAll(List<Item> items, String reason) {
        items.forEach(item -> item.fail(null, reason));
    }

    private static CompletableFuture<Void> done() {
        return CompletableFuture.completedFuture(null);
    }
}
