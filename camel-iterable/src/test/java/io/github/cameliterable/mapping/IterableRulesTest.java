package io.github.cameliterable.mapping;

import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The hand-written identifier checks accept exactly what the regular expressions they replaced accepted. */
class IterableRulesTest {
    /** The email rule as it was written before issue 14, a regular expression. */
    private static final Pattern EMAIL_BEFORE = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s.]{2,}$");
    private static final Pattern USER_ID_BEFORE = Pattern.compile("[\\x20-\\x7E]+");
    /** Characters that matter to the rules (@, dots, each white space of \s, a non-breaking space) and ordinary ones. */
    private static final char[] ALPHABET = {'a', 'b', 'Z', '0', '-', '+', '_', '@', '.', '.', ' ', '\t', '\n', '\u000B',
            '\f', '\r', '\u00A0', '\u00e9', '\u0001', '~', '\u007F'};

    @Test
    void emailsAreJudgedAsTheRegularExpressionJudgedThem() {
        for (String email : new String[]{"a@b.co", "first.last+tag@sub.example.com", "a@b.c", "@b.co", "a@.co", "a@..co",
                "a@@b.co", "a b@c.de", "a@b.co\n", "a@b", "a.b@co", "a@b.co.", "a@b.c.de", "x@y.\u00e9\u00e9",
                "a@b.c o", "a\u00A0@b.co"}) {
            assertEquals(EMAIL_BEFORE.matcher(email).matches(), IterableRules.isEmail(email), email);
        }
        Random random = new Random(14);
        for (int n = 0; n < 60_000; n++) {
            StringBuilder email = new StringBuilder();
            int length = 1 + random.nextInt(9);
            for (int i = 0; i < length; i++) {
                email.append(ALPHABET[random.nextInt(ALPHABET.length)]);
            }
            String text = email.toString();
            assertEquals(EMAIL_BEFORE.matcher(text).matches(), IterableRules.isEmail(text), () -> "'" + text + "'");
        }
    }

    @Test
    void aBadEmailFailsItsRecordNamingTheField() {
        InvalidRecordException e = assertThrows(InvalidRecordException.class, () -> IterableRules.checkEmail("mail", "a@b"));
        assertEquals("mail", e.field());
        assertDoesNotThrow(() -> IterableRules.checkEmail("mail", "a@b.co"));
        assertThrows(InvalidRecordException.class, () -> IterableRules.checkEmail("mail", "a@b.co" + "m".repeat(250)));
    }

    @Test
    void userIdsAreJudgedAsTheRegularExpressionJudgedThem() {
        Random random = new Random(52);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder id = new StringBuilder();
            int length = 1 + random.nextInt(8);
            for (int i = 0; i < length; i++) {
                id.append(ALPHABET[random.nextInt(ALPHABET.length)]);
            }
            String text = id.toString().stripTrailing();
            if (text.isEmpty()) {
                continue;
            }
            boolean before = USER_ID_BEFORE.matcher(text).matches();
            if (before) {
                assertDoesNotThrow(() -> IterableRules.checkUserId("id", text), text);
            } else {
                assertThrows(InvalidRecordException.class, () -> IterableRules.checkUserId("id", text), text);
            }
        }
    }
}
