package io.github.cameliterable.emulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Accumulates successCount, failCount and failedUpdates of a bulk answer (users, lists, events). */
final class BulkResult {
    private static final List<String> USER_KEYS = List.of("invalidEmails", "invalidUserIds", "conflictEmails",
            "conflictUserIds", "forgottenEmails", "forgottenUserIds", "invalidDataEmails", "invalidDataUserIds",
            "notFoundEmails", "notFoundUserIds");
    private static final List<String> EVENT_KEYS = List.of("invalidEmails", "invalidUserIds", "forgottenEmails",
            "forgottenUserIds", "notFoundEmails", "notFoundUserIds");

    private final List<String> keys;
    private final Map<String, List<String>> failed = new LinkedHashMap<>();
    // the deprecated top-level lists: every identifier that failed, as Iterable still fills them
    private final Set<String> failedEmails = new LinkedHashSet<>();
    private final Set<String> failedUserIds = new LinkedHashSet<>();
    int successCount;
    int failCount;

    private BulkResult(List<String> keys) {
        this.keys = keys;
        keys.forEach(k -> failed.put(k, new ArrayList<>()));
    }

    static BulkResult forUsers() {
        return new BulkResult(USER_KEYS);
    }

    static BulkResult forEvents() {
        return new BulkResult(EVENT_KEYS);
    }

    void success() {
        successCount++;
    }

    /** Records one failed record under the failedUpdates list that the resolution outcome calls for. */
    void fail(UserDirectory.Resolution r, String rawEmail, String rawUserId) {
        failCount++;
        switch (r.outcome()) {
            case INVALID_EMAIL -> add("invalidEmails", rawEmail, true);
            case INVALID_USER_ID -> add("invalidUserIds", rawUserId, false);
            case FORGOTTEN_EMAIL -> add("forgottenEmails", r.email(), true);
            case FORGOTTEN_USER_ID -> add("forgottenUserIds", r.userId(), false);
            case NOT_FOUND_EMAIL -> add("notFoundEmails", r.email(), true);
            case NOT_FOUND_USER_ID -> add("notFoundUserIds", r.userId(), false);
            case CONFLICT_EMAIL -> add("conflictEmails", r.email(), true);
            case CONFLICT_USER_ID -> add("conflictUserIds", r.userId(), false);
            // neither identifier: reported as an invalid (empty) email, the only place Iterable has for it
            case MISSING_ID -> add("invalidEmails", "", true);
            default -> throw new IllegalStateException("not a failure: " + r.outcome());
        }
    }

    private void add(String key, String value, boolean email) {
        String v = value == null ? "" : value;
        if (keys.contains(key)) {
            failed.get(key).add(v);
        }
        (email ? failedEmails : failedUserIds).add(v);
    }

    Map<String, Object> toUserBulkResponse(List<String> createdFields, List<String> filteredOutFields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("successCount", successCount);
        m.put("failCount", failCount);
        m.put("invalidEmails", new ArrayList<>(failedEmails));
        m.put("invalidUserIds", new ArrayList<>(failedUserIds));
        m.put("failedUpdates", failed);
        m.put("createdFields", createdFields);
        m.put("filteredOutFields", filteredOutFields);
        return m;
    }

    Map<String, Object> toEventBulkResponse(List<String> createdFields, List<String> filteredOutFields) {
        Map<String, Object> m = toUserBulkResponse(createdFields, filteredOutFields);
        m.put("disallowedEventNames", List.of());
        return m;
    }
}
