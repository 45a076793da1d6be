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
     * surrogate (left to the generator, which writes those its own way).
     */
    byte[] object(String[] names, Object[] values, int count) {
        PlainJson out = this;
        length = 0;
        out.put((byte) '{');
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.put((byte) ',');
            }
            if (!out.string(names[i])) {
                return null;
            }
            out.put((byte) ':');
            if (!out.value(values[i])) {
                return null;
            }
        }
        out.put((byte) '}');
        byte[] written = Arrays.copyOf(bytes, length);
        if (bytes.length > 1024 * 1024) {
            bytes = new byte[4096]; // the buffer of a very large record is not kept
        }
        return written;
    }

    private boolean value(Object value) {
        if (value instanceof String text) {
            return string(text);
        }
        if (value instanceof Long || value instanceof Integer) {
            ascii(Long.toString(((Number) value).longValue()));
        } else if (value instanceof Double d && !d.isNaN() && !d.isInfinite()) {
            ascii(Double.toString(d));
        } else if (value instanceof Boolean b) {
            ascii(b ? "true" : "false");
        } else if (value == null) {
            ascii("null");
        } else if (value instanceof RawJson raw) {
            room(raw.json().length);
            System.arraycopy(raw.json(), 0, bytes, length, raw.json().length);
            length += raw.json().length;
        } else {
            return false;
        }
        return true;
    }

    @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int): the chars' low bytes, exact for ASCII text
    private void ascii(String text) {
        room(text.length());
        text.getBytes(0, text.length(), bytes, length);
        length += text.length();
    }

    /** A quoted text; false at a surrogate. */
    private boolean string(String text) {
        int n = text.length();
        room(n + 2);
        byte[] out = bytes;
        int at = length;
        out[at++] = '"';
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 128 && ESCAPES[c] == 0) {
                if (at == out.length) {
                    length = at;
                    room(n - i + 1);
                    out = bytes;
                }
                out[at++] = (byte) c;
                continue;
            }
            length = at;
            if (!special(c)) {
                return false;
            }
            out = bytes;
            at = length;
        }
        length = at;
        room(1);
        bytes[length++] = '"';
        return true;
    }

    /** A character that is escaped or takes more than a byte; false for a surrogate. */
    private boolean special(char c) {
        room(6);
        if (c < 128) {
            int escape = ESCAPES[c];
            bytes[length++] = '\\';
            if (escape > 0) {
                bytes[length++] = (byte) escape;
            } else {
                bytes[length++] = 'u';
                bytes[length++] = '0';
                bytes[length++] = '0';
                bytes[length++] = HEX[c >> 4];
                bytes[length++] = HEX[c & 0xF];
            }
        } else if (c < 0x800) {
            bytes[length++] = (byte) (0xC0 | (c >> 6));
            bytes[length++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isSurrogate(c)) {
            return false;
        } else {
            bytes[length++] = (byte) (0xE0 | (c >> 12));
            bytes[length++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            bytes[length++] = (byte) (0x80 | (c & 0x3F));
        }
        return true;
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
