package io.github.cameliterable.sync;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.cameliterable.client.ApiCall;
import io.github.cameliterable.client.ApiEndpoint;
import io.github.cameliterable.client.DailyCaps;
import io.github.cameliterable.mapping.MappedRecord;
import io.github.cameliterable.mapping.MatchBy;
import io.github.cameliterable.mapping.ProjectType;
import io.github.cameliterable.state.RecordClass;

/**
 * {@code iterable:userActions}: delete, forget or unforget users, once per primary key ever (the first-seen
 * repository): a row that stays in the model, or comes back, never repeats its action. Delete is
 * {@code DELETE /api/users/{email}} or {@code DELETE /api/users/byUserId/{userId}}; forget and unforget are
 * {@code POST /api/users/forget} and {@code /unforget}, which Iterable caps at 1,000 a day: rows over the cap are
 * deferred to a later run, neither sent nor failed.
 */
public final class UserActionsSync implements SyncType {
    /** What a userActions sync needs of the endpoint's options: the action is the {@code mode} option. */
    public record Settings(SyncMode action, ProjectType projectType, MatchBy matchBy, int dailyActionCap) {
    }

    private final Settings config;
    private final SyncMode action;
    private final DailyCaps caps;

    public UserActionsSync(Settings config, DailyCaps caps) {
        this.config = config;
        this.action = config.action();
        if (action != SyncMode.delete && action != SyncMode.forget && action != SyncMode.unforget) {
            throw new IllegalArgumentException("iterable:userActions needs mode=delete, forget or unforget");
        }
        if (action != SyncMode.delete && config.projectType() == ProjectType.email && config.matchBy() == MatchBy.userId) {
            // Iterable forgets users of an email project by email only: every call would be refused (400)
            throw new IllegalArgumentException("iterable:userActions mode=" + action + " with matchBy=userId needs a"
                    + " userId or hybrid project (projectType): Iterable " + action
                    + "s users of an email project by email only");
        }
        this.caps = caps;
    }

    @Override
    public boolean usesFirstSeen() {
        return true;
    }

    @Override
    public String name() {
        return "userActions";
    }

    @Override
    public ApiEndpoint mainEndpoint() {
        return switch (action) {
            case forget -> ApiEndpoint.USERS_FORGET;
            case unforget -> ApiEndpoint.USERS_UNFORGET;
            default -> config.projectType() == ProjectType.userId
                    ? ApiEndpoint.USERS_DELETE_BY_USER_ID
                    : ApiEndpoint.USERS_DELETE_BY_EMAIL;
        };
    }

    @Override
    public String defaultSyncId() {
        return "userActions-" + action;
    }

    @Override
    public void accept(List<Classified> chunk, SyncRun run) {
        for (Classified classified : chunk) {
            MappedRecord record = classified.record();
            if (classified.recordClass() == RecordClass.CHANGED) {
                run.settle(record, "user actions happen once per primary key: a changed row is not acted on again");
                continue;
            }
            boolean capped = action != SyncMode.delete;
            if (capped && !run.isDryRun() && !caps.tryTake(run.client().settings().apiKeyFingerprint(), mainEndpoint(),
                    config.dailyActionCap())) {
                run.defer(record);
                continue;
            }
            if (!run.claimFirstSeen(record)) {
                if (capped && !run.isDryRun()) {
                    caps.giveBack(run.client().settings().apiKeyFingerprint(), mainEndpoint());
                }
                run.settle(record, "this primary key's " + action + " was already done in an earlier run");
                continue;
            }
            Item item = run.firstSeenItem(record, record.identity().keyValue(), run.json().createObjectNode());
            run.callFor(item, call(record, run));
        }
    }

    private ApiCall call(MappedRecord record, SyncRun run) {
        boolean byEmail = record.identity().key() == MatchBy.email;
        if (action == SyncMode.delete) {
            return byEmail
                    ? ApiCall.withPath(ApiEndpoint.USERS_DELETE_BY_EMAIL, null, record.identity().email())
                    : ApiCall.withPath(ApiEndpoint.USERS_DELETE_BY_USER_ID, null, record.identity().userId());
        }
        ObjectNode user = run.json().createObjectNode();
        record.identity().writeKeyTo(user);
        return ApiCall.of(mainEndpoint(), run.jsonBytes().write(user));
    }
}
