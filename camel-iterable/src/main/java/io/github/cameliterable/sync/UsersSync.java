package io.github.cameliterable.sync;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.cameliterable.client.ApiCall;
import io.github.cameliterable.client.ApiEndpoint;
import io.github.cameliterable.client.ApiResponse;
import io.github.cameliterable.client.Failures;
import io.github.cameliterable.client.RetrySettings;
import io.github.cameliterable.mapping.FieldTypeMismatch;
import io.github.cameliterable.mapping.FieldTypes;
import io.github.cameliterable.mapping.Identity;
import io.github.cameliterable.mapping.JsonBytes;
import io.github.cameliterable.mapping.MappedRecord;
import io.github.cameliterable.mapping.MatchBy;
import io.github.cameliterable.mapping.ProjectType;
import io.github.cameliterable.state.Fingerprint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code iterable:users}: profiles through {@code POST /api/users/bulkUpdate}.
 * <ul>
 * <li>upsert: new and changed records are created or updated.</li>
 * <li>update: existing users only. In an email project matched by userId, bulkUpdate with {@code preferUserId=false}
 * does it in one call (unknown userIds are not created); elsewhere each user is looked up first and only those
 * found are updated; the others are skipped.</li>
 * <li>removed records (snapshot): nothing, clear (the fields this sync maps set to null) or delete.</li>
 * </ul>
 */
public final class UsersSync implements SyncType {
    private static final Logger LOG = LoggerFactory.getLogger(UsersSync.class);
    private static final String SOURCE = "preflightFieldTypes; Iterable would refuse it with RequestFieldsTypesMismatched";
    private static final FieldTypes NO_TYPES = new FieldTypes(Map.of(), SOURCE);
    /** What a users sync needs of the endpoint's options. */
    public record Settings(SyncMode mode, ProjectType projectType, Boolean createNewFields, boolean mergeNestedObjects,
            DeleteBehavior deleteBehavior, boolean preflightFieldTypes) {
    }

    /**
     * A user object's identifiers for each set of them (email 1, userId 2), in the order {@link #userItem} writes
     * them, quoted once ({@link JsonBytes#jsonNames}); the data fields' name follows them.
     */
    private static final String[][] IDENTIFIERS = {{}, {"email"}, {"userId"}, {"email", "userId"}};
    private static final byte[][][] IDENTIFIERS_JSON = new byte[IDENTIFIERS.length][][];
    private static final byte[] DATA_FIELDS = JsonBytes.jsonNames(new String[]{"dataFields"})[0];

    static {
        for (int which = 0; which < IDENTIFIERS.length; which++) {
            IDENTIFIERS_JSON[which] = JsonBytes.jsonNames(IDENTIFIERS[which]);
        }
    }

    private final Settings config;
    /** What follows a user's data fields, with {@code preferUserId} (1) or without (0): its flags, the closing brace. */
    private final byte[][] tails = new byte[2][];
    private final SyncMode mode;
    private final BulkOperation bulkUpdate;
    /** Iterable's user field types (dotted path -> type) read at the start of a run with preflightFieldTypes. */
    private volatile FieldTypes fieldTypes = NO_TYPES;

    public UsersSync(Settings config) {
        this.config = config;
        this.mode = config.mode() == null ? SyncMode.upsert : config.mode();
        if (mode != SyncMode.upsert && mode != SyncMode.update) {
            throw new IllegalArgumentException("iterable:users takes mode=upsert or mode=update, not " + mode);
        }
        BulkOperation plain = new PlainBulkOperation(ApiEndpoint.USERS_BULK_UPDATE, "{\"users\":[",
                "]" + BulkOperation.flag("createNewFields", config.createNewFields()) + "}");
        // in update mode, a user Iterable does not know (notFoundUserIds when matched by userId without a lookup,
        // notFoundEmails) is skipped, as after a lookup that finds none
        this.bulkUpdate = mode == SyncMode.update ? new UnknownUsers(plain, item -> item.skip(NOT_FOUND)) : plain;
        String merge = config.mergeNestedObjects() ? ",\"mergeNestedObjects\":true}" : "}";
        tails[0] = merge.getBytes(StandardCharsets.US_ASCII);
        tails[1] = (",\"preferUserId\":" + (mode == SyncMode.upsert) + merge).getBytes(StandardCharsets.US_ASCII);
    }

    /** A user update mode does not create: not acknowledged, so it is offered again, in case the user appears. */
    private static final String NOT_FOUND = "no such user in Iterable (update mode creates no users)";

    @Override
    public String name() {
        return "users";
    }

    @Override
    public ApiEndpoint mainEndpoint() {
        return ApiEndpoint.USERS_BULK_UPDATE;
    }

    /** update without a lookup: email projects honour preferUserId=false, which never creates a user. */
    private boolean updatesWithoutLookup(MatchBy key) {
        return config.projectType() == ProjectType.email && key == MatchBy.userId;
    }

    /**
     * With preflightFieldTypes, reads Iterable's user field types once a run (a rate-limited GET); a run that cannot
     * read them sends without the check, and Iterable's RequestFieldsTypesMismatched isolation still applies.
     */
    @Override
    public void beginRun(SyncRun run) {
        fieldTypes = NO_TYPES;
        if (!config.preflightFieldTypes()) {
            return;
        }
        try {
            ApiResponse answer = run.client().call(ApiCall.of(ApiEndpoint.USERS_GET_FIELDS, null)).join();
            if (answer.isSuccess()) {
                Map<String, String> types = new HashMap<>();
                answer.json().path("fields").fields().forEachRemaining(f -> types.put(f.getKey(), f.getValue().asText()));
                fieldTypes = new FieldTypes(types, SOURCE);
            } else {
                LOG.warn("preflightFieldTypes: users/getFields answered {} {}; sending without the check", answer.status(),
                        answer.code());
            }
        } catch (RuntimeException e) {
            LOG.warn("preflightFieldTypes: could not read users/getFields ({}); sending without the check",
                    Failures.describe(e));
        }
    }

    /** Fails the record when a data field's value does not fit its type in Iterable; true if it did. */
    private boolean failsPreflight(MappedRecord record, SyncRun run) {
        FieldTypeMismatch mismatch = fieldTypes.firstMismatch(record.dataFields());
        if (mismatch == null) {
            return false;
        }
        run.invalid(record, mismatch.field(), mismatch.reason());
        return true;
    }

    @Override
    public void accept(List<Classified> chunk, SyncRun run) {
        MatchBy key = run.mapping().key();
        if (mode == SyncMode.upsert || updatesWithoutLookup(key)) {
            // added under one hold of the batcher's lock; an item made is added whatever a later record throws
            List<Item> items = new ArrayList<>(chunk.size());
            try {
                for (Classified classified : chunk) {
                    if (!failsPreflight(classified.record(), run)) {
                        items.add(userItem(classified.record(), run));
                    }
                }
            } finally {
                run.batcher(bulkUpdate).addAll(items);
            }
            return;
        }
        // update elsewhere: look each user up, then update only those Iterable knows
        List<CompletableFuture<ApiResponse>> lookups = new ArrayList<>(chunk.size());
        for (Classified classified : chunk) {
            lookups.add(run.read(lookup(classified.record())));
        }
        Batcher batcher = run.batcher(bulkUpdate);
        for (int i = 0; i < chunk.size(); i++) {
            MappedRecord record = chunk.get(i).record();
            ApiResponse found;
            try {
                found = lookups.get(i).join();
            } catch (RuntimeException e) {
                run.noteUnanswered(record.index()); // no answer after the retries: offered again (a stream's source)
                run.fail(record, null, "could not look the user up: " + Failures.describe(e));
                continue;
            }
            if (!found.isSuccess()) {
                if (RetrySettings.isRetryable(found.status())) {
                    run.noteUnanswered(record.index());
                }
                run.fail(record, null, "could not look the user up: Iterable answered " + found.status() + " " + found.code());
            } else if (found.json().path("user").isObject() && !found.json().path("user").isEmpty()) {
                if (!failsPreflight(record, run)) {
                    batcher.add(userItem(record, run));
                }
            } else {
                run.skip(NOT_FOUND);
            }
        }
    }

    private ApiCall lookup(MappedRecord record) {
        if (record.identity().key() == MatchBy.email) {
            return ApiCall.withQuery(ApiEndpoint.USERS_GET_BY_EMAIL, Map.of("email", record.identity().email()));
        }
        return ApiCall.withPath(ApiEndpoint.USERS_GET_BY_USER_ID, null, record.identity().userId());
    }

    private Item userItem(MappedRecord record, SyncRun run) {
        JsonBytes writer = run.jsonBytes();
        if (writer.writesPlainObjects()) {
            // written straight to bytes, the same bytes as the tree below (which was a third of the run loop's work)
            Identity identity = record.identity();
            Item plain = plainUser(record, run, writer);
            if (plain != null) {
                return plain;
            }
            byte[] json = writer.written(user -> {
                user.writeStartObject();
                identity.writeTo(user, config.projectType());
                user.writeFieldName("dataFields");
                writer.writeValue(user, record.dataFields().node());
                if (updatesWithoutLookup(identity.key())) {
                    user.writeBooleanField("preferUserId", mode == SyncMode.upsert);
                }
                if (config.mergeNestedObjects()) {
                    user.writeBooleanField("mergeNestedObjects", true);
                }
                user.writeEndObject();
            });
            return run.item(record, identity.keyValue(), identity.bodyEmail(config.projectType()), identity.userId(), json,
                    null, null);
        }
        ObjectNode user = run.json().createObjectNode();
        record.identity().writeTo(user, config.projectType());
        user.set("dataFields", record.dataFields().node());
        if (updatesWithoutLookup(record.identity().key())) {
            // true creates unknown userIds (upsert); false updates existing users only (update)
            user.put("preferUserId", mode == SyncMode.upsert);
        }
        mergeFlag(user);
        return run.item(record, record.identity().keyValue(), user);
    }

    /**
     * The user object as {@link #userItem} writes it with the generator, as an item of three parts: its identifiers
     * written straight to bytes ({@link JsonBytes#plainOpened}), its data fields' JSON and the flags' tail; null where
     * the mapper's generator would write it otherwise.
     */
    private Item plainUser(MappedRecord record, SyncRun run, JsonBytes writer) {
        if (!writer.writesPlainBytes()) {
            return null;
        }
        Identity identity = record.identity();
        String email = identity.bodyEmail(config.projectType());
        int which = (email != null ? 1 : 0) | (identity.userId() != null ? 2 : 0);
        Object[] values = new Object[2];
        int count = 0;
        if (email != null) {
            values[count++] = email;
        }
        if (identity.userId() != null) {
            values[count++] = identity.userId();
        }
        byte[] head = writer.plainOpened(IDENTIFIERS[which], IDENTIFIERS_JSON[which], values, count, DATA_FIELDS);
        if (head == null) {
            return null;
        }
        // the data fields' JSON goes into the body as it is, not through an array of the user's own
        return run.item(record, identity.keyValue(), email, identity.userId(), head, record.dataFields().json(writer),
                tails[updatesWithoutLookup(identity.key()) ? 1 : 0]);
    }

    /** Iterable's {@code mergeNestedObjects} when the sync sets it: on a record's update and on its clearing alike. */
    private void mergeFlag(ObjectNode user) {
        if (config.mergeNestedObjects()) {
            user.put("mergeNestedObjects", true);
        }
    }

    @Override
    public boolean removalsChangeIterable() {
        return config.deleteBehavior() != DeleteBehavior.nothing;
    }

    @Override
    public void removed(List<Fingerprint> removed, SyncRun run) {
        switch (config.deleteBehavior()) {
            case nothing -> run.forgetRemoved(removed);
            case clear -> {
                // the plain operation: a cleared user Iterable no longer knows fails as before, not "update mode creates
                // no users"
                Batcher batcher = run.batcher(bulkUpdate instanceof UnknownUsers existing ? existing.plain() : bulkUpdate);
                for (Fingerprint fingerprint : removed) {
                    JsonNode identity = fingerprint.identityJson(run.json());
                    ObjectNode user = identityOf(run.json(), identity);
                    ObjectNode dataFields = user.putObject("dataFields");
                    if (!run.mapping().writeNulls(dataFields)) {
                        identity.path("fields").forEach(name -> dataFields.putNull(name.asText()));
                    }
                    mergeFlag(user);
                    if (updatesWithoutLookup(MatchBy.valueOf(identity.path("key").asText("email")))) {
                        user.put("preferUserId", false);
                    }
                    batcher.add(run.removalItem(fingerprint, Fingerprint.keyValueOf(identity), user));
                }
            }
            case delete -> {
                for (Fingerprint fingerprint : removed) {
                    JsonNode identity = fingerprint.identityJson(run.json());
                    boolean byEmail = "email".equals(identity.path("key").asText()) && identity.hasNonNull("email");
                    ApiCall call = byEmail
                            ? ApiCall.withPath(ApiEndpoint.USERS_DELETE_BY_EMAIL, null, identity.path("email").asText())
                            : ApiCall.withPath(ApiEndpoint.USERS_DELETE_BY_USER_ID, null, identity.path("userId").asText());
                    run.callFor(run.removalItem(fingerprint, Fingerprint.keyValueOf(identity), run.json().createObjectNode()),
                            call);
                }
            }
            default -> throw new IllegalStateException("unknown deleteBehavior " + config.deleteBehavior());
        }
    }

    private ObjectNode identityOf(ObjectMapper json, JsonNode identity) {
        ObjectNode user = json.createObjectNode();
        boolean byUserId = "userId".equals(identity.path("key").asText());
        boolean emailMatchesInstead = config.projectType() == ProjectType.email && byUserId;
        if (identity.hasNonNull("email") && !emailMatchesInstead) {
            user.put("email", identity.path("email").asText());
        }
        if (identity.hasNonNull("userId")) {
            user.put("userId", identity.path("userId").asText());
        }
        return user;
    }
}
