package io.github.cameliterable.sync;

import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One record's part of a request: its JSON, serialized once for byte packing, the identifier Iterable names it by
 * in {@code failedUpdates}, and what to do when Iterable answers for it. Completes exactly once.
 */
public final class Item {
    private final long index;
    private final String primaryKey;
    private final String matchKey;
    private final ObjectNode json;
    private final byte[] bytes;
    private final Runnable onSuccess;
    private final BiConsumer<String, String> onFailure;
    private boolean done;

    Item(long index, String primaryKey, String matchKey, ObjectNode json, byte[] bytes, Runnable onSuccess,
         BiConsumer<String, String> onFailure) {
        this.index = index;
        this.primaryKey = primaryKey;
        this.matchKey = matchKey;
        this.json = json;
        this.bytes = bytes;
        this.onSuccess = onSuccess;
        this.onFailure = onFailure;
    }

    /** The same item with other request bytes. */
    Item(Item item, byte[] bytes) {
        this(item.index, item.primaryKey, item.matchKey, item.json, bytes, item.onSuccess, item.onFailure);
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

    public ObjectNode json() {
        return json;
    }

    public byte[] bytes() {
        return bytes;
    }

    public synchronized void succeed() {
        if (!done) {
            done = true;
            onSuccess.run();
        }
    }

    public synchronized void fail(String field, String reason) {
        if (!done) {
            done = true;
            onFailure.accept(field, reason);
        }
    }

    public synchronized boolean isDone() {
        return done;
    }
}
