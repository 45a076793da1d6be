package io.github.cameliterable.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import com.dynatrace.hash4j.hashing.HashStream128;
import com.dynatrace.hash4j.hashing.HashValue128;
import com.dynatrace.hash4j.hashing.Hasher128;
import com.dynatrace.hash4j.hashing.Hashing;

/**
 * The content hash change detection compares: 128 bits of a {@link Function} over the mapped fields in a canonical
 * form (object keys sorted, types tagged), so column order and map implementations never make a record look changed.
 * The canonical form is that of every earlier version (a state written by one is read by the next without every
 * record looking changed); it is built in a buffer and digest reused by the thread. Which function a state's hashes
 * were made with is the state store's ({@link StateStore#rowHash()}); a record keyed by its content always has
 * SHA-256's, its key in every state.
 */
public final class RowHash {
    private static final ThreadLocal<RowHashBuffers> BUFFERS = ThreadLocal.withInitial(RowHashBuffers::new);
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX_PAIRS = new byte[512]; // each byte's two digits, at twice its value

    static {
        for (int b = 0; b < 256; b++) {
            HEX_PAIRS[2 * b] = HEX_DIGITS[b >>> 4];
            HEX_PAIRS[2 * b + 1] = HEX_DIGITS[b & 0xF];
        }
    }
    static final Hasher128 XXH3 = Hashing.xxh3_128();
    /** Room for an identity's bytes before the JSON: an identity that needs more is written as text. */
    private static final int HEAD_ROOM = 512;

    /**
     * The function a state's hashes are made with, which the state names by its {@link #mark()}: a state made by this
     * version is marked {@link #NEWEST}'s as it is made, one that says nothing is SHA-256's.
     */
    public enum Function {
        /**
         * SHA-256 over the canonical text's UTF-8 bytes: every state made before 2026-12-04, users' own stores by
         * default, and every content key.
         */
        SHA_256("sha-256"),
        /**
         * XXH3-128 (hash4j) over the same canonical text: states made by the version of the fourteenth session of
         * 2026-12-04. A quarter of SHA-256's time, and the same collision odds for a change among a sync's rows (no one
         * chooses the rows to collide).
         */
        XXH3_128("xxh3-128"),
        /**
         * XXH3-128 over what is sent: the identity's canonical text and the sync columns', then the data fields' JSON
         * as the request carries it, written with the names of every object in order (states made by this version,
         * from the fifteenth session of 2026-12-04 on). The JSON is written once, for the hash and the request, where
         * the other functions write a record a second time as their canonical text; a value sent in another form (1.50
         * after 1.5, 1.0 after 1) is a change.
         */
        XXH3_128_JSON("xxh3-128-json");

        /** The function of the states this version makes. */
        public static final Function NEWEST = XXH3_128_JSON;

        private final String mark;

        Function(String mark) {
            this.mark = mark;
        }

        /** What a state says of its function. */
        public String mark() {
            return mark;
        }

        /**
         * The function a state marked {@code mark} hashes with: SHA-256 when it says nothing (an earlier version's);
         * refused when a later version made it, with a function this one does not know.
         */
        public static Function marked(String mark) {
            if (mark == null) {
                return SHA_256;
            }
            for (Function function : values()) {
                if (function.mark.equals(mark)) {
                    return function;
                }
            }
            throw new IllegalStateException("The state's row hash is '" + mark + "', which this version of"
                    + " camel-iterable does not know (a later version made the state?): run the version that made it,"
                    + " or another state");
        }
    }

    private RowHash() {
    }

    /** The indexes of {@code names} in the order of {@link #sorted}. */
    static int[] sortedOrder(List<String> names) {
        Integer[] order = new Integer[names.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> names.get(a).compareTo(names.get(b)));
        int[] sorted = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            sorted[i] = order[i];
        }
        return sorted;
    }

    static String[] sorted(List<String> names) {
        String[] sorted = names.toArray(new String[0]);
        Arrays.sort(sorted);
        return sorted;
    }

    private static String[] sortedOnce(JsonNode object) {
        List<String> names = new ArrayList<>(object.size());
        object.fieldNames().forEachRemaining(names::add);
        return sorted(names);
    }

    public static String of(String identity, JsonNode dataFields, Map<String, JsonNode> syncColumns) {
        return of(text -> text.append(identity), dataFields, syncColumns);
    }

    /** As {@link #of(String, JsonNode, Map)}, the identity's text appended in place by {@code identity}. */
    public static String of(Consumer<StringBuilder> identity, JsonNode dataFields, Map<String, JsonNode> syncColumns) {
        return of(Function.SHA_256, identity, dataFields, syncColumns);
    }

    /** As {@link #of(Consumer, JsonNode, Map)}, by {@code function}. */
    public static String of(Function function, Consumer<StringBuilder> identity, JsonNode dataFields,
            Map<String, JsonNode> syncColumns) {
        RowHashBuffers buffers = started(identity);
        StringBuilder text = buffers.text;
        if (dataFields != null && dataFields.isObject()) {
            feedContainer(text, dataFields, buffers.sortedNames.of(dataFields.fieldNames()));
        } else {
            feed(text, dataFields);
        }
        return digest(function, buffers, syncColumns);
    }

    /**
     * The hash of data fields given as the first {@code count} names (distinct) and values rather than as a tree: the
     * same hash as the object of those fields. A value is a node or a plain Java value as its node would hold it:
     * null, text, a Boolean, an Integer, a Long or a Double.
     */
    public static String of(Function function, Consumer<StringBuilder> identity, String[] names, Object[] values,
            int count, Map<String, JsonNode> syncColumns) {
        RowHashBuffers buffers = started(identity);
        StringBuilder text = buffers.text;
        int[] order = buffers.sortedOrder.of(Arrays.asList(names).subList(0, count).iterator());
        text.append('{').append(count);
        for (int i : order) {
            text.append("k:").append(names[i]);
            feedPlain(text, values[i]);
        }
        text.append('}');
        return digest(function, buffers, syncColumns);
    }

    /**
     * The hash by {@link Function#XXH3_128_JSON} of a record whose data fields are {@code json}: their JSON object
     * with the names of every object in order, as sent. {@code asciiIdentity}, when given, writes the identity's text
     * as bytes where it can ({@link AsciiText}).
     */
    public static String ofJson(Consumer<StringBuilder> identity, AsciiText asciiIdentity, byte[] json,
            Map<String, JsonNode> syncColumns) {
        RowHashBuffers buffers = buffers();
        if (asciiIdentity != null && syncColumns.isEmpty()) {
            // the identity written as bytes straight before the JSON, and the two hashed at once: the same hash as the
            // text's, without the text (the identity's text and its copy were half of the row hash, performance.md)
            byte[] input = buffers.input(HEAD_ROOM + json.length);
            input[0] = 'i';
            input[1] = ':';
            int head = asciiIdentity.writeAscii(input, 2, input.length - json.length);
            if (head >= 0) {
                System.arraycopy(json, 0, input, head, json.length);
                String hash = hex(XXH3.hashBytesTo128Bits(input, 0, head + json.length));
                buffers.trim();
                return hash;
            }
        }
        started(buffers, identity);
        appendSyncColumns(buffers.text, syncColumns);
        byte[] input = buffers.asciiInput(json);
        if (input != null) {
            // the text and the JSON in one array, hashed at once: the same hash as the stream's, without its per-call
            // buffering, the text's string and its UTF-8 copy (a sixth of the row hash, docs/performance.md scenario 3)
            int length = buffers.text.length() + json.length;
            String hash = hex(XXH3.hashBytesTo128Bits(input, 0, length));
            buffers.trim();
            return hash;
        }
        byte[] head = hashedText(buffers.text);
        HashStream128 stream = buffers.stream.reset();
        stream.putBytes(head);
        stream.putBytes(json);
        return hex(stream.get());
    }

    private static RowHashBuffers buffers() {
        return BUFFERS.get();
    }

    /** The thread's buffers, the canonical text begun with the identity's. */
    private static RowHashBuffers started(Consumer<StringBuilder> identity) {
        return started(buffers(), identity);
    }

    private static RowHashBuffers started(RowHashBuffers buffers, Consumer<StringBuilder> identity) {
        buffers.text.setLength(0);
        buffers.text.append("i:");
        identity.accept(buffers.text);
        return buffers;
    }

    /** A plain value's text: what {@link #feedScalar} gives for its node; a node's text. */
    private static void feedPlain(StringBuilder text, Object value) {
        if (value instanceof String s) {
            text.append('s').append(s.length()).append(':').append(s);
        } else if (value instanceof Long || value instanceof Integer) {
            text.append('#').append(((Number) value).longValue()).append(';');
        } else if (value instanceof Double d) {
            text.append('#');
            appendDecimal(text, d);
            text.append(';');
        } else if (value instanceof Boolean b) {
            text.append(b ? "t;" : "f;");
        } else if (value == null) {
            text.append("n;");
        } else if (value instanceof java.math.BigDecimal d) {
            text.append('#').append(d.stripTrailingZeros().toPlainString()).append(';'); // as its node's, below
        } else {
            feed(text, (JsonNode) value);
        }
    }

    private static String digest(Function function, RowHashBuffers buffers, Map<String, JsonNode> syncColumns) {
        appendSyncColumns(buffers.text, syncColumns);
        byte[] bytes = hashedText(buffers.text);
        if (function == Function.XXH3_128) {
            return hex(XXH3.hashBytesTo128Bits(bytes));
        }
        if (function != Function.SHA_256) {
            throw new IllegalArgumentException(function + " hashes a record's JSON (ofJson), not its canonical text");
        }
        MessageDigest digest = buffers.digest;
        digest.update(bytes);
        return HEX.formatHex(digest.digest(), 0, 16);
    }

    /**
     * The text's UTF-8 bytes, to be hashed; a large text is not kept by the thread once read (it was cleared before it
     * was read: every record of more than 64 KiB of text had one hash, so a change to one was never sent).
     */
    private static byte[] hashedText(StringBuilder text) {
        byte[] bytes = utf8(text);
        trimText(text);
        return bytes;
    }

    /** A text of more than 64 KiB, once read, is not kept by the thread. */
    static void trimText(StringBuilder text) {
        if (text.length() > 64 * 1024) {
            text.setLength(0);
            text.trimToSize();
        }
    }

    /** The hash as 32 lower-case hex digits, in one string (HexFormat's made three), a byte's two at a time. */
    private static String hex(HashValue128 hash) {
        byte[] digits = new byte[32];
        long high = hash.getMostSignificantBits();
        long low = hash.getLeastSignificantBits();
        for (int i = 14; i >= 0; i -= 2) {
            int h = 2 * (int) (high & 0xFF);
            int l = 2 * (int) (low & 0xFF);
            digits[i] = HEX_PAIRS[h];
            digits[i + 1] = HEX_PAIRS[h + 1];
            digits[16 + i] = HEX_PAIRS[l];
            digits[17 + i] = HEX_PAIRS[l + 1];
            high >>>= 8;
            low >>>= 8;
        }
        return new String(digits, StandardCharsets.ISO_8859_1);
    }

    /** The sync columns' canonical text, in the order of their names. */
    private static void appendSyncColumns(StringBuilder text, Map<String, JsonNode> syncColumns) {
        if (!syncColumns.isEmpty()) {
            List<String> names = new ArrayList<>(syncColumns.keySet());
            Collections.sort(names);
            for (String name : names) {
                text.append("c:").append(name);
                feed(text, syncColumns.get(name));
            }
        }
    }

    /**
     * The text's UTF-8 bytes: the string's own copy and encoding (both vectorized by the JVM for ASCII), about twice as
     * fast as copying the text a character at a time into a buffer the thread keeps.
     */
    private static byte[] utf8(StringBuilder text) {
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A value's canonical text. The walk of containers and the scalars are methods of their own, each called from one
     * place: the JIT inlines a recursion into itself, and one method with a branch per type and recursive calls from
     * objects and arrays was compiled with every scalar branch several times over (2.5 s of C2 in three compilations
     * of a 1,000,000-user first run).
     */
    private static void feed(StringBuilder text, JsonNode node) {
        if (node != null && node.isContainerNode()) {
            feedContainer(text, node, node.isObject() ? sortedOnce(node) : null);
        } else {
            feedScalar(text, node);
        }
    }

    /** An object's fields in the order of {@code sortedNames}, or an array's elements when that is null. */
    private static void feedContainer(StringBuilder text, JsonNode node, String[] sortedNames) {
        boolean object = sortedNames != null;
        int size = object ? sortedNames.length : node.size();
        text.append(object ? '{' : '[').append(size);
        for (int i = 0; i < size; i++) {
            JsonNode value;
            if (object) {
                text.append("k:").append(sortedNames[i]);
                value = node.get(sortedNames[i]);
            } else {
                value = node.get(i);
            }
            if (value != null && value.isContainerNode()) {
                feedContainer(text, value, value.isObject() ? sortedOnce(value) : null);
            } else {
                feedScalar(text, value);
            }
        }
        text.append(object ? '}' : ']');
    }

    private static void feedScalar(StringBuilder text, JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            text.append("n;");
        } else if (node.isInt() || node.isLong() || node.isShort()) {
            // what the decimal form below gives for a whole number, without a BigDecimal
            text.append('#').append(node.longValue()).append(';');
        } else if (node.isDouble()) {
            text.append('#');
            appendDecimal(text, node.doubleValue());
            text.append(';');
        } else if (node.isNumber()) {
            text.append('#').append(node.decimalValue().stripTrailingZeros().toPlainString()).append(';');
        } else if (node.isBoolean()) {
            text.append(node.booleanValue() ? "t;" : "f;");
        } else {
            String value = node.asText();
            text.append('s').append(value.length()).append(':').append(value);
        }
    }

    /**
     * A double as its decimal value without trailing zeros, in plain notation: what
     * {@code BigDecimal.valueOf(d).stripTrailingZeros().toPlainString()} gives, taken from {@link Double#toString}
     * without a BigDecimal when that has no exponent (from 0.001 to 10 million).
     */
    private static void appendDecimal(StringBuilder text, double d) {
        String plain = Double.toString(d);
        if (d == 0 || plain.indexOf('E') >= 0) {
            // a DoubleNode's decimalValue()
            text.append(java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString());
        } else if (plain.endsWith(".0")) {
            text.append(plain, 0, plain.length() - 2);
        } else {
            text.append(plain); // Double.toString writes no other trailing zero
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
