package io.github.cameliterable.sync;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.cameliterable.client.ApiCall;
import io.github.cameliterable.client.ApiEndpoint;
import io.github.cameliterable.mapping.InvalidRecordException;
import io.github.cameliterable.mapping.MappedRecord;
import io.github.cameliterable.mapping.MatchBy;
import io.github.cameliterable.mapping.ProjectType;
import io.github.cameliterable.state.RecordClass;

/**
 * {@code iterable:cart}: {@code POST /api/commerce/updateCart}, which sets the {@code shoppingCartItems} of the
 * user's profile and tracks an updateCart event. Rows are inserts: the call is made the first time a primary key
 * appears, ever (the first-seen repository), and never again for that key, whatever changes later. Without a
 * {@code primaryKey} option a cart is keyed by its content (user, items and fields).
 */
public final class CartSync implements SyncType {
    /** What a cart sync needs of the endpoint's options. */
    public record Settings(String itemsColumn, ProjectType projectType, boolean mergeNestedObjects) {
    }

    private final Settings config;
    /** The call of each user's last cart while it is in flight (the endpoint's runs share it). */
    private final Map<String, CompletableFuture<Void>> lastCartOfUser = new ConcurrentHashMap<>();

    public CartSync(Settings config) {
        this.config = config;
    }

    @Override
    public boolean usesFirstSeen() {
        return true;
    }

    /**
     * A user's cart changes many times: without a {@code primaryKey} option (a cart id), each cart is keyed by its
     * content, so every new cart of a user is sent once, not only the user's first.
     */
    @Override
    public boolean keyedByContent() {
        return true;
    }

    @Override
    public String name() {
        return "cart";
    }

    @Override
    public ApiEndpoint mainEndpoint() {
        return ApiEndpoint.COMMERCE_UPDATE_CART;
    }

    @Override
    public Set<String> syncColumns() {
        return Set.of(config.itemsColumn());
    }

    @Override
    public void accept(List<Classified> chunk, SyncRun run) {
        for (Classified classified : chunk) {
            MappedRecord record = classified.record();
            if (classified.recordClass() == RecordClass.CHANGED) {
                run.settle(record, "cart rows are inserts: a changed row is not sent again");
                continue;
            }
            ObjectNode body;
            try {
                body = updateCart(record, run);
            } catch (InvalidRecordException e) {
                run.invalid(record, e.field(), e.reason());
                continue;
            }
            if (!run.claimFirstSeen(record)) {
                run.settle(record, "the cart of this primary key was already updated in an earlier run");
                continue;
            }
            // a user's carts go in the model's order: updateCart replaces the cart, and two calls in flight at once
            // landed in either order (a user's older cart left on the profile); the loop waits for the one before
            String user = record.identity().keyValue().toLowerCase(Locale.ROOT);
            CompletableFuture<Void> before = lastCartOfUser.get(user);
            if (before != null) {
                before.join();
            }
            Item item = run.firstSeenItem(record, record.identity().keyValue(), body);
            CompletableFuture<Void> finished = item.finished();
            lastCartOfUser.put(user, finished);
            finished.whenComplete((done, failure) -> lastCartOfUser.remove(user, finished));
            run.callFor(item, ApiCall.of(ApiEndpoint.COMMERCE_UPDATE_CART, item.bytes()));
        }
    }

    private ObjectNode updateCart(MappedRecord record, SyncRun run) {
        ObjectNode body = run.json().createObjectNode();
        ObjectNode user = body.putObject("user");
        record.identity().writeTo(user, config.projectType());
        if (config.projectType() == ProjectType.email && record.identity().key() == MatchBy.userId) {
            user.put("preferUserId", true);
        }
        if (!record.dataFields().isEmpty()) {
            user.set("dataFields", record.dataFields().node());
        }
        if (config.mergeNestedObjects()) {
            user.put("mergeNestedObjects", true);
        }
        body.set("items", CommerceItems.from(config.itemsColumn(), record.syncColumn(config.itemsColumn())));
        return body;
    }
}
