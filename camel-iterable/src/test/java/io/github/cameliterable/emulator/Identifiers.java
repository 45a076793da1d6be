package io.github.cameliterable.emulator;

import java.util.regex.Pattern;

/** Iterable's rules for well-formed identifiers. */
final class Identifiers {
    // a plausible address: local part, one @, a dotted domain with a 2+ letter TLD, no spaces
    private static final Pattern EMAIL = Pattern.compile(
            "^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\\.[A-Za-z]{2,}$");
    static final int MAX_USER_ID_LENGTH = 52;

    private Identifiers() {
    }

    static boolean validEmail(String email) {
        return email != null && email.length() <= 254 && EMAIL.matcher(email).matches()
                && !email.startsWith(".") && !email.contains("..");
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
