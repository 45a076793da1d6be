package io.github.cameliterable.mapping;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every body shape users send, read record by record with its position. */
class RecordReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A POJO as a route might carry. */
    public record Customer(String email, int orders) {
    }

    private static List<SourceRecord> read(Object body) {
        List<SourceRecord> records = new ArrayList<>();
        try (RecordReader reader = RecordReader.of(body, JSON)) {
            reader.forEachRemaining(records::add);
        }
        return records;
    }

    @Test
    void oneRecordBodies() {
        assertEquals(List.of(new SourceRecord(1, Map.of("email", "a@example.com"))), read(Map.of("email", "a@example.com")));
        assertEquals(Map.of("email", "b@example.com"), read("{\"email\":\"b@example.com\"}").get(0).columns());
        assertEquals(Map.of("email", "c@example.com", "orders", 3), read(new Customer("c@example.com", 3)).get(0).columns());
        assertEquals(List.of(), read(null));
    }

    /** A model's rows of the same columns share one array of names: the options' columns are then found once. */
    @Test
    void rowsOfTheSameColumnsShareOneArrayOfNamesAndOthersDoNot() {
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("EMAIL", "a@x.io");
        first.put("PLAN", "pro");
        Map<String, Object> equalNames = new LinkedHashMap<>();
        equalNames.put(new String("EMAIL"), "b@x.io"); // equal names, not the same strings (a parsed message's)
        equalNames.put("PLAN", null);
        Map<String, Object> otherOrder = new LinkedHashMap<>();
        otherOrder.put("PLAN", "team");
        otherOrder.put("EMAIL", "c@x.io");
        Map<Object, Object> numbered = new HashMap<>();
        numbered.put(1, "one");
        // a driver's map that ignores case (camel-sql's rows are Spring's) is read into an array of its values, under
        // names shared by the rows of the same names
        Map<String, Object> ignoringCase = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ignoringCase.put("EMAIL", "d@x.io");
        ignoringCase.put("PLAN", "pro");
        Map<String, Object> ignoringCaseToo = new java.util.TreeMap<>(ignoringCase);
        List<SourceRecord> rows = read(List.<Object> of(first, equalNames, otherOrder, numbered, ignoringCase,
                ignoringCaseToo, "{\"EMAIL\":\"e@x.io\",\"PLAN\":\"team\"}"));
        assertArrayEquals(new Object[]{"EMAIL", "PLAN"}, rows.get(0).names());
        assertSame(rows.get(0).names(), rows.get(1).names());
        assertArrayEquals(new Object[]{"PLAN", "EMAIL"}, rows.get(2).names());
        assertArrayEquals(new Object[]{"1"}, rows.get(3).names(), "names that are not text are read as their text");
        assertEquals(Map.of("1", "one"), rows.get(3).columns());
        assertSame(first, rows.get(0).columns(), "a JDK map of text names is read as it is");
        assertEquals(RowColumns.class, rows.get(4).columns().getClass(), "read out of the map");
        assertEquals(ignoringCase, rows.get(4).columns());
        assertEquals(rows.get(4).columns(), ignoringCase);
        assertArrayEquals(new Object[]{"EMAIL", "PLAN"}, rows.get(4).names());
        assertSame(rows.get(4).names(), rows.get(5).names(), "the rows of one driver's columns share their names");
        assertEquals(Map.of("EMAIL", "e@x.io", "PLAN", "team"), rows.get(6).columns());
        assertNull(rows.get(6).names(), "a parsed message: its names not compared");
    }

    /**
     * A row read out of a map that ignores case answers as the LinkedHashMap copy it once was: by exact name (the
     * options' columns are found ignoring case by the record), in the map's order, with its nulls, read only; a new
     * column, a missing one or a renamed one gives the row names of its own.
     */
    @Test
    void aDriversRowIsReadAsTheCopyItWas() {
        org.apache.camel.util.CaseInsensitiveMap first = new org.apache.camel.util.CaseInsensitiveMap();
        first.put("EMAIL", "a@x.io");
        first.put("LAST_LOGIN", null);
        first.put("ORDERS", 3);
        org.apache.camel.util.CaseInsensitiveMap second = new org.apache.camel.util.CaseInsensitiveMap(first);
        second.put("EMAIL", "b@x.io");
        org.apache.camel.util.CaseInsensitiveMap wider = new org.apache.camel.util.CaseInsensitiveMap(first);
        wider.put("PLAN", "pro");
        org.apache.camel.util.CaseInsensitiveMap renamed = new org.apache.camel.util.CaseInsensitiveMap();
        renamed.put("EMAIL", "c@x.io");
        renamed.put("LAST_SEEN", null);
        renamed.put("ORDERS", 4);
        List<SourceRecord> rows = read(List.of(first, second, wider, renamed, second));
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i).columns();
            Map<String, Object> copy = new LinkedHashMap<>(List.of(first, second, wider, renamed, second).get(i));
            assertEquals(copy, row);
            assertEquals(copy.hashCode(), row.hashCode());
            assertEquals(List.copyOf(copy.keySet()), List.copyOf(row.keySet()));
            assertEquals(new ArrayList<>(copy.values()), new ArrayList<>(row.values()));
            assertEquals(new ArrayList<>(copy.entrySet()), new ArrayList<>(row.entrySet()));
            assertNull(row.get("email"), "an exact name, as the copy's");
            assertEquals(copy.get("EMAIL"), rows.get(i).value("email"), "an option's column is found ignoring case");
        }
        assertTrue(rows.get(0).columns().containsKey("LAST_LOGIN"));
        assertNull(rows.get(0).columns().get("LAST_LOGIN"));
        assertFalse(rows.get(0).columns().containsKey("PLAN"));
        assertSame(rows.get(0).names(), rows.get(1).names());
        assertArrayEquals(new Object[]{"EMAIL", "LAST_LOGIN", "ORDERS", "PLAN"}, rows.get(2).names());
        assertArrayEquals(new Object[]{"EMAIL", "LAST_SEEN", "ORDERS"}, rows.get(3).names());
        assertEquals(4, rows.get(3).columns().get("ORDERS"));
        assertArrayEquals(rows.get(0).names(), rows.get(4).names());
        assertThrows(UnsupportedOperationException.class, () -> rows.get(0).columns().put("PLAN", "pro"));
        assertThrows(UnsupportedOperationException.class, () -> rows.get(0).columns().keySet().remove("EMAIL"));
    }

    /**
     * A stream's one-row bodies (a sql consumer's rows, each its own exchange and reader) share their names as a
     * model's rows do: the names last made are tried first by a reader that has read none.
     */
    @Test
    void oneRowBodiesOfTheSameColumnsShareTheirNames() {
        List<SourceRecord> rows = new ArrayList<>();
        for (String email : List.of("a@x.io", "b@x.io", "c@x.io")) {
            org.apache.camel.util.CaseInsensitiveMap row = new org.apache.camel.util.CaseInsensitiveMap();
            row.put("EMAIL", email);
            row.put("PLAN", "pro");
            rows.addAll(read(row));
        }
        assertSame(rows.get(0).names(), rows.get(1).names());
        assertSame(rows.get(0).names(), rows.get(2).names());
        assertEquals("c@x.io", rows.get(2).columns().get("EMAIL"));
        org.apache.camel.util.CaseInsensitiveMap other = new org.apache.camel.util.CaseInsensitiveMap();
        other.put("EMAIL", "d@x.io");
        SourceRecord otherRow = read(other).get(0);
        assertArrayEquals(new Object[]{"EMAIL"}, otherRow.names());
        assertEquals(Map.of("EMAIL", "d@x.io"), otherRow.columns());
    }

    /** A map whose names are not all text keeps each name as its text; two of the same text keep the last value. */
    @Test
    void namesOfTheSameTextAndNullNames() {
        Map<Object, Object> twice = new LinkedHashMap<>();
        twice.put(1, "number");
        twice.put("1", "text");
        assertEquals(Map.of("1", "text"), read(List.of(twice)).get(0).columns());
        Map<Object, Object> nullName = new HashMap<>();
        nullName.put(null, "x");
        nullName.put("EMAIL", "a@x.io");
        try (RecordReader reader = RecordReader.of(List.of(new java.util.TreeMap<>(Map.of("EMAIL", "a@x.io")), nullName,
                Map.of("EMAIL", "b@x.io")), JSON)) {
            assertEquals("a@x.io", reader.next().columns().get("EMAIL"));
            UnreadableRecordException e = assertThrows(UnreadableRecordException.class, reader::next);
            assertTrue(e.getMessage().contains("a column name is null"), e.getMessage());
            assertEquals("b@x.io", reader.next().columns().get("EMAIL"), "the next record is read");
        }
    }

    @Test
    void manyRecordBodiesNumberTheirRecordsFromOne() {
        List<Map<String, Object>> rows = List.of(Map.of("k", 1), Map.of("k", 2), Map.of("k", 3));
        List<SourceRecord> fromList = read(rows);
        assertEquals(3, fromList.size());
        assertEquals(3, fromList.get(2).index());
        assertEquals(fromList, read(rows.iterator()));
        assertEquals(fromList, read(rows.toArray()));
        assertEquals(fromList, read("[{\"k\":1},{\"k\":2},{\"k\":3}]"));
        assertEquals(fromList, read("[{\"k\":1},{\"k\":2},{\"k\":3}]".getBytes(StandardCharsets.UTF_8)));
        assertEquals(fromList,
                read(new ByteArrayInputStream("[{\"k\":1},{\"k\":2},{\"k\":3}]".getBytes(StandardCharsets.UTF_8))));
        assertEquals(fromList, read(List.of("{\"k\":1}", "{\"k\":2}", "{\"k\":3}")));
        // the values camel-kafka's batching=true hands over with its ByteArrayDeserializer
        assertEquals(fromList, read(List.of(utf8("{\"k\":1}"), utf8(" {\"k\":2}"), utf8("{\"k\":3}\n"))));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A list of messages' bytes: one that is no JSON object fails alone, naming its position, and the rest are read. */
    @Test
    void aMessagesBytesThatAreNoJsonObjectFailAlone() {
        try (RecordReader reader = RecordReader.of(List.of(utf8("{\"k\":1}"), utf8("not json"), utf8("{\"k\":3}")), JSON)) {
            assertEquals(Map.of("k", 1), reader.next().columns());
            UnreadableRecordException bad = assertThrows(UnreadableRecordException.class, reader::next);
            assertEquals(2, bad.index());
            assertTrue(bad.reason().startsWith("the bytes are not a JSON object"), bad.reason());
            SourceRecord third = reader.next();
            assertEquals(3, third.index());
            assertEquals(Map.of("k", 3), third.columns());
        }
    }

    /** The JSON text null (a Kafka tombstone's value, a message without a body) fails alone: it was an NPE for all. */
    @Test
    void aMessageWhoseTextIsNullFailsAlone() {
        try (RecordReader reader = RecordReader.of(java.util.Arrays.asList("{\"k\":1}", "null", utf8("null"), null,
                "{\"k\":4}"), JSON)) {
            assertEquals(Map.of("k", 1), reader.next().columns());
            UnreadableRecordException text = assertThrows(UnreadableRecordException.class, reader::next);
            assertEquals(2, text.index());
            assertEquals("the text is not a JSON object but null", text.reason());
            UnreadableRecordException bytes = assertThrows(UnreadableRecordException.class, reader::next);
            assertEquals("the bytes are not a JSON object but null", bytes.reason());
            UnreadableRecordException tombstone = assertThrows(UnreadableRecordException.class, reader::next);
            assertEquals("the record is null (a message without a value, such as a Kafka tombstone)", tombstone.reason());
            assertEquals(Map.of("k", 4), reader.next().columns());
        }
    }

    /** A stream or reader is peeked at for its first character: one object or an array, then read from the start. */
    @Test
    void aStreamOrReaderHoldsOneObjectOrAnArray() {
        String one = " \n {\"k\":1}";
        String many = "\t[{\"k\":1},{\"k\":2}]";
        assertEquals(read(Map.of("k", 1)), read(new ByteArrayInputStream(one.getBytes(StandardCharsets.UTF_8))));
        assertEquals(read(Map.of("k", 1)), read(new StringReader(one)));
        assertEquals(2, read(new ByteArrayInputStream(many.getBytes(StandardCharsets.UTF_8))).size());
        assertEquals(read(List.of(Map.of("k", 1), Map.of("k", 2))), read(new StringReader(many)));
    }

    @Test
    void theSizeIsKnownOnlyWhenTheBodySaysItWithoutBeingRead() {
        assertEquals(2, RecordReader.of(List.of(Map.of(), Map.of()), JSON).knownSize());
        assertEquals(1, RecordReader.of(Map.of(), JSON).knownSize());
        assertEquals(-1, RecordReader.of(List.of(Map.of()).iterator(), JSON).knownSize());
        assertEquals(-1, RecordReader.of("[{}]", JSON).knownSize());
    }

    @Test
    void aStreamBodyIsClosedWithTheReader() {
        AtomicBoolean closed = new AtomicBoolean();
        Stream<Map<String, Object>> stream = Stream.of(Map.<String, Object> of("k", 1)).onClose(() -> closed.set(true));
        assertEquals(1, read(stream).size());
        assertTrue(closed.get());
    }

    @Test
    void aBrokenRecordNamesItsPosition() {
        try (RecordReader reader = RecordReader.of("[{\"k\":1},{\"k\":", JSON)) {
            assertEquals(1, reader.next().index());
            assertTrue(reader.hasNext(), "the broken element is reported as the record at its position");
            UnreadableRecordException broken = assertThrows(UnreadableRecordException.class, reader::next);
            assertEquals(2, broken.index());
            assertTrue(broken.reason().startsWith("the JSON text is broken here"), broken.reason());
            assertFalse(reader.hasNext(), "nothing after a break in the JSON text is read");
            assertNotNull(reader.brokenOff());
        }
        UnreadableRecordException notAnObject = assertThrows(UnreadableRecordException.class,
                () -> read(List.of(JSON.valueToTree(List.of(1)))));
        assertEquals(1, notAnObject.index());
        assertTrue(notAnObject.reason().contains("not a JSON object"), notAnObject.reason());
        assertFalse(RecordReader.of(List.of(), JSON).hasNext());
    }
}
