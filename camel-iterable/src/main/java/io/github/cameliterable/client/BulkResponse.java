package io.github.cameliterable.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Iterable's answer to its bulk calls ({@code users/bulkUpdate}, {@code events/trackBulk}, {@code lists/subscribe}
 * and {@code unsubscribe}): counts, and under {@code failedUpdates} the identifiers of the records it refused, by
 * reason.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class BulkResponse {
    public int successCount;
    public int failCount;
    public FailedUpdates failedUpdates = new FailedUpdates();
    public List<String> createdFields = List.of();
    public List<String> filteredOutFields = List.of();
    public List<String> disallowedEventNames = List.of();

    /** {@code failedUpdates}: reason (such as {@code invalidEmails}) to the refused identifiers. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class FailedUpdates {
        private final Map<String, List<String>> byReason = new LinkedHashMap<>();

        @JsonAnySetter
        public void put(String reason, List<String> identifiers) {
            if (identifiers != null && !identifiers.isEmpty()) {
                byReason.put(reason, identifiers);
            }
        }

        public Map<String, List<String>> byReason() {
            return Collections.unmodifiableMap(byReason);
        }

        public boolean isEmpty() {
            return byReason.isEmpty();
        }
    }

    /** Why Iterable refused an identifier, in words a user understands. */
    public static String describe(String reason) {
        return switch (reason) {
            case "invalidEmails" -> "invalid email (invalidEmails)";
            case "invalidUserIds" -> "invalid userId (invalidUserIds)";
            case "notFoundEmails" -> "no user with this email (notFoundEmails)";
            case "notFoundUserIds" -> "no user with this userId (notFoundUserIds)";
            case "forgottenEmails" -> "user is forgotten (forgottenEmails)";
            case "forgottenUserIds" -> "user is forgotten (forgottenUserIds)";
            case "conflictEmails" -> "email already belongs to another user (conflictEmails)";
            case "conflictUserIds" -> "userId already belongs to another user (conflictUserIds)";
            case "invalidDataEmails" -> "invalid data in dataFields (invalidDataEmails)";
            case "invalidDataUserIds" -> "invalid data in dataFields (invalidDataUserIds)";
            default -> reason;
        };
    }
}
