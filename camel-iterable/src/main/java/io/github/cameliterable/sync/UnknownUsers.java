package io.github.cameliterable.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import io.github.cameliterable.client.ApiEndpoint;
import io.github.cameliterable.client.ApiResponse;

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
        Set<String> notFound = BulkOperation.unknownUsers(response);
        List<Item> others = new ArrayList<>(items.size());
        for (Item item : items) {
            if (BulkOperation.isUnknownUser(notFound, item)) {
                unknown.accept(item);
            } else {
                others.add(item);
            }
        }
        BulkOperation.super.applyAnswer(response, others);
    }
}
