package io.github.cameliterable.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.cameliterable.emulator.UserDirectory.Outcome;
import io.github.cameliterable.emulator.UserDirectory.Resolution;

import static io.github.cameliterable.emulator.Bodies.bool;
import static io.github.cameliterable.emulator.Bodies.boolOrNull;
import static io.github.cameliterable.emulator.Bodies.obj;
import static io.github.cameliterable.emulator.Bodies.objList;
import static io.github.cameliterable.emulator.Bodies.str;

/** The /api/users endpoints. */
final class UsersApi {
    private final EmulatorState state;
    private final UserDirectory directory;
    private final int dailyForgetCap;

    UsersApi(EmulatorState state, UserDirectory directory, int dailyForgetCap) {
        this.state = state;
        this.directory = directory;
        this.dailyForgetCap = dailyForgetCap;
    }

    /** POST /api/users/bulkUpdate: per-user failures in failedUpdates, a type mismatch fails the whole request. */
    EmulatorResponse bulkUpdate(EmulatorRequest req) {
        Map<String, Object> body = req.jsonObject();
        List<Map<String, Object>> users = objList(body, "users", true);
        Boolean createNewFields = boolOrNull(body, "createNewFields");
        List<String> filteredOut = new ArrayList<>();
        // each identity's syntax is checked once (an email is a regular expression's work), for the types and the update
        List<Resolution> prechecks = new ArrayList<>(users.size());
        for (Map<String, Object> user : users) {
            prechecks.add(directory.precheck(str(user, "email"), str(user, "userId")));
        }
        List<String> created = checkUserFields(users, prechecks, createNewFields, filteredOut);
        BulkResult result = BulkResult.forUsers();
        for (int i = 0; i < users.size(); i++) {
            Map<String, Object> user = users.get(i);
            Resolution r = prechecks.get(i) != null ? prechecks.get(i)
                    : directory.resolvePrechecked(str(user, "email"), str(user, "userId"), bool(user, "preferUserId", false),
                            true);
            if (r.ok()) {
                directory.apply(r, dataFieldsOf(user, createNewFields), bool(user, "mergeNestedObjects", false));
                result.success();
            } else {
                result.fail(r, str(user, "email"), str(user, "userId"));
            }
        }
        return EmulatorResponse.json(200, result.toUserBulkResponse(created, filteredOut));
    }

    /**
     * Type-checks the data fields of every well-formed record and records new fields; throws the whole request's
     * RequestFieldsTypesMismatched. With createNewFields=false, fields not yet in the schema are dropped instead.
     */
    List<String> checkUserFields(List<Map<String, Object>> users, Boolean createNewFields, List<String> filteredOut) {
        List<Resolution> prechecks = new ArrayList<>(users.size());
        for (Map<String, Object> user : users) {
            prechecks.add(directory.precheck(str(user, "email"), str(user, "userId")));
        }
        return checkUserFields(users, prechecks, createNewFields, filteredOut);
    }

    /** As above, with each user's {@link UserDirectory#precheck} done (null where it passed). */
    private List<String> checkUserFields(List<Map<String, Object>> users, List<Resolution> prechecks, Boolean createNewFields,
            List<String> filteredOut) {
        FieldTypes.Batch batch = state.fieldTypes.batch();
        Map<String, Object> first = users.isEmpty() ? Map.of() : orEmpty(obj(users.get(0), "dataFields"));
        Set<String> dropped = new LinkedHashSet<>();
        for (int i = 0; i < users.size(); i++) {
            Map<String, Object> user = users.get(i);
            if (prechecks.get(i) != null) {
                continue;
            }
            Map<String, Object> fields = obj(user, "dataFields");
            if (fields != null && Boolean.FALSE.equals(createNewFields)) {
                fields.keySet().stream().filter(k -> !state.fieldTypes.known(FieldTypes.USER_SCOPE, k)).forEach(dropped::add);
            }
            batch.check(FieldTypes.USER_SCOPE, "user", dataFieldsOf(user, createNewFields), first);
        }
        if (!batch.clean()) {
            throw batch.error();
        }
        filteredOut.addAll(dropped);
        return batch.commit();
    }

    private Map<String, Object> dataFieldsOf(Map<String, Object> user, Boolean createNewFields) {
        Map<String, Object> fields = obj(user, "dataFields");
        if (fields == null || !Boolean.FALSE.equals(createNewFields)) {
            return fields;
        }
        Map<String, Object> kept = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            if (state.fieldTypes.known(FieldTypes.USER_SCOPE, k)) {
                kept.put(k, v);
            }
        });
        return kept;
    }

    private static Map<String, Object> orEmpty(Map<String, Object> m) {
        return m == null ? Map.of() : m;
    }

    /** POST /api/users/update: one user, failures as error answers. */
    EmulatorResponse update(EmulatorRequest req) {
        Map<String, Object> body = req.jsonObject();
        upsertSingle(body);
        return EmulatorResponse.success("This call is asynchronous; data will be updated shortly.", null);
    }

    /** Creates or updates the user described by an ApiUserUpdateRequest (also the "user" of commerce calls). */
    UserProfile upsertSingle(Map<String, Object> user) {
        // identity first: a refused user must not leave new field types behind
        Resolution r = directory.resolve(str(user, "email"), str(user, "userId"), bool(user, "preferUserId", false), true);
        if (!r.ok()) {
            throw singleUserError(r, str(user, "email"), str(user, "userId"));
        }
        checkUserFields(List.of(user), boolOrNull(user, "createNewFields"), new ArrayList<>());
        return directory.apply(r, dataFieldsOf(user, boolOrNull(user, "createNewFields")),
                bool(user, "mergeNestedObjects", false));
    }

    /** How Iterable answers a single-user call whose identity cannot be used. */
    static ApiError singleUserError(Resolution r, String email, String userId) {
        return switch (r.outcome()) {
            case MISSING_ID -> ApiError.badParams("Either email or userId must be provided");
            case INVALID_EMAIL -> new ApiError(400, "InvalidEmailAddressError", "Invalid email: " + email);
            case INVALID_USER_ID -> new ApiError(400, "InvalidUserIdError", "Invalid userId: " + userId);
            case FORGOTTEN_EMAIL, FORGOTTEN_USER_ID -> new ApiError(409, "ForgottenUserError",
                    "Contact is GDPR forgotten: " + (r.outcome() == Outcome.FORGOTTEN_EMAIL ? r.email() : r.userId()));
            case NOT_FOUND_EMAIL -> new ApiError(400, "UnknownEmailError", "No user exists with email " + r.email());
            case NOT_FOUND_USER_ID -> new ApiError(400, "UnknownUserIdError", "No user exists with userId " + r.userId()
                    + " (set preferUserId=true to create one)");
            case CONFLICT_EMAIL -> new ApiError(409, "EmailAlreadyExists", "Email " + r.email() + " belongs to another user");
            case CONFLICT_USER_ID -> new ApiError(409, "UserIdAlreadyExists", "userId conflict for " + r.userId());
            default -> throw new IllegalStateException(r.outcome().name());
        };
    }

    /** GET /api/users/getByEmail?email= and GET /api/users/{email}: 200 {"user":...}, or 200 {} when unknown. */
    EmulatorResponse getByEmail(String email) {
        if (email == null || email.isEmpty()) {
            throw ApiError.badParams("email is required");
        }
        return userResponse(directory.byEmail(email));
    }

    /** GET /api/users/byUserId/{userId}. */
    EmulatorResponse getByUserId(String userId) {
        return userResponse(directory.byUserId(userId));
    }

    private static EmulatorResponse userResponse(UserProfile u) {
        return EmulatorResponse.json(200, u == null ? Map.of() : Map.of("user", u.toApi()));
    }

    /** DELETE /api/users/{email}: not for userId projects (spec); an unknown user is 400 UnknownEmailError. */
    EmulatorResponse deleteByEmail(String email) {
        if (state.projectType == ProjectType.USER_ID) {
            throw ApiError
                    .badParams("Deleting by email is not supported in userID-based projects; use /api/users/byUserId/{userId}");
        }
        UserProfile u = directory.byEmail(email);
        if (u == null) {
            throw new ApiError(400, "UnknownEmailError", "User with email " + email + " does not exist");
        }
        directory.remove(u);
        state.deleted.add(u.email);
        return EmulatorResponse.success("Deleted user with email " + u.email, null);
    }

    /** DELETE /api/users/byUserId/{userId}: deletes every user sharing the userId (spec). */
    EmulatorResponse deleteByUserId(String userId) {
        List<UserProfile> all = directory.allByUserId(userId);
        if (all.isEmpty()) {
            throw new ApiError(400, "UnknownUserIdError", "User with userId " + userId + " does not exist");
        }
        all.forEach(directory::remove);
        state.deleted.add(userId);
        return EmulatorResponse.success("Deleted " + all.size() + " user(s) with userId " + userId, null);
    }

    /** POST /api/users/forget: deletes the data, blocks future data, 1,000 calls per 24 h. */
    EmulatorResponse forget(EmulatorRequest req) {
        Map<String, Object> body = req.jsonObject();
        String[] id = gdprIdentifier(body, "forget");
        takeDailyQuota(state.forgetCalls, "/api/users/forget");
        List<UserProfile> targets = new ArrayList<>();
        if (id[0] != null) {
            UserProfile u = directory.byEmail(id[0]);
            if (u != null) {
                targets.add(u);
            }
            state.forgottenEmails.add(id[0]);
        } else {
            targets.addAll(directory.allByUserId(id[1]));
            state.forgottenUserIds.add(id[1]);
        }
        for (UserProfile u : targets) {
            // every identifier of the forgotten profile is blocked, whichever one the request named
            if (u.email != null && !u.email.endsWith("@placeholder.email")) {
                state.forgottenEmails.add(u.email);
            }
            // in email projects a userId is a shared attribute, not an identity: only the email is blocked
            if (u.userId != null && state.projectType != ProjectType.EMAIL) {
                state.forgottenUserIds.add(u.userId);
            }
            directory.remove(u);
        }
        return EmulatorResponse.success("", null);
    }

    /** POST /api/users/unforget: data collection resumes; deleted data stays deleted. */
    EmulatorResponse unforget(EmulatorRequest req) {
        Map<String, Object> body = req.jsonObject();
        String[] id = gdprIdentifier(body, "unforget");
        takeDailyQuota(state.unforgetCalls, "/api/users/unforget");
        if (id[0] != null) {
            state.forgottenEmails.remove(id[0]);
        } else {
            state.forgottenUserIds.remove(id[1]);
        }
        return EmulatorResponse.success("", null);
    }

    /** Spec: email projects forget by email, userId projects by userId, hybrid by either. Returns {email, userId}. */
    private String[] gdprIdentifier(Map<String, Object> body, String action) {
        String email = Identifiers.normalizeEmail(str(body, "email"));
        String userId = str(body, "userId");
        switch (state.projectType) {
            case EMAIL -> {
                if (email == null) {
                    throw ApiError.badParams("In email-based projects you must " + action + " users by email");
                }
                userId = null;
            }
            case USER_ID -> {
                if (userId == null) {
                    throw ApiError.badParams("In userID-based projects you must " + action + " users by userId");
                }
                email = null;
            }
            case HYBRID -> {
                if (email == null && userId == null) {
                    throw ApiError.badParams("email or userId is required");
                }
                if (email != null) {
                    userId = null;
                }
            }
        }
        if (email != null && !Identifiers.validEmail(email)) {
            throw new ApiError(400, "InvalidEmailAddressError", "Invalid email: " + email);
        }
        if (userId != null && !Identifiers.validUserId(userId)) {
            throw new ApiError(400, "InvalidUserIdError", "Invalid userId: " + userId);
        }
        return new String[]{email, userId};
    }

    private void takeDailyQuota(Deque<Instant> calls, String path) {
        Instant now = state.now();
        Instant dayAgo = now.minus(Duration.ofHours(24));
        while (!calls.isEmpty() && !calls.peekFirst().isAfter(dayAgo)) {
            calls.pollFirst();
        }
        if (calls.size() >= dailyForgetCap) {
            throw new ApiError(429, "RateLimitExceeded", "Daily limit exceeded: at most " + dailyForgetCap
                    + " requests per 24 hour period, per project, for " + path);
        }
        calls.addLast(now);
    }

    /** GET /api/users/getFields: the user schema, path -> type. */
    EmulatorResponse getFields() {
        return EmulatorResponse.json(200, Map.of("fields", state.fieldTypes.fieldsOf(FieldTypes.USER_SCOPE)));
    }

    /** POST /api/users/updateEmail: email projects only; 409 when the new email exists or was forgotten. */
    EmulatorResponse updateEmail(EmulatorRequest req) {
        Map<String, Object> body = req.jsonObject();
        if (state.projectType != ProjectType.EMAIL) {
            throw ApiError.badParams("updateEmail is for email-based projects; use POST /api/users/update in "
                    + (state.projectType == ProjectType.USER_ID ? "userID-based" : "hybrid") + " projects");
        }
        String currentEmail = str(body, "currentEmail");
        String currentUserId = str(body, "currentUserId");
        String newEmail = Identifiers.normalizeEmail(str(body, "newEmail"));
        if (newEmail == null) {
            throw ApiError.badParams("newEmail is required");
        }
        if (!Identifiers.validEmail(newEmail)) {
            throw new ApiError(400, "InvalidEmailAddressError", "Invalid email: " + newEmail);
        }
        UserProfile u;
        if (currentEmail != null) {
            // spec: currentEmail takes precedence when both are given
            u = directory.byEmail(currentEmail);
            if (u == null) {
                throw new ApiError(400, "UnknownEmailError", "No user exists with email " + currentEmail);
            }
        } else if (currentUserId != null) {
            u = directory.byUserId(currentUserId);
            if (u == null) {
                throw new ApiError(400, "UnknownUserIdError", "No user exists with userId " + currentUserId);
            }
        } else {
            throw ApiError.badParams("currentEmail or currentUserId is required");
        }
        if (state.forgottenEmails.contains(newEmail)) {
            throw new ApiError(409, "ForgottenUserError", "Email " + newEmail + " has been forgotten (GDPR)");
        }
        UserProfile owner = directory.byEmail(newEmail);
        if (owner != null && owner != u) {
            throw new ApiError(409, "EmailAlreadyExists", "A user with email " + newEmail + " already exists");
        }
        directory.changeEmail(u, newEmail);
        return EmulatorResponse.success("", null);
    }
}
