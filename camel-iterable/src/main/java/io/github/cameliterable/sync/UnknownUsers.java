package io.github.cameliterable.sync;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import io.github.cameliterable.client.ApiEndpoint;
import io.github.cameliterable.client.ApiResponse;
import io.github.cameliterable.client.BulkResponse;

/**
 * A bulk operation whose items Iterable names as users it does not have ({@code notFoundEmails},
 * {@code notFoundUserIds}) are not refused but handed to {@code unknown}: a user update mode does not create is
 * skipped (users), a member who left the model and whom Iterable no longer has is unsubscribed already (lists). Any
 * other refusal fails its record as usual.
 *
 * @param plain the operation
 * @param unknown what becomes of an item whose user Iterable does not have
 */
record UnknownUsers(BulkOperation plain, Consumer<Item> unknown) implements BulkOperation {
    @Override
    public ApiEndpoint endpoint() {
        return plain.endpoint();
    }

    @Override
    public String prefix() {
        return plain.prefix();
    }

    @Override
    public String suffix() {
        return plain.suffix();
    }

    @Override
    public void applyAnswer(ApiResponse response, List<Item> items) {
        Set<String> notFound = unknownUsers(response);
        List<Item> others = new ArrayList<>(items.size());
        for (Item item : items) {
            if (isUnknownUser(notFound, item)) {
                unknown.accept(item);
            } else {
                others.add(item);
            }
        }
        BulkOperation.super.applyAnswer(response, others);
    }

    /**
     * The identifiers an answer names as users Iterable does not have ({@code notFoundEmails}, {@code notFoundUserIds}).
     */
    private static Set<String> unknownUsers(ApiResponse response) {
        BulkResponse answer = response.as(BulkResponse.class);
        Set<String> unknown = new HashSet<>();
        if (answer != null && answer.failedUpdates != null) {
            answer.failedUpdates.byReason().forEach((reason, ids) -> {
                if (reason.equals("notFoundUserIds") || reason.equals("notFoundEmails")) {
                    ids.forEach(id -> unknown.add(BulkOperation.normalize(id)));
                }
            });
        }
        return unknown;
    }

    /** Whether the item's user is one of {@link #unknownUsers}, by its userId or email. */
    private static boolean isUnknownUser(Set<String> unknown, Item item) {
        return !unknown.isEmpty() && (item.userId() != null && unknown.contains(BulkOperation.normalize(item.userId()))
                || item.email() != null && unknown.contains(BulkOperation.normalize(item.email())));
    }
}
