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
        assertEquals(hash("a", "{\"x\":1,\"y\":{\"b\":true,\"a\":null}}"),
                hash("a", "{\"y\":{\"a\":null,\"b\":true},\"x\":1}"));
        assertEquals(hash("a", "{\"price\":12.50}"), hash("a", "{\"price\":12.5}"));
        assertEquals(32, hash("a", "{}").length(), "128 bits in hex");
    }

    /**
     * A record of more than 64 KiB of canonical text (a long JSON array, a large catalog item) hashes its own text:
     * such text was cleared before it was hashed, so every large record had one hash and a change to one was never
     * sent.
     */
    @Test
    void aLargeRecordHashesItsOwnContent() throws Exception {
        String large = "x".repeat(70_000);
        String before = hash("a", "{\"notes\":\"" + large + "\"}");
        assertNotEquals(before, hash("a", "{\"notes\":\"" + large + "y\"}"), "a change to a large record");
        assertNotEquals(before, hash("b", "{\"notes\":\"" + large + "\"}"), "another user's large record");
        assertEquals(before, hash("a", "{\"notes\":\"" + large + "\"}"));
        assertNotEquals(hash("a", "{}"), hash("a", "{\"notes\":\"" + large + "\"}"));
    }

    /** The thread keeps the last row's sorted names: a row hashes the same whatever rows its thread hashed before. */
    @Test
    void aRowHashesTheSameWhateverRowsCameBefore() throws Exception {
        String row = "{\"b\":1,\"a\":\"x\",\"c\":{\"z\":1,\"y\":2}}";
        java.util.concurrent.atomic.AtomicReference<String> fresh = new java.util.concurrent.atomic.AtomicReference<>();
        Thread first = new Thread(() -> fresh.set(RowHash.of("i", JSON.valueToTree(Map.of("b", 1, "a", "x",
                "c", Map.of("z", 1, "y", 2))), Map.of())));
        first.start();
        first.join();
        hash("i", "{\"a\":2,\"b\":3,\"c\":{}}");
        assertEquals(fresh.get(), hash("i", row));
        assertEquals(fresh.get(), hash("i", row));
        hash("i", "{\"b\":7,\"a\":\"q\",\"d\":null}");
        assertEquals(fresh.get(), hash("i", row));
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

    /**
     * The canonical form is that of earlier versions, so a state they wrote does not make every record look changed:
     * the hash equals the one the earlier code (below, as it was) gives, for every kind of value; and one is pinned.
     */
    @Test
    void theHashIsTheOneEarlierVersionsStored() throws Exception {
        String[] records = {"{}",
                "{\"a\":1,\"b\":-7,\"c\":0,\"d\":12.50,\"e\":-0.0,\"f\":1e3,\"g\":123456789012345678901234567890}",
                "{\"x\":\"caf\u00e9 \\ud83d\\ude00\",\"y\":[1,\"2\",null,true,{\"z\":false}],\"n\":null}",
                "{\"lone\":\"\\ud800x\",\"big\":1.0E300,\"small\":4.9E-324,\"l\":9223372036854775807}",
                "{\"nested\":{\"b\":{\"c\":[[],{}]},\"a\":\"\"}}"};
        for (String record : records) {
            JsonNode fields = JSON.readTree(record);
            Map<String, JsonNode> syncColumns = Map.of("eventName", JSON.readTree("\"Signed \u00fcp\""), "n",
                    JSON.readTree("3"));
            assertEquals(before("{\"email\":\"a@b.co\",\"key\":\"email\"}", fields, syncColumns),
                    RowHash.of("{\"email\":\"a@b.co\",\"key\":\"email\"}", fields, syncColumns), record);
            assertEquals(before("i", fields, Map.of()), RowHash.of("i", fields, Map.of()), record);
        }
        assertEquals(PINNED, hash("{\"email\":\"a@b.co\",\"key\":\"email\"}", "{\"x\":1,\"y\":\"z\",\"p\":2.5}"));
    }

    /**
     * XXH3-128, the function of embedded stores made from 2026-12-04 on, digests the same canonical text: the same
     * record in another order hashes the same, another record otherwise, never as SHA-256 does; the hash is hash4j's
     * XXH3-128 of the text's UTF-8 bytes, and one is pinned (a state's hashes must not change with a release).
     */
    @Test
    void xxh3DigestsTheSameCanonicalText() throws Exception {
        String identity = "{\"email\":\"a@b.co\",\"key\":\"email\"}";
        JsonNode record = JSON.readTree("{\"x\":1,\"y\":\"z\",\"p\":2.5}");
        String xxh3 = RowHash.of(RowHash.Function.XXH3_128, text -> text.append(identity), record, Map.of());
        assertEquals(xxh3, RowHash.of(RowHash.Function.XXH3_128, text -> text.append(identity),
                JSON.readTree("{\"p\":2.50,\"y\":\"z\",\"x\":1}"), Map.of()));
        assertNotEquals(xxh3, RowHash.of(RowHash.Function.XXH3_128, text -> text.append(identity),
                JSON.readTree("{\"x\":1,\"y\":\"z\",\"p\":2.6}"), Map.of()));
        assertNotEquals(xxh3, RowHash.of(identity, record, Map.of()), "SHA-256's");
        com.dynatrace.hash4j.hashing.HashValue128 direct = com.dynatrace.hash4j.hashing.Hashing.xxh3_128()
                .hashBytesTo128Bits(("i:" + identity + "{3k:p#2.5;k:x#1;k:ys1:z}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(java.util.HexFormat.of().toHexDigits(direct.getMostSignificantBits())
                + java.util.HexFormat.of().toHexDigits(direct.getLeastSignificantBits()), xxh3);
        assertEquals(PINNED_XXH3, xxh3);
    }

    @Test
    void doublesHashAsTheirDecimalValueDid() throws Exception {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 5_000; i++) {
            double d = switch (i % 5) {
                case 0 -> random.nextInt(100_000) / 100.0;
                case 1 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
                case 2 -> -random.nextInt(1_000_000) * 10.0;
                case 3 -> Double.longBitsToDouble(random.nextLong());
                default -> random.nextInt(2000) - 1000.0;
            };
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                continue;
            }
            JsonNode fields = JSON.createObjectNode().put("d", d);
            assertEquals(before("i", fields, Map.of()), RowHash.of("i", fields, Map.of()), () -> "" + d);
        }
    }

    /**
     * The canonical text i:{"email":"a@b.co","key":"email"}{3k:p#2.5;k:x#1;k:ys1:z} digested: as every version computed it.
     */
    private static final String PINNED = "2898fb0dd6ce18cb4eddd2b6a3a16b2e";
    /** The same text's XXH3-128. */
    private static final String PINNED_XXH3 = "b875a475a26727d9a4ecb851ecd5604d";

    private static String before(String identity, JsonNode dataFields, Map<String, JsonNode> syncColumns) throws Exception {
        StringBuilder text = new StringBuilder(512);
        text.append("i:").append(identity);
        feedBefore(text, dataFields);
        java.util.List<String> names = new java.util.ArrayList<>(syncColumns.keySet());
        java.util.Collections.sort(names);
        for (String name : names) {
            text.append("c:").append(name);
            feedBefore(text, syncColumns.get(name));
        }
        java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
        digest.update(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(digest.digest(), 0, 16);
    }

    private static void feedBefore(StringBuilder text, JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            text.append("n;");
        } else if (node.isObject()) {
            java.util.List<String> names = new java.util.ArrayList<>(node.size());
            node.fieldNames().forEachRemaining(names::add);
            java.util.Collections.sort(names);
            text.append('{').append(names.size());
            for (String name : names) {
                text.append("k:").append(name);
                feedBefore(text, node.get(name));
            }
            text.append('}');
        } else if (node.isArray()) {
            text.append('[').append(node.size());
            node.forEach(element -> feedBefore(text, element));
            text.append(']');
        } else if (node.isNumber()) {
            text.append('#').append(node.decimalValue().stripTrailingZeros().toPlainString()).append(';');
        } else if (node.isBoolean()) {
            text.append(node.booleanValue() ? "t;" : "f;");
        } else {
            String value = node.asText();
            text.append('s').append(value.length()).append(':').append(value);
        }
    }
}
