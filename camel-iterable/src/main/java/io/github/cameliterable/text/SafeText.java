package io.github.cameliterable.text;

/**
 * How any value from a record or from Iterable is shown in a report, a failure reason, an exception or a log line:
 * CR, LF and other control characters escaped (so a value cannot forge a line), and cut to
 * {@value #MAX_CHARS} characters with its full size said (so a report stays small whatever the input). Lives in a
 * package of its own that imports nothing, so that every package, the client included, may use it without a cycle.
 */
public final class SafeText {
    /** Characters of a value shown; the rest is only counted. */
    public static final int MAX_CHARS = 200;
    /** Characters of a whole reason or message kept, a few values and their words. */
    public static final int MAX_REASON_CHARS = 2000;

    private SafeText() {
    }

    /** The value, escaped and cut to {@value #MAX_CHARS} characters; "null" for null. */
    public static String of(Object value) {
        return cut(value, MAX_CHARS);
    }

    /** The value in single quotes, escaped and cut: for a value inside a sentence. */
    public static String quoted(Object value) {
        return "'" + of(value) + "'";
    }

    /** A whole sentence (a reason, Iterable's message), escaped and cut to {@value #MAX_REASON_CHARS} characters. */
    public static String reason(String text) {
        return text == null ? null : cut(text, MAX_REASON_CHARS);
    }

    private static String cut(Object value, int max) {
        if (value == null) {
            return "null";
        }
        String text = String.valueOf(value);
        int shown = Math.min(text.length(), max);
        if (shown < text.length() && Character.isHighSurrogate(text.charAt(shown - 1))) {
            shown--; // never cut a character in two
        }
        StringBuilder out = new StringBuilder(shown + 40);
        for (int i = 0; i < shown; i++) {
            escape(text.charAt(i), out);
        }
        if (shown < text.length()) {
            out.append("...(").append(text.length()).append(" characters)");
        }
        return out.toString();
    }

    private static void escape(char c, StringBuilder out) {
        switch (c) {
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> {
                // C0, DEL, C1 and the Unicode line and paragraph separators would break or hide a line
                if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029') {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
        }
    }
}
