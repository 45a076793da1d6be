package io.github.cameliterable.mapping;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.cameliterable.state.RowHash;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Data fields written straight from a row are what the JSON tree of the same row gave: the same bytes in a request,
 * the same tree for the checks, and the same hash in the state (a state written before is read without every record
 * looking changed). The tree here is built as the mapping built it before: one {@link IterableValues#toJson} a column.
 */
class DataFieldsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Object[] KINDS = {null, "", "plain text", "caf\u00e9 \"quoted\" \\ \ud83d\ude00 \u0001 </tag>",
            "[1, 2]", " {\"nested\": {\"a\": [true]}}", "[not json", "{\"a\":1", " padded", 0, -7, Integer.MAX_VALUE,
            Long.MIN_VALUE, 1L << 40, 0.0, -0.0, 1.0, 12.5, 0.1 + 0.2, 1e-7, 1.5e300, 123456789.125, true, false,
            1.5f, (short) 3, (byte) 4, new BigDecimal("12.500"), new BigDecimal("1E+3"), new BigInteger("12345678901234"),
            LocalDate.parse("2024-02-29"), Instant.parse("2024-01-02T03:04:05Z"), List.of(1, "two", Map.of("k", 2.5)),
            // a warehouse driver's values: NUMERIC, TIMESTAMP (with and without zone), DATE, and years past four digits
            new BigDecimal("-0.000000125"), new BigDecimal("123456789012345678901234567890.5"), BigDecimal.valueOf(42),
            new BigDecimal("0E-10"), java.sql.Timestamp.valueOf("2024-03-05 14:07:09.5"),
            java.time.LocalDateTime.parse("1999-12-31T23:59:59.999"),
            java.time.OffsetDateTime.parse("2024-03-05T01:07:09+02:00"),
            java.sql.Date.valueOf("2024-03-05"), Instant.parse("0000-12-31T23:59:59Z"), LocalDate.of(10_000, 1, 1),
            Map.of("inner", List.of()), new Object[]{"a", null}};

    private static FieldMapping mapping(ObjectMapper json, String fields) {
        return new FieldMapping(new FieldMapping.Settings(ProjectType.email, MatchBy.email, "email", "userId", null,
                fields, Set.of(), true, false), json, true);
    }

    /** The tree the mapping built before data fields were written: a node a column, in the row's order. */
    private static ObjectNode treeBefore(Map<String, Object> columns, Map<String, String> renamed, ObjectMapper json) {
        IterableValues values = new IterableValues(json);
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        columns.forEach((name, value) -> {
            if (!name.equals("email")) {
                tree.set(renamed.getOrDefault(name, name), values.toJson(name, value));
            }
        });
        return tree;
    }

    private static Map<String, Object> randomRow(Random random, int i) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("email", "user" + i + "@example.com");
        int fields = random.nextInt(12);
        for (int f = 0; f < fields; f++) {
            Object value = KINDS[random.nextInt(KINDS.length)];
            if (random.nextInt(4) == 0) {
                value = random.nextDouble() * Math.pow(10, random.nextInt(20) - 8); // doubles of every magnitude
            }
            row.put("f" + random.nextInt(30), value);
        }
        return row;
    }

    private static void assertSameAsTheTree(ObjectMapper json) throws Exception {
        FieldMapping mapping = mapping(json, null);
        JsonBytes bytes = new JsonBytes(json);
        Random random = new Random(42);
        for (int i = 0; i < 3000; i++) {
            Map<String, Object> row = randomRow(random, i);
            MappedRecord record = mapping.map(new SourceRecord(i + 1, row));
            ObjectNode before = treeBefore(row, Map.of(), json);
            String expected = new String(json.writeValueAsBytes(before), StandardCharsets.UTF_8);
            assertEquals(expected, new String(record.dataFields().json(bytes), StandardCharsets.UTF_8), "row " + row);
            assertEquals(before, record.dataFields().tree(), "row " + row);
            ObjectNode body = JsonNodeFactory.instance.objectNode().put("email", "e");
            body.set("dataFields", record.dataFields().node());
            ObjectNode bodyBefore = JsonNodeFactory.instance.objectNode().put("email", "e");
            bodyBefore.set("dataFields", before);
            assertEquals(new String(json.writeValueAsBytes(bodyBefore), StandardCharsets.UTF_8),
                    new String(bytes.write(body), StandardCharsets.UTF_8), "a body embedding the fields, row " + row);
            Identity identity = record.identity();
            assertEquals(RowHash.of(text -> identity.appendJson(text, null), before, Map.of()), record.hash(),
                    "row " + row);
            List<String> names = new ArrayList<>();
            record.dataFields().names().forEachRemaining(names::add);
            List<String> namesBefore = new ArrayList<>();
            before.fieldNames().forEachRemaining(namesBefore::add);
            assertEquals(namesBefore, names);
        }
    }

    @Test
    void writtenFieldsAreTheTreesBytesTreeAndHash() throws Exception {
        assertSameAsTheTree(JSON);
    }

    /**
     * Plain values are written straight to bytes where the mapper's generator would write the same bytes (its default
     * features), and by the generator where it would not: text of every kind of character gives Jackson's own bytes.
     */
    @Test
    void plainValuesAreWrittenAsTheGeneratorWritesThem() throws Exception {
        assertTrue(new JsonBytes(JSON).writesPlainBytes());
        ObjectMapper nonAscii = new ObjectMapper();
        nonAscii.getFactory().enable(com.fasterxml.jackson.core.JsonGenerator.Feature.ESCAPE_NON_ASCII);
        ObjectMapper slashes = com.fasterxml.jackson.databind.json.JsonMapper.builder()
                .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
                .build();
        for (ObjectMapper other : List.of(nonAscii, slashes)) {
            assertFalse(new JsonBytes(other).writesPlainBytes());
            assertSameAsTheTree(other);
        }
        // decimals in plain notation: still written straight to bytes, as that generator writes them
        ObjectMapper plainDecimals = new ObjectMapper();
        plainDecimals.getFactory().enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
        assertTrue(new JsonBytes(plainDecimals).writesPlainBytes());
        assertSameAsTheTree(plainDecimals);
        Random random = new Random(7);
        JsonBytes bytes = new JsonBytes(JSON);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int c = random.nextInt(40); c > 0; c--) {
                int kind = random.nextInt(10);
                text.append((char) (kind < 5 ? random.nextInt(128)
                        : kind < 7 ? random.nextInt(0x800)
                                : kind < 9 ? random.nextInt(0x10000) : 0xD83D));
            }
            String[] names = {"f" + (char) random.nextInt(0x800), "g"};
            Object[] values = {text.toString(), switch (random.nextInt(4)) {
                case 0 -> random.nextLong() >> random.nextInt(64); // every number of digits, either sign
                case 1 -> random.nextInt() >> random.nextInt(32);
                case 2 -> i % 2 == 0 ? Long.MIN_VALUE + i : Long.MAX_VALUE - i;
                default -> random.nextDouble() * 1e9;
            }};
            ObjectNode tree = JsonNodeFactory.instance.objectNode();
            tree.put(names[0], text.toString());
            tree.set(names[1], JSON.valueToTree(values[1]));
            byte[] expected;
            try {
                expected = JSON.writeValueAsBytes(tree);
            } catch (Exception unwritable) {
                continue; // a lone surrogate: the generator's own failure, which it still meets
            }
            assertEquals(new String(expected, StandardCharsets.UTF_8),
                    new String(bytes.writeObject(names, values, 2), StandardCharsets.UTF_8));
            assertTrue(Arrays.equals(expected, bytes.writeObject(names, values, 2)));
            assertTrue(Arrays.equals(expected, bytes.writeObject(names, JsonBytes.jsonNames(names), values, 2, false)),
                    "with the names quoted once");
        }
    }

    /**
     * A double that is a decimal of up to three places is written as its digits (PlainJson.decimal), the same text as
     * {@link Double#toString}: every such decimal of up to 100,000 units of each number of places, either sign, the
     * bounds of the range, random ones across it and random doubles of every magnitude.
     */
    @Test
    void decimalsAreWrittenAsDoubleToStringWritesThem() {
        JsonBytes bytes = new JsonBytes(JSON);
        String[] names = {"d"};
        List<Double> doubles = new ArrayList<>();
        for (double unit : new double[]{1, 10, 100, 1000}) {
            for (long units = 0; units < 100_000; units++) {
                doubles.add(units / unit);
                doubles.add(-units / unit);
            }
        }
        Random random = new Random(11);
        for (int i = 0; i < 100_000; i++) {
            double unit = Math.pow(10, random.nextInt(4));
            doubles.add(Math.floor(random.nextDouble() * 1e7 * unit) / unit);
            doubles.add((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(14) - 5));
        }
        doubles.addAll(List.of(1e-3, Math.nextDown(1e-3), 9_999_999.999, Math.nextDown(1e7), 1e7, 0.0, -0.0, 0.0015,
                Double.MIN_VALUE, Double.MAX_VALUE, 0.1 + 0.2, 1e-4, 5e-4));
        for (double d : doubles) {
            assertEquals("{\"d\":" + d + "}",
                    new String(bytes.writeObject(names, new Object[]{d}, 1), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aMapperThatWritesTreesItsOwnWayGetsATree() throws Exception {
        ObjectMapper sorted = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .configure(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.WRITE_PROPERTIES_SORTED, true);
        assertSameAsTheTree(sorted);
        MappedRecord record = mapping(sorted, null).map(new SourceRecord(1, Map.of("email", "a@example.com", "b", 1)));
        assertTrue(record.dataFields().isTree(), "held as a tree");
    }

    @Test
    void renamedFlatFieldsAreWrittenAndDottedOnesAreATree() throws Exception {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("email", "a@example.com");
        row.put("FIRST_NAME", "Ada");
        row.put("plan", 2.5);
        MappedRecord flat = mapping(JSON, "first_name:firstName,plan:tier,absent").map(new SourceRecord(1, row));
        assertFalse(flat.dataFields().isTree(), "written");
        assertEquals("{\"firstName\":\"Ada\",\"tier\":2.5}", flat.dataFields().toString());
        assertEquals(RowHash.of(text -> flat.identity().appendJson(text, null),
                treeBefore(row, Map.of("FIRST_NAME", "firstName", "plan", "tier"), JSON), Map.of()), flat.hash());

        MappedRecord nested = mapping(JSON, "first_name:name.first").map(new SourceRecord(1, row));
        assertTrue(nested.dataFields().isTree(), "a tree");
        assertEquals("{\"name\":{\"first\":\"Ada\"}}", nested.dataFields().toString());

        MappedRecord twoToOne = mapping(JSON, "first_name:x,plan:x").map(new SourceRecord(1, row));
        assertEquals("{\"x\":2.5}", twoToOne.dataFields().toString(), "the last column wins, as in a tree");
    }

    @Test
    void aBadValueFailsNamingItsColumn() {
        for (Object bad : Arrays.asList(Double.NaN, Double.POSITIVE_INFINITY, Float.NaN)) {
            InvalidRecordException e = assertThrows(InvalidRecordException.class, () -> mapping(JSON, null)
                    .map(new SourceRecord(1, new LinkedHashMap<>(Map.of("email", "a@example.com", "score", bad)))));
            assertEquals("score", e.field());
        }
    }

    @Test
    void aRecordQueuedAndReadBackHashesAndWritesTheSame() throws Exception {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("email", "a@example.com");
        row.put("n", 5);
        row.put("d", 0.1);
        row.put("t", "x\ny");
        row.put("list", "[1,2]");
        MappedRecord record = mapping(JSON, null).map(new SourceRecord(1, row));
        String queued = new String(new JsonBytes(JSON).write(record.toJson(JSON.getNodeFactory())), StandardCharsets.UTF_8);
        MappedRecord back = MappedRecord.fromJson(queued, 9, JSON);
        assertEquals(record.dataFields().toString(), back.dataFields().toString());
        assertEquals(record.hash(), back.dataFields().hash(text -> back.identity().appendJson(text, null), Map.of()));
        JsonNode tree = JSON.readTree(queued);
        assertInstanceOf(ObjectNode.class, tree.get("dataFields"));

        // the newest function: the record read back (a tree) is written in order again, and hashes the same
        MappedRecord sorted = new FieldMapping(new FieldMapping.Settings(ProjectType.email, MatchBy.email, "email",
                "userId", null, null, Set.of(), true, false), JSON, RowHash.Function.XXH3_128_JSON)
                .map(new SourceRecord(1, row));
        String queuedSorted = new String(new JsonBytes(JSON).write(sorted.toJson(JSON.getNodeFactory())),
                StandardCharsets.UTF_8);
        MappedRecord backSorted = MappedRecord.fromJson(queuedSorted, 9, JSON);
        assertEquals(sorted.dataFields().toString(), backSorted.dataFields().toString());
        assertEquals(sorted.hash(), backSorted.dataFields()
                .hash(RowHash.Function.XXH3_128_JSON,
                        text -> backSorted.identity().appendJson(text, null), Map.of(), new JsonBytes(JSON)));
    }
}
