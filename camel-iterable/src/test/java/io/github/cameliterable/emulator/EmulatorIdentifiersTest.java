package io.github.cameliterable.emulator;

import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The emulator's hand-written checks (emails, date-only values) judge as the regular expression and formatter they
 * replaced.
 */
class EmulatorIdentifiersTest {
    private static final Pattern BEFORE = Pattern.compile(
            "^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\\.[A-Za-z]{2,}$");
    private static final char[] ALPHABET = {'a', 'Z', 'q', '7', '-', '-', '.', '.', '.', '@', '+', '_', ' ', '\n', '\u00e9',
            '!'};

    private static boolean before(String email) {
        return email != null && email.length() <= 254 && BEFORE.matcher(email).matches() && !email.startsWith(".")
                && !email.contains("..");
    }

    @Test
    void addressesAreJudgedAsTheRegularExpressionJudgedThem() {
        for (String email : new String[]{null, "", "a@b.co", "first.last+tag@sub-domain.example.com", "a@b.c", "a@b.c0",
                "a@-b.co",
                "a@b-.co", "a@b..co", ".a@b.co", "a..b@c.de", "a.@b.co", "a@b.co\n", "a@b", "a@@b.co",
                "a@b.co.", "x@1.2.ab", "user@[1.2.3.4]", "a" + "b".repeat(250) + "@c.de"}) {
            assertEquals(before(email), Identifiers.validEmail(email), String.valueOf(email));
        }
        Random random = new Random(83);
        for (int n = 0; n < 30_000; n++) {
            StringBuilder email = new StringBuilder();
            int length = 3 + random.nextInt(8);
            for (int i = 0; i < length; i++) {
                email.append(ALPHABET[random.nextInt(ALPHABET.length)]);
            }
            String text = email.toString();
            assertEquals(before(text), Identifiers.validEmail(text), () -> "'" + text + "'");
        }
    }

    @Test
    void dateOnlyValuesAreReadAsTheStrictFormatterReadThem() {
        java.time.format.DateTimeFormatter strict = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd")
                .withResolverStyle(java.time.format.ResolverStyle.STRICT);
        Random random = new Random(10);
        char[] digits = {'0', '1', '2', '3', '9', '-', 'x', '+', ' '};
        for (int n = 0; n < 20_000; n++) {
            String text = n % 2 == 0
                    ? String.format("%04d-%02d-%02d", random.nextInt(10_000), random.nextInt(14), random.nextInt(33))
                    : random.ints(10, 0, digits.length)
                            .collect(StringBuilder::new, (b, i) -> b.append(digits[i]), StringBuilder::append)
                            .toString();
            java.time.LocalDate expected;
            try {
                expected = java.time.LocalDate.parse(text, strict);
            } catch (java.time.format.DateTimeParseException e) {
                expected = null;
            }
            java.time.LocalDate actual;
            try {
                actual = FieldTypes.dateOnly(text);
            } catch (java.time.format.DateTimeParseException e) {
                actual = null;
            }
            assertEquals(expected, actual, text);
        }
    }
}
