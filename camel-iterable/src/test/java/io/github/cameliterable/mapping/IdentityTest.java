package io.github.cameliterable.mapping;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The identity's JSON (part of every row hash; with the field names, what the state keeps) is the text the Jackson tree
 * it once was wrote.
 */
class IdentityTest {

    @Test
    void itsJsonIsWhatTheTreeWrote() {
        String[] values = {null, "a@b.co", "quote\"back\\slash", "tab\tnew\nline\u0001\u001f", "caf\u00e9 \ud83d\ude00",
                "\ud800",
                "</script>", ""};
        for (String email : values) {
            for (String userId : values) {
                for (MatchBy key : MatchBy.values()) {
                    ObjectNode tree = JsonNodeFactory.instance.objectNode();
                    if (email != null) {
                        tree.put("email", email);
                    }
                    if (userId != null) {
                        tree.put("userId", userId);
                    }
                    tree.put("key", key.name());
                    assertEquals(tree.toString(), new Identity(email, userId, key).toJson());
                    // as the state keeps it: with the names of the record's fields
                    java.util.List<String> fields = userId == null ? java.util.List.of()
                            : java.util.List.of("plan", userId, "a\"b");
                    fields.forEach(tree.putArray("fields")::add);
                    assertEquals(tree.toString(), new Identity(email, userId, key).toJson(fields.iterator()));
                }
            }
        }
    }
}
