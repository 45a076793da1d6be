package io.github.cameliterable.sync;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.cameliterable.client.ApiCall;
import io.github.cameliterable.client.ApiEndpoint;
import io.github.cameliterable.client.ApiResponse;
import io.github.cameliterable.client.IterableApiException;
import io.github.cameliterable.mapping.MappedRecord;
import io.github.cameliterable.mapping.MatchBy;
import io.github.cameliterable.mapping.ProjectType;
import io.github.cameliterable.state.Fingerprint;
import io.github.cameliterable.state.RecordClass;

/**
 * {@code iterable:lists}: the model's users as members of a static list (a segment). The list is {@code listId}, or
 * found by {@code listName} (default: the route's id) and created when missing. {@code mode=add}: new records
 * subscribe ({@code POST /api/lists/subscribe}, with their data fields), changed ones subscribe again to update
 * their fields, and records that left the model unsubscribe ({@code POST /api/lists/unsubscribe}, without
 * unsubscribing the channel). {@code mode=remove}: the model's users are unsubscribed.
 */
public final class ListsSync implements SyncType {
    /** What a lists sync needs of the endpoint's options. */
    public record Settings(SyncMode mode, Long listId, String listName, Boolean updateExistingUsersOnly,
            ProjectType projectType) {
    }

    private final Settings config;
    private final SyncMode mode;
    private volatile Long listId;
    /** The route whose id named the list, when neither listId nor listName is set. */
    private volatile String namingRoute;

    public ListsSync(Settings config) {
        this.config = config;
        this.mode = config.mode() == null ? SyncMode.add : config.mode();
        if (mode != SyncMode.add && mode != SyncMode.remove) {
            throw new IllegalArgumentException("iterable:lists takes mode=add or mode=remove, not " + mode);
        }
        this.listId = config.listId();
    }

    @Override
    public String name() {
        return "lists";
    }

    @Override
    public ApiEndpoint mainEndpoint() {
        return ApiEndpoint.LISTS_SUBSCRIBE;
    }

    @Override
    public String defaultSyncId() {
        return "lists-" + (config.listId() != null ? config.listId() : config.listName() != null ? config.listName() : "route")
                + "-" + mode;
    }

    @Override
    public void beginRun(SyncRun run) {
        if (namingRoute != null && !namingRoute.equals(run.routeId())) {
            // one endpoint, one list: another route's model would unsubscribe this list's members
            throw new IllegalArgumentException("The list of " + run.report().getSyncId() + " is named after the route '"
                    + namingRoute + "', and the route '" + run.routeId() + "' sends to the"
                    + " same endpoint; nothing was sent. Give each route its own listName"
                    + " (or listId).");
        }
        if (listId != null) {
            return;
        }
        boolean byName = config.listName() != null && !config.listName().isBlank();
        String name = byName ? config.listName() : run.routeId();
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("iterable:lists needs listId or listName (or a route id to name the list)");
        }
        listId = findOrCreate(run, name);
        if (!byName) {
            namingRoute = name;
        }
    }

    private Long findOrCreate(SyncRun run, String name) {
        ApiResponse lists = run.client().call(ApiCall.of(ApiEndpoint.LISTS_GET, null)).join();
        if (!lists.isSuccess()) {
            throw lists.toException();
        }
        for (JsonNode list : lists.json().path("lists")) {
            if (name.equals(list.path("name").asText())) {
                return list.path("id").asLong();
            }
        }
        if (run.isDryRun()) {
            throw new IllegalStateException("The list '" + name + "' does not exist yet; a dry run does not create it");
        }
        ObjectNode request = run.json().createObjectNode().put("name", name);
        ApiResponse created = run.client().call(ApiCall.of(ApiEndpoint.LISTS_CREATE, run.jsonBytes().write(request))).join();
        if (!created.isSuccess() || !created.json().path("listId").canConvertToLong()) {
            throw new IterableApiException(ApiEndpoint.LISTS_CREATE, created.status(), created.code(),
                    "could not create the list '" + name + "': " + created.msg());
        }
        // the state may hold members of another list (a route renamed, the list deleted in Iterable): none is in this one
        run.resync("the list '" + name + "' was created: every record of this run is sent to it as new");
        return created.json().path("listId").asLong();
    }

    private BulkOperation subscribe() {
        return new PlainBulkOperation(ApiEndpoint.LISTS_SUBSCRIBE, "{\"listId\":" + listId + ",\"subscribers\":[",
                "]" + BulkOperation.flag("updateExistingUsersOnly", config.updateExistingUsersOnly()) + "}");
    }

    /**
     * Unsubscribes, a member Iterable no longer has (a user deleted) being off the list already: done, as a deleted
     * user's removal is (user-actions.md), in both modes; it was refused on every run, for ever, before.
     */
    private BulkOperation unsubscribe() {
        return new UnknownUsers(new PlainBulkOperation(ApiEndpoint.LISTS_UNSUBSCRIBE,
                "{\"listId\":" + listId + ",\"subscribers\":[", "],\"channelUnsubscribe\":false}"), item -> {
                    item.run()
                            .report()
                            .noteRecord("Iterable has no such user any more: off the list already, nothing"
                                    + " to unsubscribe");
                    item.succeed();
                });
    }

    @Override
    public void accept(List<Classified> chunk, SyncRun run) {
        Batcher batcher = run.batcher(mode == SyncMode.add ? subscribe() : unsubscribe());
        for (Classified classified : chunk) {
            MappedRecord record = classified.record();
            if (mode == SyncMode.remove && classified.recordClass() == RecordClass.CHANGED) {
                run.settle(record, "already unsubscribed; a changed row has nothing more to do");
                continue;
            }
            ObjectNode subscriber = run.json().createObjectNode();
            record.identity().writeKeyTo(subscriber);
            if (mode == SyncMode.add) {
                if (!record.dataFields().isEmpty()) {
                    subscriber.set("dataFields", record.dataFields().node());
                }
                if (config.projectType() == ProjectType.email && record.identity().key() == MatchBy.userId) {
                    subscriber.put("preferUserId", true);
                }
            }
            batcher.add(run.item(record, record.identity().keyValue(), subscriber));
        }
    }

    @Override
    public boolean removalsChangeIterable() {
        return mode != SyncMode.remove;
    }

    @Override
    public void removed(List<Fingerprint> removed, SyncRun run) {
        if (mode == SyncMode.remove) {
            run.forgetRemoved(removed);
            return;
        }
        Batcher batcher = run.batcher(unsubscribe());
        for (Fingerprint fingerprint : removed) {
            JsonNode identity = fingerprint.identityJson(run.json());
            String value = Fingerprint.keyValueOf(identity);
            ObjectNode subscriber = run.json().createObjectNode().put(identity.path("key").asText("email"), value);
            batcher.add(run.removalItem(fingerprint, value, subscriber));
        }
    }
}
