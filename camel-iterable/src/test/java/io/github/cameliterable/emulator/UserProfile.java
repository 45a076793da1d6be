package io.github.cameliterable.emulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One stored user; mutable, only ever touched under the emulator's lock. Its data fields are kept as their JSON
 * bytes, not as a tree of maps: a test may hold millions of users, and a user's fields in one array are a few
 * objects for the garbage collector instead of dozens (at 500,000 users, G1's copying of the stored trees was a fifth
 * of the process's CPU).
 */
final class UserProfile {
    static final DateTimeFormatter ITERABLE_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS xxx")
            .withZone(ZoneOffset.UTC);

    final long internalId;
    String email;
    /** Only {@link UserDirectory} sets it, keeping its index by userId. */
    String userId;
    private byte[] dataFields;
    final Instant signupDate;
    Instant profileUpdatedAt;

    /** A new user; its userId is set through the directory, which indexes it. */
    UserProfile(long internalId, String email, Instant now) {
        this.internalId = internalId;
        this.email = email;
        this.signupDate = now;
        this.profileUpdatedAt = now;
    }

    boolean hasDataFields() {
        return dataFields != null;
    }

    /** The user's data fields, as a new mutable map of plain JSON values (nothing in it is shared with the state). */
    Map<String, Object> dataFields() {
        return dataFields == null ? new LinkedHashMap<>() : Json.readObject(dataFields);
    }

    /** Stores these fields as the user's (a copy: the map may be changed or dropped afterwards). */
    void dataFields(Map<String, Object> fields) {
        dataFields = Json.bytesOf(fields);
    }

    /** The identifier Iterable reports for this user in this project. */
    String key() {
        return email != null ? email : userId;
    }

    /** Iterable's user document: email, userId and every field (built-ins included) in dataFields. */
    Map<String, Object> toApi() {
        Map<String, Object> fields = dataFields();
        if (email != null) {
            fields.put("email", email);
        }
        if (userId != null) {
            fields.put("userId", userId);
        }
        fields.put("signupDate", ITERABLE_DATE.format(signupDate));
        fields.put("profileUpdatedAt", ITERABLE_DATE.format(profileUpdatedAt));
        Map<String, Object> user = new LinkedHashMap<>();
        if (email != null) {
            user.put("email", email);
        }
        if (userId != null) {
            user.put("userId", userId);
        }
        user.put("dataFields", fields);
        return user;
    }
}
