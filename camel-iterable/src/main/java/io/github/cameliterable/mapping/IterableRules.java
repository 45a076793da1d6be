package io.github.cameliterable.mapping;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.cameliterable.text.SafeText;

/**
 * Iterable's rules for identifiers and values, checked before anything is sent so that a bad record fails alone
 * with a clear reason instead of failing its batch.
 */
public final class IterableRules {
    /** userId: at most 52 characters, printable ASCII, no trailing space (Iterable's {@code invalidUserIds}). */
    public static final int MAX_USER_ID_LENGTH = 52;
    /** Event ids: at most 512 bytes (spec of {@code TrackRequest.id}). */
    public static final int MAX_EVENT_ID_BYTES = 512;
    /** Catalog names and item ids: alphanumerics and dashes, 1 to 255 characters. */
    public static final Pattern CATALOG_ID = Pattern.compile("[a-zA-Z0-9-]{1,255}");
    /**
     * A purchase's {@code campaignId} and {@code templateId} are 32-bit in Iterable's {@code trackPurchase} (a custom
     * event's are 64-bit): the largest.
     */
    public static final long MAX_PURCHASE_ID = Integer.MAX_VALUE;
    /** Nesting deeper than this is almost certainly a mistake and Iterable's indexing refuses it. */
    public static final int MAX_NESTING_DEPTH = 20;

    private IterableRules() {
    }

    /**
     * A whole number must fit in 64 bits (Iterable's integer fields are longs; its JSON parser refuses a longer literal
     * with a 400 for the whole request, which would then be split down to the record). A {@code BIGINT UNSIGNED} of
     * MySQL or MariaDB, or a {@code NUMERIC} without scale, comes as a {@link BigInteger} or a {@code BigDecimal}.
     */
    public static void checkWholeNumber(String field, BigInteger value) {
        if (value.bitLength() > 63) {
            throw new InvalidRecordException(field, "the whole number " + value + " is outside Iterable's 64-bit range"
                    + " (" + Long.MIN_VALUE + " to " + Long.MAX_VALUE + "): send it as text (CAST(... AS CHAR) in the"
                    + " query)");
        }
    }

    /**
     * A number Iterable takes as a double (a purchase's total, an item's price and quantity): a JSON number, or text
     * holding one ({@code 19.99}, {@code 1e3}; spaces around it, a {@code CHAR} column's padding, ignored), finite: NaN,
     * infinities and numbers beyond a double's range ({@code 1e400}) are no price.
     */
    public static double finiteNumber(String field, JsonNode value, String what) {
        double number;
        if (value.isNumber()) {
            number = value.doubleValue();
        } else {
            try {
                number = value.isTextual() ? new BigDecimal(value.asText().strip()).doubleValue() : Double.NaN;
            } catch (NumberFormatException e) {
                number = Double.NaN;
            }
            if (Double.isNaN(number)) {
                throw new InvalidRecordException(field, what + SafeText.quoted(value.asText()) + " is not a number");
            }
        }
        if (!Double.isFinite(number)) {
            throw new InvalidRecordException(field, what + SafeText.quoted(value.asText())
                    + " is not a finite number (beyond a double's range)");
        }
        return number;
    }

    /** A purchase's id beyond {@link #MAX_PURCHASE_ID} is refused with a 400 for the whole request: it fails alone. */
    public static void checkPurchaseId(String field, String name, long id) {
        if (id > MAX_PURCHASE_ID || id < Integer.MIN_VALUE) {
            throw new InvalidRecordException(field, name + " " + id + " is outside the 32-bit range of a purchase's ids in"
                    + " Iterable (at most " + MAX_PURCHASE_ID + ")");
        }
    }

    /**
     * An email as Iterable compares it: without case (it stores emails lower-cased). Keys of records and of refusals
     * are compared this way; the email sent is the one the row holds.
     */
    public static String emailKey(String email) {
        return email.toLowerCase(Locale.ROOT);
    }

    public static void checkEmail(String field, String email) {
        if (email.length() > 255 || !isEmail(email)) {
            throw new InvalidRecordException(field, SafeText.quoted(email) + " is not a valid email address");
        }
    }

    /**
     * Deliberately close to what Iterable accepts: {@code local@domain.tld}, one @, no white space, a non-empty local
     * part and domain, and at least two characters after the domain's last dot. Checked by hand in one pass (it was
     * the regular expression {@code [^@\s]+@[^@\s]+\.[^@\s.]{2,}}, a tenth of the client's time per record).
     */
    static boolean isEmail(String email) {
        int at = -1;
        int lastDot = -1;
        for (int i = 0; i < email.length(); i++) {
            char c = email.charAt(i);
            if (c > '@') {
                continue; // letters, most of an address: neither the @, a dot nor white space
            }
            if (c == '@') {
                if (at >= 0) {
                    return false;
                }
                at = i;
            } else if (c == '.') {
                lastDot = i;
            } else if (c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r') {
                return false; // the regular expression's \s
            }
        }
        // a local part, then after the @ at least one character before the last dot and two after it
        return at > 0 && lastDot > at + 1 && email.length() - lastDot - 1 >= 2;
    }

    public static void checkUserId(String field, String userId) {
        if (userId.isEmpty()) {
            throw new InvalidRecordException(field, "userId is empty");
        }
        if (userId.length() > MAX_USER_ID_LENGTH) {
            throw new InvalidRecordException(field, "userId is longer than " + MAX_USER_ID_LENGTH + " characters");
        }
        if (userId.endsWith(" ")) {
            throw new InvalidRecordException(field, "userId " + SafeText.quoted(userId) + " ends with a space");
        }
        if (!isPrintableAscii(userId)) {
            throw new InvalidRecordException(field,
                    "userId " + SafeText.quoted(userId) + " has non-ASCII or non-printable characters");
        }
    }

    private static boolean isPrintableAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    public static void checkEventId(String field, String id) {
        if (id.getBytes(StandardCharsets.UTF_8).length > MAX_EVENT_ID_BYTES) {
            throw new InvalidRecordException(field, "event id is longer than " + MAX_EVENT_ID_BYTES + " bytes");
        }
    }

    public static void checkCatalogId(String field, String id) {
        if (!CATALOG_ID.matcher(id).matches()) {
            throw new InvalidRecordException(field,
                    SafeText.quoted(id) + " is not a valid catalog id: only letters, digits and dashes, 1 to 255 characters");
        }
    }

    /**
     * Field names, the same rule at every nesting level: not null nor empty; no period, which Iterable reads as a path
     * into a nested object; not starting with {@code $}, which Iterable's storage reserves for its operators; no
     * control character and no lone surrogate (text that is not Unicode, which Iterable refuses with the whole batch).
     */
    public static void checkFieldName(String name) {
        checkFieldName(null, name);
    }

    /** As {@link #checkFieldName(String)}, for a name inside the object at {@code parent} (null at the top level). */
    public static void checkFieldName(String parent, String name) {
        String field = parent == null ? name : name == null ? parent : parent + "." + name;
        if (name == null) {
            throw new InvalidRecordException(field, "a field name is null");
        }
        if (name.isBlank()) {
            throw new InvalidRecordException(field, "a field name is empty");
        }
        if (name.contains(".")) {
            throw new InvalidRecordException(field, "the field name " + SafeText.quoted(name) + " has a period, which"
                    + " Iterable reads as a path into a nested object; rename it, or map"
                    + " it with fields (a dotted target builds the nested object)");
        }
        if (name.startsWith("$")) {
            throw new InvalidRecordException(field, "the field name " + SafeText.quoted(name) + " starts with $, which"
                    + " Iterable reserves; rename it");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean loneSurrogate = Character.isHighSurrogate(c)
                    ? i + 1 >= name.length() || !Character.isLowSurrogate(name.charAt(++i))
                    : Character.isLowSurrogate(c);
            if (loneSurrogate || Character.isISOControl(c)) {
                throw new InvalidRecordException(field, "the field name " + SafeText.quoted(name)
                        + " holds a control character or a lone surrogate (not Unicode text)");
            }
        }
    }
}
