package io.github.cameliterable.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

    /**
     * A user's carts go in the model's order, each after the answer to the one before: updateCart replaces the cart,
     * and two calls of one user in flight at once landed in either order (a third of the users kept an older cart). In
     * waves, so that other users' carts go meanwhile: every user's first cart of the chunk, then every user's second,
     * and so on (one user's carts one after the other made a model sorted by user one call at a time).
     */
    @Override
    public void accept(List<Classified> chunk, SyncRun run) {
        Map<String, Integer> cartsOfUser = new HashMap<>();
        List<List<Classified>> waves = new ArrayList<>();
        for (Classified classified : chunk) {
            int wave = cartsOfUser.merge(userOf(classified.record()), 1, Integer::sum) - 1;
            if (wave == waves.size()) {
                waves.add(new ArrayList<>());
            }
            waves.get(wave).add(classified);
        }
        for (List<Classified> wave : waves) {
            for (Classified classified : wave) {
                send(classified, run);
            }
        }
    }

    private static String userOf(MappedRecord record) {
        return record.identity().keyValue().toLowerCase(Locale.ROOT);
    }

    private void send(Classified classified, SyncRun run) {
        MappedRecord record = classified.record();
        if (classified.recordClass() == RecordClass.CHANGED) {
            run.settle(record, "cart rows are inserts: a changed row is not sent again");
            return;
        }
        ObjectNode body;
        try {
            body = updateCart(record, run);
        } catch (InvalidRecordException e) {
            run.invalid(record, e.field(), e.reason());
            return;
        }
        String user = userOf(record);
        CompletableFuture<Void> before = lastCartOfUser.get(user);
        if (before != null && !answered(before, run)) {
            run.defer(record); // the endpoint stops: not claimed, so the next run sends it
            return;
        }
        if (!run.claimFirstSeen(record)) {
            run.settle(record, "the cart of this primary key was already updated in an earlier run");
            return;
        }
        Item item = run.firstSeenItem(record, record.identity().keyValue(), body);
        CompletableFuture<Void> finished = item.finished();
        lastCartOfUser.put(user, finished);
        finished.whenComplete((done, failure) -> lastCartOfUser.remove(user, finished));
        run.callFor(item, ApiCall.of(ApiEndpoint.COMMERCE_UPDATE_CART, item.bytes()));
    }

    /** Waits for the answer to a user's cart before; false when the endpoint stops first (a stop does not wait). */
    private static boolean answered(CompletableFuture<Void> before, SyncRun run) {
        while (true) {
            try {
                before.get(100, TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException e) {
                if (run.isStopping()) {
                    return false;
                }
            } catch (ExecutionException e) {
                return true; // answered, whichever way: the item is done
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
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
