package io.github.cameliterable.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.cameliterable.client.ApiResponse;
import io.github.cameliterable.client.Failures;
import io.github.cameliterable.client.RetrySettings;
import io.github.cameliterable.state.Fingerprint;

/**
 * One record's part of a request: its JSON, serialized once for byte packing, the identifiers Iterable names it by
 * in {@code failedUpdates}, and what to do when Iterable answers for it. Completes exactly once. Only the bytes are
 * kept, not the JSON tree: batches waiting for the rate limiter then hold little more than their request bodies.
 * What an answer does is its run's {@link Outcome}, shared by the run's items: not two callbacks made for each
 * record (a dry run's allocation, docs/performance.md).
 */
public final class Item {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What Iterable's answer for an item does, once: a run's, for its records or for its removals. */
    interface Outcome {
        void succeeded(Item item);

        void failed(Item item, String field, String reason);
    }

    private final SyncRun run;
    private final long index;
    private final String primaryKey;
    private final String matchKey;
    private final String email;
    private final String userId;
    private byte[] jsonBytes;
    /** The request bytes; their head when {@link #fields} is not null; null once {@link #packedIn} a body. */
    private byte[] bytes;
    /**
     * The record's data fields' JSON, between {@link #bytes} and {@link #tail} (a user: its identifiers, the fields,
     * its flags), not copied into an array of the item's own: that copy was a tenth of what a dry run allocated.
     */
    private byte[] fields;
    private byte[] tail;
    /**
     * The request body that holds the item's bytes from {@link #packedAt}, {@link #packedLength} of them, once
     * {@link #packedIn} it; null before. Set before the body is sent, by the thread that sends it.
     */
    private byte[] packed;
    private int packedAt;
    private int packedLength;
    /** What the state acknowledges when the item succeeds, or null. */
    private final Fingerprint fingerprint;
    private final Outcome outcome;
    private boolean done;
    /** Made when a sync type asks for it ({@link #finished}): one sync type of seven waits on its items. */
    private CompletableFuture<Void> finished;

    /**
     * An item: its body's top-level email and userId (null: none), its JSON, and its request bytes (the JSON, or a
     * catalog document's keyed form).
     */
    Item(SyncRun run, long index, String primaryKey, String matchKey, String email, String userId,
            byte[] jsonBytes, byte[] bytes, Fingerprint fingerprint, Outcome outcome) {
        this(run, index, primaryKey, matchKey, email, userId, jsonBytes, bytes, null, null, fingerprint, outcome);
    }

    /**
     * As above, the request bytes in three parts: {@code bytes}, then the data fields' JSON {@code fields} and a
     * {@code tail} (both null: the bytes alone); {@code jsonBytes} null when the parts are the JSON.
     */
    Item(SyncRun run, long index, String primaryKey, String matchKey, String email, String userId, byte[] jsonBytes,
            byte[] bytes, byte[] fields, byte[] tail, Fingerprint fingerprint, Outcome outcome) {
        this.run = run;
        this.index = index;
        this.primaryKey = primaryKey;
        this.matchKey = matchKey;
        this.email = email;
        this.userId = userId;
        this.jsonBytes = jsonBytes;
        this.bytes = bytes;
        this.fields = fields;
        this.tail = tail;
        this.fingerprint = fingerprint;
        this.outcome = outcome;
    }

    /** The same item with other request bytes (a catalog document keyed by its id). */
    Item(Item item, byte[] bytes) {
        this(item.run, item.index, item.primaryKey, item.matchKey, item.email, item.userId, item.jsonBytes, bytes,
                item.fingerprint, item.outcome);
    }

    /** A body's top-level text field ({@code email}, {@code userId}), or null. */
    static String topLevel(ObjectNode body, String field) {
        return body.path(field).asText(null);
    }

    /** The run (one exchange) whose record this is. */
    public SyncRun run() {
        return run;
    }

    public long index() {
        return index;
    }

    public String primaryKey() {
        return primaryKey;
    }

    /** The identifier (email, userId, item id) Iterable uses for this record in its answers. */
    public String matchKey() {
        return matchKey;
    }

    /** The item's top-level {@code email}, or null. */
    public String email() {
        return email;
    }

    /** The item's top-level {@code userId}, or null. */
    public String userId() {
        return userId;
    }

    /** The item's JSON, parsed again from its bytes: for the rare answers that need a field's value. */
    public JsonNode json() {
        try {
            return JSON.readTree(jsonBytes != null ? jsonBytes : bytes());
        } catch (IOException e) {
            throw new UncheckedIOException("An item's own JSON always parses", e);
        }
    }

    /** The request bytes, in one array: the item's own, or its parts copied together (a rare answer's need). */
    public byte[] bytes() {
        if (fields == null && packed == null) {
            return bytes;
        }
        byte[] whole = new byte[size()];
        writeTo(whole, 0);
        return whole;
    }

    /** How many request bytes the item has. */
    int size() {
        if (packed != null) {
            return packedLength;
        }
        return bytes.length + (fields == null ? 0 : fields.length + tail.length);
    }

    /**
     * The item's bytes are in {@code body} from {@code at} (a bulk request's, which stays until every item of it is
     * answered): the item lets go of its own, so that a record waiting for its answer holds its key, hash and
     * identity and not its JSON a second time. Records wait for their answers for seconds behind the rate limit, long
     * enough to be moved into the old generation: their own arrays were a third of what a first run's heap kept
     * growing by (docs/performance.md, scenario 1). Returns where they end, as {@link #writeTo} does.
     */
    int packedIn(byte[] body, int at) {
        int length = size();
        if (jsonBytes == bytes && fields == null) {
            jsonBytes = null; // the bytes were the JSON: json() reads them from the body
        }
        packedLength = length;
        packedAt = at;
        packed = body;
        bytes = null;
        fields = null;
        tail = null;
        return at + length;
    }

    /** Copies the request bytes into {@code body} at {@code at}; returns where they end. */
    int writeTo(byte[] body, int at) {
        if (packed != null) {
            System.arraycopy(packed, packedAt, body, at, packedLength);
            return at + packedLength;
        }
        System.arraycopy(bytes, 0, body, at, bytes.length);
        int end = at + bytes.length;
        if (fields != null) {
            System.arraycopy(fields, 0, body, end, fields.length);
            end += fields.length;
            System.arraycopy(tail, 0, body, end, tail.length);
            end += tail.length;
        }
        return end;
    }

    /** What the state acknowledges when the item succeeds, or null (no state, a dry run, a removal). */
    Fingerprint fingerprint() {
        return fingerprint;
    }

    public synchronized void succeed() {
        if (!done) {
            done = true;
            outcome.succeeded(this);
            completeFinished();
        }
    }

    public synchronized void fail(String field, String reason) {
        if (!done) {
            done = true;
            outcome.failed(this, field, reason);
            completeFinished();
        }
    }

    /** Nothing done for the record, and nothing wrong (a user update mode does not create): skipped, not stored. */
    synchronized void skip(String reason) {
        if (!done) {
            done = true;
            run.skip(reason);
            run.itemDone();
            completeFinished();
        }
    }

    /** Completes once the item is done, whichever way (a sync type that orders a user's calls waits on it). */
    synchronized CompletableFuture<Void> finished() {
        if (finished == null) {
            finished = done ? CompletableFuture.completedFuture(null) : new CompletableFuture<>();
        }
        return finished;
    }

    private void completeFinished() {
        if (finished != null) {
            finished.complete(null);
        }
    }

    /**
     * No answer came from Iterable after every retry: {@link #unanswered}, with the failure named. An Error (a class
     * missing or of another version on the application's classpath) is no network trouble: the request may well have
     * been answered, so the record fails instead of staying queued to be sent again and again.
     */
    void noAnswer(Throwable failure) {
        if (Failures.cause(failure) instanceof Error) {
            fail(null, "the request failed inside the component, not in the network: " + Failures.describe(failure));
            return;
        }
        unanswered("no answer from Iterable after retries: " + Failures.describe(failure));
    }

    /**
     * Iterable's last answer, not a success, for a request of this item alone or of its batch: a status worth retrying
     * (after every retry) leaves the item {@link #unanswered}, any other fails it; the reason names the status, the
     * code and the message.
     */
    void answeredWith(ApiResponse response) {
        int status = response.status();
        boolean retryable = RetrySettings.isRetryable(status);
        String reason = "Iterable answered " + status + (response.code() == null ? "" : " " + response.code())
                + (retryable ? " after all retries" : "") + (response.msg() == null ? "" : ": " + response.msg());
        if (retryable) {
            unanswered(reason);
        } else {
            fail(null, reason);
        }
    }

    /**
     * Iterable gave no answer after every retry (none came, or a status worth retrying): fails with the reason, and
     * the run notes it, so that a record of the durable intake stays queued for a later claim instead of failing.
     */
    private synchronized void unanswered(String reason) {
        if (!done) {
            run.noteUnanswered(index);
            fail(null, reason);
        }
    }

    public synchronized boolean isDone() {
        return done;
    }
}
