package io.github.cameliterable.state;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The content hash: equal content hashes equal whatever the key order; any real difference changes it. */
class RowHashTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String hash(String identity, String fields) throws Exception {
        return RowHash.of(identity, JSON.readTree(fields), Map.of());
    }

    @Test
    void keyOrderAndNumberSpellingDoNotChangeTheHash() throws Exception {
        assertEquals(hash("a", "{\"x\":1,\"y\":{\"b\":true,\"a\":null}}"), hash("a", "{\"y\":{\"a\":null,\"b\":true},\"x\":1}"));
        assertEquals(hash("a", "{\"price\":12.50}"), hash("a", "{\"price\":12.5}"));
        assertEquals(32, hash("a", "{}").length(), "128 bits in hex");
    }

    @Test
    void typesValuesIdentityAndArrayOrderDo() throws Exception {
        String base = hash("a", "{\"x\":1}");
        assertNotEquals(base, hash("a", "{\"x\":\"1\"}"), "a number is not its text");
        assertNotEquals(base, hash("a", "{\"x\":2}"));
        assertNotEquals(base, hash("b", "{\"x\":1}"), "another identity");
        assertNotEquals(base, hash("a", "{\"x\":1,\"y\":null}"), "a field set to null is a change");
        assertNotEquals(hash("a", "{\"t\":[1,2]}"), hash("a", "{\"t\":[2,1]}"));
        // the length prefix keeps "ab"+"c" apart from "a"+"bc"
        assertNotEquals(hash("a", "{\"k\":\"ab\",\"l\":\"c\"}"), hash("a", "{\"k\":\"a\",\"l\":\"bc\"}"));
    }

    @Test
    void syncColumnsCountByNameNotByOrder() throws Exception {
        JsonNode fields = JSON.readTree("{}");
        JsonNode one = JSON.readTree("\"Signed Up\"");
        JsonNode two = JSON.readTree("3");
        assertEquals(RowHash.of("a", fields, Map.of("event", one, "n", two)),
                RowHash.of("a", fields, Map.of("n", two, "event", one)));
        assertNotEquals(RowHash.of("a", fields, Map.of("event", one)), RowHash.of("a", fields, Map.of("name", one)));
    }
}
