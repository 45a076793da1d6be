package io.github.cameliterable.mapping;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Column values as Iterable receives them: dates in its format and in UTC, JSON text as JSON, numbers JSON holds. */
class IterableValuesTest {
    private final IterableValues values = new IterableValues(new ObjectMapper());

    @Test
    void everyJavaTimeValueIsTheSameInstantInIterablesFormat() {
        Instant instant = Instant.parse("2026-05-04T03:02:01Z");
        String expected = "2026-05-04 03:02:01 +00:00";
        assertEquals(expected, values.toJson("at", instant).asText());
        assertEquals(expected, values.toJson("at", OffsetDateTime.parse("2026-05-04T05:02:01+02:00")).asText());
        assertEquals(expected, values.toJson("at", ZonedDateTime.ofInstant(instant, ZoneId.of("America/New_York"))).asText());
        assertEquals(expected, values.toJson("at", LocalDateTime.parse("2026-05-04T03:02:01")).asText(), "no zone: UTC");
        assertEquals(expected, values.toJson("at", Timestamp.from(instant)).asText());
        assertEquals(expected, values.toJson("at", java.util.Date.from(instant)).asText());
        assertEquals("2026-05-04", values.toJson("day", LocalDate.parse("2026-05-04")).asText());
        assertEquals("2026-05-04", values.toJson("day", java.sql.Date.valueOf("2026-05-04")).asText());
    }

    @Test
    void jsonTextOfAnArrayOrObjectBecomesThatJsonAndOtherTextStaysText() {
        JsonNode entities = values.toJson("orders", "[{\"id\":1},{\"id\":2}]");
        assertTrue(entities.isArray());
        assertEquals(2, entities.get(1).path("id").asInt());
        assertTrue(values.toJson("address", " {\"city\":\"Lyon\"} ").isObject());
        assertEquals(TextNode.valueOf("[not json"), values.toJson("note", "[not json"));
        assertEquals(TextNode.valueOf("[oops]"), values.toJson("note", "[oops]"), "brackets that are not JSON stay text");
    }

    @Test
    void numbersNullsAndOtherTypes() {
        assertTrue(values.toJson("n", null).isNull());
        assertEquals(42L, values.toJson("n", 42).longValue());
        assertEquals(new BigDecimal("12.50"), values.toJson("n", new BigDecimal("12.50")).decimalValue());
        assertEquals(1.5, values.toJson("n", 1.5f).doubleValue());
        UUID id = UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7");
        assertEquals(id.toString(), values.toJson("id", id).asText());
        assertEquals("AQI=", values.toJson("raw", new byte[]{1, 2}).asText());
        // H2 returns a JSON column as its UTF-8 bytes: the JSON they hold, not Base64
        JsonNode items = values.toJson("items", " [{\"id\":\"m1\",\"price\":3}]".getBytes(StandardCharsets.UTF_8));
        assertEquals("m1", items.path(0).path("id").asText(), items.toString());
        assertEquals("WzEsMg==", values.toJson("raw", "[1,2".getBytes(StandardCharsets.UTF_8)).asText(), "not JSON: Base64");
        assertEquals("W/8=", values.toJson("raw", new byte[]{'[', (byte) 0xff}).asText(), "not UTF-8: Base64");
        JsonNode nested = values.toJson("profile", Map.of("tags", List.of("a", "b"), "since", LocalDate.parse("2020-01-02")));
        assertEquals("b", nested.path("tags").get(1).asText());
        assertEquals("2020-01-02", nested.path("since").asText());
    }

    @Test
    void aNumberJsonCannotHoldFailsNamingTheField() {
        InvalidRecordException nan = assertThrows(InvalidRecordException.class, () -> values.toJson("score", Double.NaN));
        assertEquals("score", nan.field());
        InvalidRecordException nested = assertThrows(InvalidRecordException.class,
                () -> values.toJson("stats", Map.of("ratio", Double.POSITIVE_INFINITY)));
        assertEquals("stats.ratio", nested.field());
    }

    @Test
    void aWholeNumberBeyondSixtyFourBitsFailsNamingTheField() {
        // MariaDB's driver returns a BIGINT UNSIGNED as a BigInteger: within a long it is a number as any other
        assertEquals(7, values.toJson("ID", BigInteger.valueOf(7)).longValue());
        assertEquals(Long.MAX_VALUE, values.toJson("ID", BigInteger.valueOf(Long.MAX_VALUE)).longValue());
        assertEquals(Long.MIN_VALUE, values.toJson("ID", new BigDecimal(Long.MIN_VALUE)).longValue());
        InvalidRecordException unsigned = assertThrows(InvalidRecordException.class,
                () -> values.toJson("ID", new BigInteger("18446744073709551615")));
        assertEquals("ID", unsigned.field());
        assertTrue(unsigned.reason().contains("18446744073709551615 is outside Iterable's 64-bit range"),
                unsigned.reason());
        // a NUMERIC without scale is written as a whole number too; with a scale or an exponent, as a decimal
        assertEquals("ID", assertThrows(InvalidRecordException.class,
                () -> values.toJson("ID", new BigDecimal("123456789012345678901234567890"))).field());
        assertEquals(1.5e30, values.toJson("n", new BigDecimal("1.5E+30")).doubleValue());
        assertEquals(0, new BigDecimal("123456789012345678901234567890.5")
                .compareTo(values.toJson("n", new BigDecimal("123456789012345678901234567890.5")).decimalValue()));
        // and inside a JSON column
        assertEquals("prefs.big", assertThrows(InvalidRecordException.class,
                () -> values.toJson("prefs", "{\"big\": 99999999999999999999}")).field());
    }

    @Test
    void sqlValuesOfWarehouseDriversAreSentAsIterableReadsThem() throws Exception {
        // a TIME column (java.sql.Time, whose toInstant() throws), an array column (PostgreSQL's text[] and int[]:
        // java.sql.Array, read from the value: the row's connection is closed by then), PostgreSQL's other PGobjects
        assertEquals("10:11:12", values.toJson("t", java.sql.Time.valueOf("10:11:12")).asText());
        JsonNode tags = values.toJson("tags", sqlArray(new String[]{"a", "b"}));
        assertEquals("[\"a\",\"b\"]", tags.toString());
        assertEquals("[1,2]", values.toJson("nums", sqlArray(new int[]{1, 2})).toString());
        InvalidRecordException closed = assertThrows(InvalidRecordException.class,
                () -> values.toJson("tags", sqlArray(new java.sql.SQLException("This connection has been closed."))));
        assertEquals("tags", closed.field());
        assertTrue(closed.reason().startsWith("an SQL array that cannot be read"), closed.reason());
        assertEquals("long text", values.toJson("notes", new javax.sql.rowset.serial.SerialClob("long text".toCharArray()))
                .asText());
        assertEquals("{\"a\":1}", values.toJson("prefs", new javax.sql.rowset.serial.SerialClob("{\"a\":1}".toCharArray()))
                .toString());
        assertEquals("AQI=", values.toJson("raw", new javax.sql.rowset.serial.SerialBlob(new byte[]{1, 2})).asText());
        org.postgresql.util.PGInterval interval = new org.postgresql.util.PGInterval("1 day");
        assertEquals(interval.getValue(), values.toJson("iv", interval).asText());
    }

    /** A java.sql.Array whose getArray() gives {@code elements}, or throws them when they are an exception. */
    private static java.sql.Array sqlArray(Object elements) {
        return (java.sql.Array) java.lang.reflect.Proxy.newProxyInstance(IterableValuesTest.class.getClassLoader(),
                new Class<?>[]{java.sql.Array.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getArray") && (args == null || args.length == 0)) {
                        if (elements instanceof Exception e) {
                            throw e;
                        }
                        return elements;
                    }
                    if (method.getName().equals("toString")) {
                        return "array";
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void nestingBeyondTheLimitFails() {
        Object deep = "leaf";
        for (int i = 0; i <= IterableRules.MAX_NESTING_DEPTH + 1; i++) {
            List<Object> wrapper = new ArrayList<>();
            wrapper.add(deep);
            deep = wrapper;
        }
        Object tooDeep = deep;
        InvalidRecordException e = assertThrows(InvalidRecordException.class, () -> values.toJson("tree", tooDeep));
        assertTrue(e.reason().contains("nested deeper"), e.reason());
    }

    @Test
    void epochSecondsFromEveryShapeOfTime() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        long expected = Instant.parse("2026-05-04T03:02:01Z").getEpochSecond();
        assertEquals(expected, IterableValues.epochSeconds("at", nodes.numberNode(expected)));
        assertEquals(expected, IterableValues.epochSeconds("at", nodes.numberNode(expected * 1000 + 999)), "millis");
        assertEquals(expected, IterableValues.epochSeconds("at", nodes.textNode(String.valueOf(expected))));
        assertEquals(expected, IterableValues.epochSeconds("at", nodes.textNode("2026-05-04 03:02:01 +00:00")));
        assertEquals(expected, IterableValues.epochSeconds("at", nodes.textNode("2026-05-04T05:02:01+02:00")));
        assertEquals(expected, IterableValues.epochSeconds("at", nodes.textNode("2026-05-04T03:02:01Z")));
        assertEquals(expected, IterableValues.epochSeconds("at", nodes.textNode("2026-05-04 03:02:01")));
        assertEquals(LocalDate.parse("2026-05-04").atStartOfDay().toEpochSecond(ZoneOffset.UTC),
                IterableValues.epochSeconds("at", nodes.textNode("2026-05-04")));
        InvalidRecordException e = assertThrows(InvalidRecordException.class,
                () -> IterableValues.epochSeconds("created_at", nodes.textNode("yesterday")));
        assertEquals("created_at", e.field());
    }
}
