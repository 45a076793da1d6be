package io.github.cameliterable.emulator;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The emulator's body reader gives what Jackson's untyped reading gives, and keeps data fields' bytes. */
class EmulatorJsonTest {

    private static final List<String> BODIES = List.of(
            "{}", "[]", "\"x\"", "12", "-0", "1.5", "-2.5e-3", "1E10", "9223372036854775807", "true", "false", "null",
            "  {\"a\" : 1 , \"b\":[1,2.0,\"3\",null,{\"c\":{}}]}  ",
            "{\"a\":1,\"a\":2}",
            "{\"s\":\"caf\\u00e9 \\\"quoted\\\" \\n\\t /\\\\ \\ud83d\\ude00\"}",
            "{\"users\":[{\"email\":\"a@example.com\",\"dataFields\":{\"n\":1,\"d\":2.25,\"o\":{\"x\":[true,null]},"
                    + "\"e\":\"\",\"dataFields\":{\"deep\":1}}},{\"email\":\"b@example.com\",\"dataFields\":{}}]}",
            "{\"a\":1} trailing is ignored, as by Jackson");

    private static final List<String> BAD = List.of("", "   ", "{", "{\"a\":}", "[1,]", "{\"a\":1,}", "nope",
            "{\"n\":92233720368547758070}", "{\"a\":\"\\x\"}");

    @Test
    void readsWhatJacksonReads() throws Exception {
        for (String body : BODIES) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            assertEquals(Json.MAPPER.readValue(bytes, Object.class), Json.read(bytes), body);
        }
    }

    @Test
    void refusesWhatJacksonRefusesWithItsMessage() {
        for (String body : BAD) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            Exception jackson = assertThrows(Exception.class, () -> Json.MAPPER.readValue(bytes, Object.class), body);
            Exception ours = assertThrows(Exception.class, () -> Json.read(bytes), body);
            assertEquals(jackson.getClass(), ours.getClass(), body);
            assertEquals(jackson.getMessage(), ours.getMessage(), body);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void dataFieldsKeepTheirBytesUntilChanged() throws Exception {
        byte[] body = BODIES.get(15).getBytes(StandardCharsets.UTF_8);
        Map<String, Object> user = ((List<Map<String, Object>>) ((Map<String, Object>) Json.read(body)).get("users")).get(0);
        Json.Sourced fields = assertInstanceOf(Json.Sourced.class, user.get("dataFields"));
        byte[] source = fields.source();
        assertNotNull(source);
        assertEquals(fields, Json.readObject(source));
        assertEquals(Map.of("deep", 1L), Json.readObject(((Json.Sourced) fields.get("dataFields")).source()),
                "a dataFields key inside data fields is an object like any other");
        assertNull(((Json.Sourced) user).source(), "only objects under dataFields keep their bytes");
        fields.remove("n");
        assertNull(fields.source(), "a changed object no longer matches its bytes");
    }

    @Test
    void aBodyInUtf16IsReadAsByJacksonWithoutBytesKept() throws Exception {
        byte[] body = "{\"users\":[{\"email\":\"a@example.com\",\"dataFields\":{\"n\":1}}]}"
                .getBytes(StandardCharsets.UTF_16BE);
        Object read = Json.read(body);
        assertEquals(Json.MAPPER.readValue(body, Object.class), read);
        @SuppressWarnings("unchecked")
        Map<String, Object> user = ((List<Map<String, Object>>) ((Map<String, Object>) read).get("users")).get(0);
        assertNull(((Json.Sourced) user.get("dataFields")).source(), "no byte offsets: the fields are written anew");
    }
}
