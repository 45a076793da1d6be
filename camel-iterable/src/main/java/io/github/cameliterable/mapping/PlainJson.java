package io.github.cameliterable.mapping;

import java.util.Arrays;

/**
 * A JSON object of plain values (text, a Long or an Integer, a finite Double, a Boolean, null, {@link RawJson}) written
 * straight to
 * bytes, as Jackson's UTF-8 generator writes it with its default features: the same escapes ({@code \"}, {@code \\},
 * {@code \b \t \n \f \r}, a backslash, u and four hexadecimal digits for other control characters), other characters as
 * their UTF-8 bytes, whole
 * numbers as their digits and doubles as {@link Double#toString}. A data field's JSON is what every record sent is made
 * of, and the generator's context checks and per-character escape lookups were a fifth of the mapper's work
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

    private byte[] bytes;
    private int length;

    PlainJson() {
        bytes = new byte[4096];
    }

    /**
     * The object of the first {@code count} names and values; null when a value is not plain or a text holds a
     * surrogate (left to the generator, which writes those its own way). {@code jsonNames}, when given, holds each
     * name as {@link #names} wrote it, for names shared by many records (a model's columns).
     */
    byte[] object(String[] names, byte[][] jsonNames, Object[] values, int count) {
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
                return null;
            }
            if (!value(values[i])) {
                return null;
            }
        }
        put((byte) '}');
        byte[] written = Arrays.copyOf(bytes, length);
        if (bytes.length > 1024 * 1024) {
            bytes = new byte[4096]; // the buffer of a very large record is not kept
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
            ascii(Double.toString(d));
        } else if (value instanceof Boolean b) {
            ascii(b ? "true" : "false");
        } else if (value == null) {
            ascii("null");
        } else if (value instanceof RawJson raw) {
            raw(raw.json());
        } else {
            return false;
        }
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
                if (c < 128) {
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
