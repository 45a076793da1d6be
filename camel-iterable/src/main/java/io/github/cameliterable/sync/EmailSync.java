package io.github.cameliterable.sync;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.cameliterable.client.ApiCall;
import io.github.cameliterable.client.ApiEndpoint;
import io.github.cameliterable.mapping.InvalidRecordException;
import io.github.cameliterable.mapping.IterableRules;
import io.github.cameliterable.mapping.MappedRecord;
import io.github.cameliterable.mapping.MatchBy;
import io.github.cameliterable.mapping.ProjectType;
import io.github.cameliterable.state.RecordClass;

/**
 * {@code iterable:email}: changes users' emails to the value of {@code newEmailColumn}. In email projects through
 * {@code POST /api/users/updateEmail} ({@code currentEmail} or {@code currentUserId}); matched by email the call is
 * made only the first time a record appears (afterwards the old email no longer exists), matched by userId the
 * first time and whenever the record changes. In userId and hybrid projects Iterable changes emails through
 * {@code POST /api/users/update} with the userId, which is what this does there.
 */
public final class EmailSync implements SyncType {
    /** What an email sync needs of the endpoint's options. */
    public record Settings(String newEmailColumn, String userIdColumn, ProjectType projectType) {
    }

    private final Settings config;

    public EmailSync(Settings config) {
        this.config = config;
    }

    @Override
    public boolean usesFirstSeen() {
        return true;
    }

    @Override
    public String name() {
        return "email";
    }

    @Override
    public ApiEndpoint mainEndpoint() {
        return config.projectType() == ProjectType.email ? ApiEndpoint.USERS_UPDATE_EMAIL : ApiEndpoint.USERS_UPDATE;
    }

    @Override
    public Set<String> syncColumns() {
        return Set.of(config.newEmailColumn());
    }

    @Override
    public void accept(List<Classified> chunk, SyncRun run) {
        boolean byEmail = run.mapping().key() == MatchBy.email;
        for (Classified classified : chunk) {
            MappedRecord record = classified.record();
            boolean emailProject = config.projectType() == ProjectType.email;
            if (emailProject && byEmail && classified.recordClass() == RecordClass.CHANGED) {
                run.settle(record, "matched by email, the email is updated only the first time the row appears");
                continue;
            }
            ObjectNode body;
            try {
                body = emailProject ? updateEmail(record, run) : update(record, run);
            } catch (InvalidRecordException e) {
                run.invalid(record, e.field(), e.reason());
                continue;
            }
            if (emailProject && byEmail) {
                if (!run.claimFirstSeen(record)) {
                    run.settle(record, "the email of this primary key was already updated in an earlier run");
                    continue;
                }
                Item item = run.firstSeenItem(record, record.identity().keyValue(), body);
                run.callFor(item, ApiCall.of(ApiEndpoint.USERS_UPDATE_EMAIL, item.bytes()));
            } else {
                Item item = run.item(record, record.identity().keyValue(), body);
                run.callFor(item, ApiCall.of(mainEndpoint(), item.bytes()));
            }
        }
    }

    private String newEmail(MappedRecord record) {
        JsonNode value = record.syncColumn(config.newEmailColumn());
        if (value == null || value.isNull() || value.asText().isBlank()) {
            throw new InvalidRecordException(config.newEmailColumn(), "the record has no new email");
        }
        IterableRules.checkEmail(config.newEmailColumn(), value.asText());
        return value.asText();
    }

    private ObjectNode updateEmail(MappedRecord record, SyncRun run) {
        ObjectNode body = run.json().createObjectNode();
        if (record.identity().key() == MatchBy.email) {
            body.put("currentEmail", record.identity().email());
        } else {
            body.put("currentUserId", record.identity().userId());
        }
        body.put("newEmail", newEmail(record));
        return body;
    }

    /** userId and hybrid projects: the userId identifies the user and the email is just a field to set. */
    private ObjectNode update(MappedRecord record, SyncRun run) {
        String userId = record.identity().userId();
        if (userId == null) {
            throw new InvalidRecordException(config.userIdColumn(),
                    "in " + config.projectType() + " projects an email is changed by userId, and the record has none");
        }
        ObjectNode body = run.json().createObjectNode();
        body.put("userId", userId);
        body.put("email", newEmail(record));
        return body;
    }
}
