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
        // a driver's map that ignores case (camel-sql's rows are Spring's) is read as a copy, sized for its columns
        Map<String, Object> ignoringCase = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ignoringCase.put("EMAIL", "d@x.io");
        ignoringCase.put("PLAN", "pro");
        Map<String, Object> ignoringCaseToo = new java.util.TreeMap<>(ignoringCase);
        List<SourceRecord> rows = read(List.<Object> of(first, equalNames, otherOrder, numbered, ignoringCase,
                ignoringCaseToo, "{\"EMAIL\":\"e@x.io\",\"PLAN\":\"team\"}"));
        assertArrayEquals(new Object[]{"EMAIL", "PLAN"}, rows.get(0).names());
        assertSame(rows.get(0).names(), rows.get(1).names());
        assertArrayEquals(new Object[]{"PLAN", "EMAIL"}, rows.get(2).names());
        assertNull(rows.get(3).names(), "names that are not text: the row is a copy, its names not compared");
        assertEquals(Map.of("1", "one"), rows.get(3).columns());
        assertSame(first, rows.get(0).columns(), "a JDK map of text names is read as it is");
        assertEquals(LinkedHashMap.class, rows.get(4).columns().getClass(), "a copy");
        assertEquals(ignoringCase, rows.get(4).columns());
        assertNull(rows.get(4).names());
        assertEquals(Map.of("EMAIL", "e@x.io", "PLAN", "team"), rows.get(6).columns());
        assertNull(rows.get(6).names(), "a parsed message: its names not compared");
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
