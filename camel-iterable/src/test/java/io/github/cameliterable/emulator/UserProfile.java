package io.github.cameliterable.emulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** One stored user; mutable, only ever touched under the emulator's lock. */
final class UserProfile {
    static final DateTimeFormatter ITERABLE_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS xxx")
            .withZone(ZoneOffset.UTC);

    final long internalId;
    String email;
    String userId;
    final Map<String, Object> dataFields = new LinkedHashMap<>();
    final Instant signupDate;
    Instant profileUpdatedAt;

    UserProfile(long internalId, String email, String userId, Instant now) {
        this.internalId = internalId;
        this.email = email;
        this.userId = userId;
        this.signupDate = now;
        this.profileUpdatedAt = now;
    }

    /** The identifier Iterable reports for this user in this project. */
    String key() {
        return email != null ? email : userId;
    }

    /** Iterable's user document: email, userId and every field (built-ins included) in dataFields. */
    Map<String, Object> toApi() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.putAll(dataFields);
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
        user.put("dataFields", Json.copy(fields));
        return user;
    }
}
