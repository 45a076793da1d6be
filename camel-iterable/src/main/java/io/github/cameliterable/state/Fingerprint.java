package io.github.cameliterable.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A record as change detection sees it: its primary key, the hash of its mapped fields, and its identity
 * ({@code email}, {@code userId} or other identifiers as a small JSON object) so that a removal can still address
 * the record after it left the model.
 */
public record Fingerprint(String primaryKey, String hash, String identity) {

    /** The stored identity of a key that left the model: email, userId, key and fields. */
    public JsonNode identityJson(ObjectMapper json) {
        try {
            return json.readTree(identity);
        } catch (Exception e) {
            throw new IllegalStateException("The state holds an unreadable identity for key " + primaryKey, e);
        }
    }

    /** The identifier that matched the user, from a stored identity ({@link #identityJson}). */
    public static String keyValueOf(JsonNode identity) {
        return "userId".equals(identity.path("key").asText())
                ? identity.path("userId").asText(null)
                : identity.path("email").asText(null);
    }
}
