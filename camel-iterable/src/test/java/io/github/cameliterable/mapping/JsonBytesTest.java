package io.github.cameliterable.mapping;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** An item's bytes are what the mapper itself writes for the tree, record after record, whatever its settings. */
class JsonBytesTest {

    private static ObjectNode user(int i) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode user = nodes.objectNode();
        user.put("email", "user" + i + "@example.com");
        ObjectNode fields = user.putObject("dataFields");
        fields.put("text", "caf\u00e9 \"quoted\" \\ \ud83d\ude00 \u0001 </tag>");
        fields.put("int", i);
        fields.put("long", 1L << 40);
        fields.put("double", i / 3.0);
        fields.put("float", 1.5f);
        fields.put("short", (short) 7);
        fields.put("decimal", new BigDecimal("12.500"));
        fields.put("big", new BigInteger("123456789012345678901234567890"));
        fields.put("bool", i % 2 == 0);
        fields.putNull("none");
        fields.putArray("empty");
        fields.putArray("list").add(1).add("two").addNull().addObject().put("three", 3.0);
        fields.putObject("nested").putObject("deeper").put("b", true).put("a", "z");
        fields.put("binary", new byte[]{1, 2, 3});
        fields.putPOJO("pojo", java.util.Map.of("k", "v"));
        return user;
    }

    private static void assertSameBytesAsTheMapper(ObjectMapper json) throws Exception {
        JsonBytes bytes = new JsonBytes(json);
        for (int i = 0; i < 3; i++) {
            ObjectNode user = user(i);
            assertEquals(new String(json.writeValueAsBytes(user), StandardCharsets.UTF_8),
                    new String(bytes.write(user), StandardCharsets.UTF_8), "record " + i);
        }
        ObjectNode empty = JsonNodeFactory.instance.objectNode();
        assertEquals(new String(json.writeValueAsBytes(empty), StandardCharsets.UTF_8),
                new String(bytes.write(empty), StandardCharsets.UTF_8));
    }

    @Test
    void theBytesAreTheMappersForEveryKindOfValue() throws Exception {
        assertSameBytesAsTheMapper(new ObjectMapper());
        assertSameBytesAsTheMapper(new ObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS));
    }

    @Test
    void aMapperThatWritesTreesOtherwiseIsFollowed() throws Exception {
        assertSameBytesAsTheMapper(new ObjectMapper().configure(JsonNodeFeature.WRITE_PROPERTIES_SORTED, true));
        assertSameBytesAsTheMapper(new ObjectMapper().configure(JsonNodeFeature.WRITE_NULL_PROPERTIES, false));
        assertSameBytesAsTheMapper(new ObjectMapper().disable(SerializationFeature.WRITE_EMPTY_JSON_ARRAYS));
        assertSameBytesAsTheMapper(new ObjectMapper().enable(JsonGenerator.Feature.ESCAPE_NON_ASCII));
        assertSameBytesAsTheMapper(new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN));
        assertSameBytesAsTheMapper(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT));
    }
}
