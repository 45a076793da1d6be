package io.github.cameliterable.emulator;

/** Iterable's rules for well-formed identifiers. */
final class Identifiers {
    static final int MAX_USER_ID_LENGTH = 52;

    private Identifiers() {
    }

    /**
     * A plausible address: a local part of letters, digits and {@code !#$%&'*+/=?^_`{|}~.-}, one @, a dotted domain of
     * labels (letters, digits, inner dashes) ending in a top-level domain of 2+ letters, no leading dot, no "..", at
     * most 254 characters. Checked by hand in one pass (it was a regular expression, 13% of the emulator's time).
     */
    static boolean validEmail(String email) {
        if (email == null || email.isEmpty() || email.length() > 254 || email.charAt(0) == '.') {
            return false;
        }
        int at = email.indexOf('@');
        if (at <= 0) {
            return false;
        }
        for (int i = 0; i < at; i++) {
            char c = email.charAt(i);
            if (!(isLetterOrDigit(c) || LOCAL_SPECIALS.indexOf(c) >= 0) || c == '.' && email.charAt(i - 1) == '.') {
                return false;
            }
        }
        // the domain: labels separated by single dots, at least two, the last of 2+ letters
        int labelStart = at + 1;
        int labels = 0;
        for (int i = labelStart; i <= email.length(); i++) {
            if (i < email.length() && email.charAt(i) != '.') {
                char c = email.charAt(i);
                if (!isLetterOrDigit(c) && c != '-') {
                    return false;
                }
                continue;
            }
            if (i == labelStart || email.charAt(labelStart) == '-' || email.charAt(i - 1) == '-') {
                return false; // an empty label, or one that starts or ends with a dash
            }
            labels++;
            if (i == email.length()) {
                return labels >= 2 && isTopLevel(email, labelStart, i);
            }
            labelStart = i + 1;
        }
        return false;
    }

    private static final String LOCAL_SPECIALS = "!#$%&'*+/=?^_`{|}~.-";

    private static boolean isLetterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    private static boolean isTopLevel(String email, int from, int to) {
        if (to - from < 2) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = email.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) {
                return false;
            }
        }
        return true;
    }

    /** Spec: malformed userIds are empty, too long, contain non-ASCII or non-printable characters, or a trailing space. */
    static boolean validUserId(String userId) {
        if (userId == null || userId.isEmpty() || userId.length() > MAX_USER_ID_LENGTH || userId.endsWith(" ")) {
            return false;
        }
        for (int i = 0; i < userId.length(); i++) {
            char c = userId.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** Iterable matches emails case-insensitively and stores them lower-cased. */
    static String normalizeEmail(String email) {
        return email == null ? null : email.trim().toLowerCase(java.util.Locale.ROOT);
    }
}
