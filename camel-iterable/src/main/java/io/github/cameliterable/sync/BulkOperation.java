package io.github.cameliterable.sync;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.cameliterable.client.ApiCall;
import io.github.cameliterable.client.ApiEndpoint;
import io.github.cameliterable.client.ApiResponse;
import io.github.cameliterable.client.BulkResponse;
import io.github.cameliterable.mapping.IterableRules;

/**
 * An Iterable call that carries many records: the request around the items ({@code {"users":[...]}}), the limits of
 * the endpoint, and how a successful answer maps back to each item. Sync types describe their bulk calls with this;
 * the {@link Batcher} packs and sends them.
 */
public interface BulkOperation {

    ApiEndpoint endpoint();

    /** The text before the first item, such as <code>{"users":[</code>. */
    String prefix();

    /** The text after the last item, such as <code>],"createNewFields":true}</code>. */
    String suffix();

    /** Where an item keeps its data fields, for finding the value a type mismatch names; empty: the item itself. */
    default String dataFieldsPath() {
        return "dataFields";
    }

    /** The call for a body (resolves path parameters such as the catalog name). */
    default ApiCall call(byte[] body) {
        return ApiCall.of(endpoint(), body);
    }

    /**
     * Applies a 2xx answer to the items: by default Iterable's bulk answer, where {@code failedUpdates} names the
     * refused identifiers by reason and everything else succeeded.
     */
    default void applyAnswer(ApiResponse response, List<Item> items) {
        BulkResponse answer = response.as(BulkResponse.class);
        Map<String, String> refused = new HashMap<>();
        if (answer != null && answer.failedUpdates != null) {
            answer.failedUpdates.byReason()
                    .forEach((reason, identifiers) -> identifiers
                            .forEach(id -> refused.putIfAbsent(normalize(id), BulkResponse.describe(reason))));
        }
        for (Item item : items) {
            String reason = refusal(refused, item.matchKey());
            if (reason == null) {
                // Iterable names a record by whichever identifier it refused: email or userId
                reason = refusal(refused, item.email());
            }
            if (reason == null) {
                reason = refusal(refused, item.userId());
            }
            if (reason != null) {
                item.fail(null, "Iterable refused it: " + reason);
            } else {
                if (answer != null && answer.filteredOutFields != null && !answer.filteredOutFields.isEmpty()) {
                    noteDropped(item, answer.filteredOutFields);
                }
                item.succeed();
            }
        }
    }

    /**
     * Iterable dropped fields the project does not have (without createNewFields): the answer names them for the whole
     * request, so each record is told those of its own fields only.
     */
    private void noteDropped(Item item, List<String> filteredOut) {
        JsonNode fields = dataFieldsPath().isEmpty() ? item.json() : item.json().path(dataFieldsPath());
        List<String> dropped = filteredOut.stream().filter(fields::has).sorted().limit(10).toList();
        if (!dropped.isEmpty()) {
            item.run()
                    .report()
                    .noteRecord("Iterable dropped data fields the project does not have (createNewFields): "
                            + String.join(", ", dropped));
        }
    }

    default byte[] envelope(List<Item> items) {
        byte[] prefix = prefix().getBytes(StandardCharsets.UTF_8);
        byte[] suffix = suffix().getBytes(StandardCharsets.UTF_8);
        int size = prefix.length + suffix.length + Math.max(0, items.size() - 1);
        for (Item item : items) {
            size += item.size();
        }
        byte[] body = new byte[size];
        int at = 0;
        System.arraycopy(prefix, 0, body, at, prefix.length);
        at += prefix.length;
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                body[at++] = ',';
            }
            at = items.get(i).writeTo(body, at);
        }
        System.arraycopy(suffix, 0, body, at, suffix.length);
        return body;
    }

    /** A flag after the items, such as <code>,"createNewFields":true</code>; nothing when the option is empty. */
    static String flag(String name, Boolean value) {
        return value == null ? "" : ",\"" + name + "\":" + value;
    }

    private static String refusal(Map<String, String> refused, String identifier) {
        return identifier == null || refused.isEmpty() ? null : refused.get(normalize(identifier));
    }

    /** Iterable compares emails without case. */
    static String normalize(String identifier) {
        return IterableRules.emailKey(identifier);
    }
}
