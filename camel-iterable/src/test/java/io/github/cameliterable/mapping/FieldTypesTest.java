package io.github.cameliterable.mapping;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which JSON value fits which of Iterable's field types, and the first mismatch of a record's fields. */
class FieldTypesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void eachTypeTakesItsValuesAndNull() throws Exception {
        assertTrue(FieldTypes.fits("string", json("\"a\"")));
        assertFalse(FieldTypes.fits("string", json("1")));
        assertTrue(FieldTypes.fits("long", json("12")));
        assertFalse(FieldTypes.fits("long", json("1.5")));
        assertTrue(FieldTypes.fits("double", json("1.5")));
        assertTrue(FieldTypes.fits("double", json("2")));
        assertTrue(FieldTypes.fits("boolean", json("false")));
        assertFalse(FieldTypes.fits("boolean", json("\"false\"")));
        assertTrue(FieldTypes.fits("object", json("{}")));
        assertTrue(FieldTypes.fits("geo_location", json("{\"lat\":1,\"lon\":2}")));
        assertFalse(FieldTypes.fits("geo_location", json("{\"lat\":1}")));
        assertTrue(FieldTypes.fits("date", json("\"2026-01-02 03:04:05 +00:00\"")));
        assertTrue(FieldTypes.fits("date", json("1767323045")));
        assertFalse(FieldTypes.fits("date", json("\"next week\"")));
        for (String type : new String[]{"string", "long", "double", "boolean", "object", "geo_location", "date"}) {
            assertTrue(FieldTypes.fits(type, json("null")), type + " takes null");
        }
        assertTrue(FieldTypes.fits("someFutureType", json("[1]")), "an unknown type takes anything");
    }

    @Test
    void theFirstMismatchNamesTheDottedPathTheValueAndTheType() throws Exception {
        FieldTypes types = new FieldTypes(Map.of("plan", "string", "address.zip", "long", "tags", "string"), "test");
        assertNull(types.firstMismatch(json("{\"plan\":\"pro\",\"address\":{\"zip\":75001},\"tags\":[\"a\",\"b\"]}")));
        FieldTypeMismatch nested = types.firstMismatch(json("{\"plan\":\"pro\",\"address\":{\"zip\":\"75001\"}}"));
        assertEquals(new FieldTypeMismatch("address.zip", json("\"75001\""), "long", "test"), nested);
        assertEquals("the value \"75001\" does not fit the field's type long in Iterable (test)", nested.reason());
        FieldTypeMismatch inArray = types.firstMismatch(json("{\"tags\":[\"a\",2]}"));
        assertEquals("tags", inArray.field(), "arrays are typed by their elements");
        assertEquals("address.zip", nested.toException().field());
    }
}
