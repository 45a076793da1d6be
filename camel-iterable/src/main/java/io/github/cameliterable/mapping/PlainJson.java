package io.github.cameliterable.mapping;

import java.math.BigDecimal;
import java.util.Arrays;

/**
 * A JSON object of plain values (text, a Long or an Integer, a finite Double, a BigDecimal, a Boolean, null) written
 * straight to bytes, as Jackson's UTF-8 generator writes it with its default features: the same escapes
 * ({@code \"}, {@code \\}, {@code \b \t \n \f \r}, a backslash, u and four hexadecimal digits for other control
 * characters), other characters as their UTF-8 bytes, whole numbers as their digits and doubles as
 * {@link Double#toString} writes them ({@link #decimal}). A data field's JSON is what every record sent is made of,
 * and the generator's context checks and per-character escape lookups were a fifth of the mapper's work
 * (docs/performance.md, scenario 3). {@link JsonBytes} uses it only where a probe of tricky values gives Jackson's own
 * bytes under the endpoint's mapper, and falls back to the generator for any other value.
 */
final class PlainJson {
    // one a thread, kept with the thread's generator (JsonBytes): the buffer is reused from record to record
    /**
     * How each ASCII character is written inside quotes: 0 as it is, -1 as a backslash, u and four hexadecimal digits, else
     * {@code \} and it.
     */
    private static final int[] ESCAPES = new int[128];
    /** The characters of a text written between two checks of the buffer's room. */
    private static final int CHUNK = 4096;
    /** A decimal's unit for each number of places that {@link #decimal} writes as digits. */
    private static final long[] UNITS = {1, 10, 100, 1000};
    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};

    static {
        for (int c = 0; c < 32; c++) {
            ESCAPES[c] = -1;
        }
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
    }

    /** The most places, either way, Jackson writes a BigDecimal's plain text with. */
    private static final int MAX_PLAIN_SCALE = 9999;

    private byte[] bytes;
    private int length;
    /** Whether a BigDecimal is written in plain notation (the generator's {@code WRITE_BIGDECIMAL_AS_PLAIN}). */
    private final boolean decimalsPlain;

    PlainJson() {
        this(false);
    }

    PlainJson(boolean decimalsPlain) {
        this.decimalsPlain = decimalsPlain;
        bytes = new byte[4096];
    }

    /**
     * The object of the first {@code count} names and values; null when a value is not plain or a text holds a
     * surrogate (left to the generator, which writes those its own way). {@code jsonNames}, when given, holds each
     * name as {@link #names} wrote it, for names shared by many records (a model's columns).
     */
    byte[] object(String[] names, byte[][] jsonNames, Object[] values, int count) {
        if (!members(names, jsonNames, values, count)) {
            return null;
        }
        put((byte) '}');
        return written();
    }

    /**
     * As {@link #object}, left open with {@code next} (a name quoted with its colon) after the members, for a value
     * the caller writes after these bytes: <code>{"email":"a@b.c","dataFields":</code>.
     */
    byte[] opened(String[] names, byte[][] jsonNames, Object[] values, int count, byte[] next) {
        if (!members(names, jsonNames, values, count)) {
            return null;
        }
        if (count > 0) {
            put((byte) ',');
        }
        raw(next);
        return written();
    }

    /** An opening brace and the first {@code count} members; false when {@link #object} gives null. */
    private boolean members(String[] names, byte[][] jsonNames, Object[] values, int count) {
        length = 0;
        put((byte) '{');
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                put((byte) ',');
            }
            byte[] name = jsonNames == null ? null : jsonNames[i];
            if (name != null) {
                raw(name);
            } else if (string(names[i])) {
                put((byte) ':');
            } else {
                return false;
            }
            if (!value(values[i])) {
                return false;
            }
        }
        return true;
    }

    /** What was written, in an array of its own; the buffer of a very large record is not kept. */
    private byte[] written() {
        byte[] written = Arrays.copyOf(bytes, length);
        if (bytes.length > 1024 * 1024) {
            bytes = new byte[4096];
        }
        return written;
    }

    /**
     * Each of the first {@code count} names quoted and followed by a colon, as {@link #object} writes it; null for a
     * name it leaves to the generator. Made once for names many records share: quoting them again for each record was
     * a third of the text a user's data fields are written as.
     */
    static byte[][] names(String[] names, int count) {
        PlainJson out = new PlainJson();
        byte[][] json = new byte[count][];
        for (int i = 0; i < count; i++) {
            out.length = 0;
            if (out.string(names[i])) {
                out.put((byte) ':');
                json[i] = Arrays.copyOf(out.bytes, out.length);
            }
        }
        return json;
    }

    private boolean value(Object value) {
        if (value instanceof String text) {
            return string(text);
        }
        if (value instanceof Long || value instanceof Integer) {
            digits(((Number) value).longValue());
        } else if (value instanceof Double d && !d.isNaN() && !d.isInfinite()) {
            decimal(d);
        } else if (value instanceof Boolean b) {
            ascii(b ? "true" : "false");
        } else if (value == null) {
            ascii("null");
        } else if (value instanceof BigDecimal d) {
            return decimal(d);
        } else {
            return false;
        }
        return true;
    }

    /**
     * A BigDecimal (a NUMERIC column's) as the generator writes it: its {@code toString}, or its plain text when the
     * generator writes them so (false for a scale the generator refuses then, which it reports).
     */
    private boolean decimal(BigDecimal value) {
        if (!decimalsPlain) {
            ascii(value.toString());
            return true;
        }
        if (Math.abs(value.scale()) > MAX_PLAIN_SCALE) {
            return false;
        }
        ascii(value.toPlainString());
        return true;
    }

    /** A whole number's digits, as {@link Long#toString} gives them, without the string between. */
    private void digits(long value) {
        if (value == Long.MIN_VALUE) {
            ascii(Long.toString(value)); // its negation is itself
            return;
        }
        room(20);
        long rest = value;
        if (rest < 0) {
            bytes[length++] = '-';
            rest = -rest;
        }
        int size = 1;
        for (long bound = 10; size < 19 && rest >= bound; bound *= 10) {
            size++;
        }
        for (int at = length + size - 1; at >= length; at--) {
            bytes[at] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        length += size;
    }

    /**
     * A finite double as {@link Double#toString} writes it. A double that is the nearest to a decimal of at most three
     * places between 0.001 and 10^7 (prices, amounts, scores: most of a warehouse's doubles) is written as that
     * decimal's digits: {@code Double.toString} gives the shortest decimal that reads back as the double there, which
     * is that one (JDK 17's as JDK 21's: compared on 170 million such decimals, and in DataFieldsTest). Its
     * thread-local buffer's look-up was most of the 8% of a dry run's CPU that doubles took (docs/performance.md,
     * scenario 3). Any other double is written by {@code Double.toString}.
     */
    private void decimal(double value) {
        double magnitude = Math.abs(value);
        if (magnitude >= 1e-3 && magnitude < 1e7) {
            for (int places = 0; places < UNITS.length; places++) {
                long units = Math.round(value * UNITS[places]);
                // exact: both are whole doubles below 2^53, and the quotient is the double nearest to the decimal
                if (units / (double) UNITS[places] == value) {
                    fixed(units, places);
                    return;
                }
            }
        }
        ascii(Double.toString(value));
    }

    /**
     * {@code units} hundredths (for two {@code places}) written as {@link Double#toString} writes their decimal:
     * {@code 12.5}, {@code -0.001}, {@code 7.0}. The fewest places that hold the decimal are given, so the last place
     * is not a zero.
     */
    private void fixed(long units, int places) {
        long rest = units;
        if (rest < 0) {
            put((byte) '-');
            rest = -rest;
        }
        digits(rest / UNITS[places]);
        room(1 + Math.max(1, places));
        bytes[length++] = '.';
        if (places == 0) {
            bytes[length++] = '0';
            return;
        }
        long fraction = rest % UNITS[places];
        for (int at = length + places - 1; at >= length; at--) {
            bytes[at] = (byte) ('0' + fraction % 10);
            fraction /= 10;
        }
        length += places;
    }

    @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int): the chars' low bytes, exact for ASCII text
    private void ascii(String text) {
        room(text.length());
        text.getBytes(0, text.length(), bytes, length);
        length += text.length();
    }

    /**
     * A quoted text; false at a surrogate. Written a chunk of characters at a time into room for the most they can
     * take (six bytes a character, an escape), so that each character is one look-up and one store.
     */
    private boolean string(String text) {
        int n = text.length();
        put((byte) '"');
        for (int start = 0; start < n; start += CHUNK) {
            int end = Math.min(n, start + CHUNK);
            room(6 * (end - start));
            byte[] out = bytes;
            int at = length;
            for (int i = start; i < end; i++) {
                char c = text.charAt(i);
                if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                    out[at++] = (byte) c; // most text: a comparison, not a look-up in the table
                } else if (c < 128) {
                    int escape = ESCAPES[c];
                    if (escape == 0) {
                        out[at++] = (byte) c;
                    } else if (escape > 0) {
                        out[at++] = '\\';
                        out[at++] = (byte) escape;
                    } else {
                        out[at++] = '\\';
                        out[at++] = 'u';
                        out[at++] = '0';
                        out[at++] = '0';
                        out[at++] = HEX[c >> 4];
                        out[at++] = HEX[c & 0xF];
                    }
                } else if (c < 0x800) {
                    out[at++] = (byte) (0xC0 | (c >> 6));
                    out[at++] = (byte) (0x80 | (c & 0x3F));
                } else if (Character.isSurrogate(c)) {
                    return false;
                } else {
                    out[at++] = (byte) (0xE0 | (c >> 12));
                    out[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    out[at++] = (byte) (0x80 | (c & 0x3F));
                }
            }
            length = at;
        }
        put((byte) '"');
        return true;
    }

    /** JSON written before, as it is. */
    private void raw(byte[] json) {
        room(json.length);
        System.arraycopy(json, 0, bytes, length, json.length);
        length += json.length;
    }

    private void put(byte b) {
        room(1);
        bytes[length++] = b;
    }

    private void room(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(length + more, 2 * bytes.length));
        }
    }
}
