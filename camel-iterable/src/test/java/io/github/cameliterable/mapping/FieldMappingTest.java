package io.github.cameliterable.mapping;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.cameliterable.state.RowHash;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A row's columns to what Iterable receives: identity, primary key, data fields renamed and nested. */
class FieldMappingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static FieldMapping mapping(ProjectType project, MatchBy matchBy, String primaryKey, String fields,
            Set<String> syncColumns) {
        return new FieldMapping(new FieldMapping.Settings(project, matchBy, "email", "userId", primaryKey, fields,
                syncColumns, true, false), JSON, true);
    }

    private static FieldMapping defaults() {
        return mapping(ProjectType.email, MatchBy.email, null, null, Set.of());
    }

    private static SourceRecord row(Object... keyValues) {
        Map<String, Object> columns = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            columns.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new SourceRecord(7, columns);
    }

    @Test
    void byDefaultEveryColumnButTheIdentifiersPassesThrough() {
        MappedRecord record = defaults().map(row("email", "a@example.com", "userId", "u1", "plan", "pro",
                "since", LocalDate.parse("2020-01-02"), "note", null));
        assertEquals("a@example.com", record.primaryKey(), "email projects key on the email");
        assertEquals(new Identity("a@example.com", "u1", MatchBy.email), record.identity());
        assertEquals("{\"plan\":\"pro\",\"since\":\"2020-01-02\",\"note\":null}", record.dataFields().toString());
        assertEquals(7, record.index());
        assertNotNull(record.hash());
        ObjectNode nulls = JsonNodeFactory.instance.objectNode();
        assertFalse(defaults().writeNulls(nulls), "every column passes through");
        assertEquals("{}", nulls.toString());
    }

    @Test
    void fieldsRenameNestAndLeaveAbsentColumnsUntouched() {
        FieldMapping mapping = mapping(ProjectType.email, MatchBy.email, null,
                "first_name:firstName, city:address.city, zip:address.zip, plan", Set.of());
        MappedRecord record = mapping.map(row("email", "a@example.com", "first_name", "Ada", "city", "Lyon",
                "zip", 69001, "ignored", "x"));
        assertEquals("{\"firstName\":\"Ada\",\"address\":{\"city\":\"Lyon\",\"zip\":69001}}", record.dataFields().toString());
        ObjectNode nulls = JsonNodeFactory.instance.objectNode();
        assertTrue(mapping.writeNulls(nulls));
        assertEquals("{\"firstName\":null,\"address\":{\"city\":null,\"zip\":null},\"plan\":null}", nulls.toString(),
                "a dotted target is cleared where it is");
    }

    @Test
    void syncColumnsAreReadApartAndKeptOutOfTheDataFields() {
        FieldMapping mapping = mapping(ProjectType.email, MatchBy.email, null, null, Set.of("event_name"));
        MappedRecord record = mapping.map(row("email", "a@example.com", "event_name", "Signed Up", "source", "ads"));
        assertEquals("Signed Up", record.syncColumn("event_name").asText());
        assertFalse(record.dataFields().tree().has("event_name"));
        assertTrue(record.dataFields().tree().has("source"));
    }

    @Test
    void userIdProjectsKeyOnTheUserIdAndEmailProjectsMatchedByUserIdLeaveTheEmailUnchecked() {
        MappedRecord record = mapping(ProjectType.userId, MatchBy.email, null, null, Set.of())
                .map(row("email", "a@example.com", "userId", "u1"));
        assertEquals("u1", record.primaryKey());
        assertEquals(MatchBy.userId, record.identity().key());
        // the email is not sent as an identifier there, so a bad one does not fail the record
        MappedRecord byUserId = mapping(ProjectType.email, MatchBy.userId, null, null, Set.of())
                .map(row("email", "not-an-email", "userId", "u2"));
        assertEquals("u2", byUserId.identity().keyValue());
    }

    @Test
    void aRecordWithoutItsKeyOrWithABadIdentifierFailsNamingTheColumn() {
        InvalidRecordException noEmail = assertThrows(InvalidRecordException.class,
                () -> defaults().map(row("plan", "pro")));
        assertEquals("email", noEmail.field());
        InvalidRecordException badEmail = assertThrows(InvalidRecordException.class,
                () -> defaults().map(row("email", "not-an-email")));
        assertEquals("email", badEmail.field());
        InvalidRecordException badUserId = assertThrows(InvalidRecordException.class,
                () -> defaults().map(row("email", "a@example.com", "userId", "x".repeat(60))));
        assertEquals("userId", badUserId.field());
        InvalidRecordException dotted = assertThrows(InvalidRecordException.class,
                () -> defaults().map(row("email", "a@example.com", "address.city", "Lyon")));
        assertEquals("address.city", dotted.field());
        InvalidRecordException noKey = assertThrows(InvalidRecordException.class,
                () -> mapping(ProjectType.email, MatchBy.email, "order_id", null, Set.of())
                        .map(row("email", "a@example.com")));
        assertEquals("order_id", noKey.field());
    }

    @Test
    void theHashIgnoresColumnOrderAndIsLeftOutWithoutChangeDetection() {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("email", "a@example.com");
        one.put("a", 1);
        one.put("b", "two");
        Map<String, Object> other = new HashMap<>();
        other.put("b", "two");
        other.put("a", 1);
        other.put("email", "a@example.com");
        assertEquals(defaults().map(new SourceRecord(1, one)).hash(), defaults().map(new SourceRecord(2, other)).hash());
        FieldMapping noHashing = new FieldMapping(new FieldMapping.Settings(ProjectType.email, MatchBy.email, "email",
                "userId", null, null, Set.of(), true, false), JSON, false);
        assertNull(noHashing.map(new SourceRecord(1, one)).hash());
    }

    @Test
    void aHashLeftForTheRunLoopIsTheHashTheMapperWrites() {
        // MappedAhead leaves some chunks' hashes to the run loop: either thread must write the same hash
        FieldMapping events = mapping(ProjectType.email, MatchBy.email, "id", null, Set.of("eventName", "createdAt"));
        SourceRecord row = row("id", "e1", "email", "a\"b@example.com", "eventName", "order", "createdAt", 1_700_000_000L,
                "amount", 12.5, "tags", List.of("x", "y"), "nested", Map.of("k", true), "none", null);
        MappedRecord mapped = events.map(row);
        MappedRecord unhashed = events.map(row, false);
        assertNotNull(mapped.hash());
        assertNull(unhashed.hash());
        MappedRecord hashed = events.hashed(unhashed);
        assertEquals(mapped.hash(), hashed.hash());
        assertEquals(mapped.identity(), hashed.identity());
        assertEquals(mapped.dataFields(), hashed.dataFields());
        assertEquals(mapped.syncColumns(), hashed.syncColumns());
        assertEquals(mapped.index(), hashed.index());
        assertSame(mapped, events.hashed(mapped), "a hashed record is kept as it is");
    }

    /**
     * A mapping hashes as its state store does (XXH3-128 in an embedded store made from 2026-12-04 on): a keyed record by
     * the store's function, on the mapper's thread or the loop's alike and whatever the column order; a record keyed by
     * its content keeps SHA-256's key and hash, so that an event known before is not new to a store of another function.
     */
    @Test
    void recordsAreHashedByTheStoresFunctionAndContentKeysStaySha256s() {
        FieldMapping.Settings keyed = new FieldMapping.Settings(ProjectType.email, MatchBy.email, "email", "userId", null,
                null, Set.of(), true, false);
        FieldMapping xxh3 = new FieldMapping(keyed, JSON, RowHash.Function.XXH3_128);
        SourceRecord row = row("email", "a@example.com", "a", 1, "b", "two", "c", 2.5);
        SourceRecord reordered = row("c", 2.5, "b", "two", "email", "a@example.com", "a", 1);
        MappedRecord mapped = xxh3.map(row);
        assertEquals(RowHash.of(RowHash.Function.XXH3_128, text -> mapped.identity().appendJson(text, null),
                JSON.valueToTree(Map.of("a", 1, "b", "two", "c", 2.5)), Map.of()), mapped.hash());
        assertNotEquals(defaults().map(row).hash(), mapped.hash(), "SHA-256's");
        assertEquals(mapped.hash(), xxh3.map(reordered).hash());
        assertEquals(mapped.hash(), xxh3.hashed(xxh3.map(row, false)).hash(), "hashed on the run loop");

        FieldMapping.Settings byContent = new FieldMapping.Settings(ProjectType.email, MatchBy.email, "email", "userId",
                null, null, Set.of("eventName"), true, true);
        SourceRecord event = row("email", "a@example.com", "eventName", "order", "amount", 12.5);
        MappedRecord sha = new FieldMapping(byContent, JSON, true).map(event);
        MappedRecord underXxh3 = new FieldMapping(byContent, JSON, RowHash.Function.XXH3_128).map(event);
        assertTrue(sha.primaryKey().startsWith(FieldMapping.CONTENT_KEY_PREFIX));
        assertEquals(sha.primaryKey(), underXxh3.primaryKey());
        assertEquals(sha.hash(), underXxh3.hash());
    }

    /**
     * The newest states hash what is sent: the identity's canonical text, then the data fields' JSON as the request
     * carries it, written with the names of every object in order, so that the order of a row's columns (or of a map
     * column's keys) changes neither the JSON nor the hash.
     */
    @Test
    void theNewestFunctionHashesTheJsonSentWithItsNamesInOrder() {
        FieldMapping.Settings keyed = new FieldMapping.Settings(ProjectType.email, MatchBy.email, "email", "userId", null,
                null, Set.of(), true, false);
        FieldMapping json = new FieldMapping(keyed, JSON, RowHash.Function.XXH3_128_JSON);
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("z", 1);
        nested.put("y", List.of(Map.of("q", true)));
        Map<String, Object> nestedReordered = new LinkedHashMap<>();
        nestedReordered.put("y", List.of(Map.of("q", true)));
        nestedReordered.put("z", 1L);
        MappedRecord mapped = json.map(row("email", "a@example.com", "b", "two", "a", 1, "m", nested, "c", 2.5));
        String sent = "{\"a\":1,\"b\":\"two\",\"c\":2.5,\"m\":{\"y\":[{\"q\":true}],\"z\":1}}";
        assertEquals(sent, mapped.dataFields().toString(), "the names of every object in order");
        assertEquals(xxh3("i:{\"email\":\"a@example.com\",\"key\":\"email\"}" + sent), mapped.hash());
        assertEquals(mapped.hash(), json.map(row("m", nestedReordered, "c", 2.5, "a", 1L, "email", "a@example.com",
                "b", "two")).hash(), "another order of the columns and of the map's keys, an Integer for a Long");
        assertEquals(mapped.hash(), json.hashed(json.map(row("email", "a@example.com", "b", "two", "a", 1, "m", nested,
                "c", 2.5), false)).hash(), "hashed on the run loop");
        assertNotEquals(mapped.hash(), json.map(row("email", "a@example.com", "b", "two", "a", 1, "m", nested, "c",
                new java.math.BigDecimal("2.50"))).hash(), "a value sent in another form");
        assertNotEquals(mapped.hash(), json.map(row("email", "b@example.com", "b", "two", "a", 1, "m", nested, "c",
                2.5)).hash(), "another identity");

        // nested targets make a tree: it is hashed as written with its names in order, whatever the columns' order
        FieldMapping.Settings dotted = new FieldMapping.Settings(ProjectType.email, MatchBy.email, "email", "userId", null,
                "b:x.b,a:x.a,c", Set.of(), true, false);
        FieldMapping tree = new FieldMapping(dotted, JSON, RowHash.Function.XXH3_128_JSON);
        MappedRecord fromTree = tree.map(row("email", "a@example.com", "a", 1, "b", "two", "c", 2.5));
        assertEquals(xxh3("i:{\"email\":\"a@example.com\",\"key\":\"email\"}{\"c\":2.5,\"x\":{\"a\":1,\"b\":\"two\"}}"),
                fromTree.hash());
        FieldMapping.Settings dottedReordered = new FieldMapping.Settings(ProjectType.email, MatchBy.email, "email",
                "userId", null, "c,a:x.a,b:x.b", Set.of(), true, false);
        assertEquals(fromTree.hash(), new FieldMapping(dottedReordered, JSON, RowHash.Function.XXH3_128_JSON)
                .map(row("c", 2.5, "b", "two", "a", 1, "email", "a@example.com"))
                .hash());

        // a head that is not ASCII (a sync column's text, hashed through the stream) and a record larger than the
        // thread keeps: the same hash as the head's and JSON's bytes hashed at once
        FieldMapping.Settings synced = new FieldMapping.Settings(ProjectType.email, MatchBy.email, "email", "userId",
                null, null, Set.of("region"), true, false);
        FieldMapping regions = new FieldMapping(synced, JSON, RowHash.Function.XXH3_128_JSON);
        String large = "x".repeat(70_000);
        for (String region : List.of("Z\u00fcrich", "\u6771\u4eac", "Paris")) {
            for (String value : List.of("small", large, "small")) {
                MappedRecord regional = regions.map(row("email", "a@example.com", "region", region, "v", value));
                String head = "i:{\"email\":\"a@example.com\",\"key\":\"email\"}" + "c:region"
                        + "s" + region.length() + ":" + region; // a text's canonical form
                assertEquals(xxh3(head + "{\"v\":\"" + value + "\"}"), regional.hash(), region + ", " + value.length()
                        + " characters");
            }
        }

        // an identity written as bytes (Identity.writeAscii) is hashed as its text: with either identifier or both, with
        // characters JSON escapes, past ASCII, DEL, and longer than the room the bytes have (those go as text)
        byte[] fields = "{\"v\":1}".getBytes(StandardCharsets.UTF_8);
        for (String id : List.of("u-1", "q\"uote", "back\\slash", "tab\tx", "caf\u00e9", "del\u007f", "x".repeat(600))) {
            for (Identity identity : List.of(new Identity(null, id, MatchBy.userId), new Identity(id + "@x.io", id,
                    MatchBy.email), new Identity(id + "@x.io", null, MatchBy.email))) {
                String expected = xxh3("i:" + identity.toJson() + "{\"v\":1}");
                assertEquals(expected, RowHash.ofJson(text -> identity.appendJson(text, null), identity::writeAscii,
                        fields, Map.of()), identity.toJson());
                assertEquals(expected, RowHash.ofJson(text -> identity.appendJson(text, null), null, fields, Map.of()));
            }
        }

        // a record keyed by its content keeps SHA-256's key and hash under every function
        FieldMapping.Settings byContent = new FieldMapping.Settings(ProjectType.email, MatchBy.email, "email", "userId",
                null, null, Set.of("eventName"), true, true);
        SourceRecord event = row("email", "a@example.com", "eventName", "order", "amount", 12.5, "sku", "s1");
        MappedRecord sha = new FieldMapping(byContent, JSON, true).map(event);
        MappedRecord underJson = new FieldMapping(byContent, JSON, RowHash.Function.XXH3_128_JSON).map(event);
        assertEquals(sha.primaryKey(), underJson.primaryKey());
        assertEquals(sha.hash(), underJson.hash());
    }

    /**
     * The names a row uses for the options' columns are found once for rows with the same names (OptionColumns); a
     * row with other names, in another order or case, or in a map that ignores case, finds its own: each row maps as
     * a fresh mapping maps it, and two columns matching one name fail every row that has them.
     */
    @Test
    void theColumnsOptionsNameAreFoundAgainWhenTheRowsNamesChange() {
        for (String fields : new String[]{null, "first_name:firstName,plan", "first_name:person.first,plan"}) {
            FieldMapping.Settings settings = new FieldMapping.Settings(ProjectType.email, MatchBy.email, "email",
                    "userId", null, fields, Set.of("region"), true, false);
            FieldMapping cached = new FieldMapping(settings, JSON, RowHash.Function.XXH3_128_JSON);
            Map<String, Object> ignoringCase = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            ignoringCase.put("EMAIL", "d@x.io");
            ignoringCase.put("FIRST_NAME", "Di");
            List<SourceRecord> rows = List.of(row("EMAIL", "a@x.io", "FIRST_NAME", "Ann", "PLAN", "pro", "REGION", "eu"),
                    row("EMAIL", "b@x.io", "FIRST_NAME", "Bob", "PLAN", "free", "REGION", "us"),
                    row(new String("EMAIL"), "b2@x.io", new String("FIRST_NAME"), "Bo", new String("PLAN"), "x",
                            new String("REGION"), "eu"),
                    row("email", "c@x.io", "first_name", "Cy"), row("FIRST_NAME", "Cy", "EMAIL", "c2@x.io"),
                    new SourceRecord(8, ignoringCase), row("EMAIL", "e@x.io", "FIRST_NAME", "Ed"),
                    row("EMAIL", "f@x.io", "FIRST_NAME", "Flo", "userid", "u-1", "Region", "ap"));
            // as given, then as the reader reads them: rows of equal names then share one array of them
            List<SourceRecord> read = new java.util.ArrayList<>(rows);
            try (RecordReader reader = RecordReader.of(rows.stream().map(SourceRecord::columns).toList(), JSON)) {
                reader.forEachRemaining(read::add);
            }
            assertSame(read.get(rows.size()).names(), read.get(rows.size() + 1).names());
            // the map that ignores case, read out of it by the reader, maps as its LinkedHashMap copy did
            SourceRecord driverRow = read.get(rows.size() + 5);
            assertEquals(RowColumns.class, driverRow.columns().getClass());
            MappedRecord asCopy = cached.map(new SourceRecord(8, new java.util.LinkedHashMap<>(ignoringCase)));
            MappedRecord asRead = cached.map(driverRow);
            assertEquals(asCopy.identity(), asRead.identity());
            assertEquals("d@x.io", asRead.identity().email());
            assertEquals(asCopy.dataFields().toString(), asRead.dataFields().toString());
            assertFalse(asRead.dataFields().toString().contains("d@x.io"), "the email's column is no data field");
            assertEquals(asCopy.hash(), asRead.hash());
            for (SourceRecord row : read) {
                MappedRecord fresh = new FieldMapping(settings, JSON, RowHash.Function.XXH3_128_JSON).map(row);
                MappedRecord mapped = cached.map(row);
                assertEquals(fresh.identity(), mapped.identity(), row.columns() + " " + fields);
                assertEquals(fresh.dataFields().toString(), mapped.dataFields().toString(), row.columns() + " " + fields);
                assertEquals(fresh.syncColumns(), mapped.syncColumns(), row.columns() + " " + fields);
                assertEquals(fresh.hash(), mapped.hash(), row.columns() + " " + fields);
            }
            for (int i = 0; i < 2; i++) {
                SourceRecord twoEmails = row("email", "g@x.io", "EMAIL", "h@x.io", "FIRST_NAME", "Gus");
                assertEquals(new FieldMapping(settings, JSON, true).map(twoEmails).identity().email(),
                        cached.map(twoEmails).identity().email(), "the exact name first");
                SourceRecord twoPlans = row("EMAIL", "g@x.io", "Plan", "a", "PLAN", "b");
                if (fields != null) {
                    assertThrows(InvalidRecordException.class, () -> cached.map(twoPlans), "twice: not remembered");
                }
            }
        }
    }

    /**
     * The rows of a model share their names, which the mapping checks, sorts and quotes once; rows whose names change
     * (another order, another column, two kinds of message in turn) are each written and hashed as on their own, and a
     * bad name is refused whichever row brings it.
     */
    @Test
    void rowsWhoseNamesChangeAreEachWrittenAsTheirOwn() {
        FieldMapping.Settings keyed = new FieldMapping.Settings(ProjectType.email, MatchBy.email, "email", "userId", null,
                null, Set.of(), true, false);
        for (RowHash.Function function : new RowHash.Function[]{null, RowHash.Function.SHA_256,
                RowHash.Function.XXH3_128_JSON}) {
            FieldMapping shared = new FieldMapping(keyed, JSON, function);
            List<SourceRecord> rows = List.of(row("email", "a@example.com", "b", 1, "a", "x"),
                    row("email", "b@example.com", "b", 2, "a", "y"),
                    row("email", "c@example.com", "a", "z", "b", 3),
                    row("email", "d@example.com", "b", 4, "a", "w", "c", true),
                    row("email", "e@example.com", "b", 5, "a", "v"),
                    row("email", "f@example.com", "b", 6, "a", "u", "c", false),
                    // the last row's first names, fewer; then the identifier between the fields
                    row("email", "h@example.com", "c", 9, "b", 8, "a", "t"), row("email", "i@example.com", "c", 10, "b", 11),
                    row("c", 12, "email", "j@example.com", "b", 13),
                    row("email", "g@example.com", "q\u00e9\"", 7));
            for (int round = 0; round < 2; round++) {
                for (SourceRecord row : rows) {
                    MappedRecord mapped = shared.map(row);
                    MappedRecord alone = new FieldMapping(keyed, JSON, function).map(row);
                    assertEquals(alone.dataFields().toString(), mapped.dataFields().toString(), row.columns() + " " + function);
                    assertEquals(alone.hash(), mapped.hash(), row.columns() + " " + function);
                }
            }
            shared.map(row("email", "a@example.com", "b", 1, "a", "x"));
            InvalidRecordException badName = assertThrows(InvalidRecordException.class,
                    () -> shared.map(row("email", "a@example.com", "b", 1, "a.b", "x")));
            assertTrue(badName.getMessage().contains("a.b"), badName.getMessage());
            assertThrows(InvalidRecordException.class, () -> shared.map(row("email", "a@example.com", "$b", 1, "a", "x")));
        }
    }

    /** A Float (a JDBC REAL) is sent as Jackson writes it, its own digits, not the double it widens to. */
    @Test
    void aFloatIsSentAsItsOwnDigits() throws Exception {
        FieldMapping.Settings keyed = new FieldMapping.Settings(ProjectType.email, MatchBy.email, "email", "userId", null,
                null, Set.of(), true, false);
        for (RowHash.Function function : new RowHash.Function[]{null, RowHash.Function.XXH3_128_JSON}) {
            FieldMapping mapping = new FieldMapping(keyed, JSON, function);
            for (float f : new float[]{0.1f, 3.3f, -2.5e-7f, 1.0e10f, Float.MAX_VALUE, Float.MIN_VALUE, 16777217f}) {
                Map<String, Object> columns = new LinkedHashMap<>();
                columns.put("r", f);
                assertEquals(JSON.writeValueAsString(columns), mapping.map(row("email", "a@example.com", "r", f))
                        .dataFields()
                        .toString(), f + " under " + function);
            }
            assertThrows(InvalidRecordException.class, () -> mapping.map(row("email", "a@example.com", "r", Float.NaN)));
        }
    }

    /** XXH3-128 of the text's UTF-8 bytes, in hexadecimal, straight from hash4j. */
    private static String xxh3(String text) {
        com.dynatrace.hash4j.hashing.HashValue128 hash = com.dynatrace.hash4j.hashing.Hashing.xxh3_128()
                .hashBytesTo128Bits(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.util.HexFormat.of().toHexDigits(hash.getMostSignificantBits())
                + java.util.HexFormat.of().toHexDigits(hash.getLeastSignificantBits());
    }

    @Test
    void aBadFieldsOptionIsRefusedWhenTheMappingIsBuilt() {
        assertThrows(IllegalArgumentException.class,
                () -> mapping(ProjectType.email, MatchBy.email, null, "city:address..city", Set.of()));
        assertThrows(IllegalArgumentException.class,
                () -> mapping(ProjectType.email, MatchBy.email, null, "city:", Set.of()));
    }
}
