package io.github.cameliterable.state;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeenKeysTest {
    private static long key(String text) {
        return SeenKeys.hash(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Every key added is found, across the filters the set grows into (16,384 keys, then 65,536, then 262,144). */
    @Test
    void aKeyAddedIsAlwaysFound() {
        SeenKeys seen = new SeenKeys();
        assertFalse(seen.mayContain(key("user1@example.com")), "nothing added yet");
        for (int i = 0; i < 300_000; i++) {
            seen.add(key("user" + i + "@example.com"));
        }
        for (int i = 0; i < 300_000; i++) {
            assertTrue(seen.mayContain(key("user" + i + "@example.com")), "key " + i);
        }
    }

    /** A key never added is mostly known as such: each false "maybe" only costs the look-up it saves otherwise. */
    @Test
    void fewKeysNeverAddedAreMaybes() {
        SeenKeys seen = new SeenKeys();
        int added = 300_000;
        for (int i = 0; i < added; i++) {
            seen.add(key("user" + i + "@example.com"));
        }
        int maybes = 0;
        int asked = 300_000;
        for (int i = 0; i < asked; i++) {
            if (seen.mayContain(key("other" + i + "@example.com"))) {
                maybes++;
            }
        }
        assertTrue(maybes < asked * 0.05, maybes + " of " + asked + " keys never added were maybes");
    }
}
