package io.github.cameliterable.state;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeldRunKeysTest {
    private static byte[] key(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean add(HeldRunKeys keys, String text) {
        return keys.addIfAbsent(key(text), SeenKeys.hash(key(text))) == HeldRunKeys.ADDED;
    }

    private static boolean contains(HeldRunKeys keys, String text) {
        return keys.contains(key(text), SeenKeys.hash(key(text)));
    }

    /** Every key added is found, exactly, across the table's growth and several blocks; no other key is. */
    @Test
    void everyKeyAddedIsFoundAndNoOther() {
        HeldRunKeys keys = new HeldRunKeys(new HeldRunKeys.Budget(256L << 20));
        for (int i = 0; i < 200_000; i++) {
            // 20 bytes of padding: 5.6 MB of keys, six blocks
            assertTrue(add(keys, "user" + i + "@example.com-" + "x".repeat(i % 21)), "key " + i);
        }
        assertEquals(200_000, keys.size());
        for (int i = 0; i < 200_000; i++) {
            assertTrue(contains(keys, "user" + i + "@example.com-" + "x".repeat(i % 21)), "key " + i);
            assertFalse(contains(keys, "user" + i + "@example.com-" + "x".repeat(i % 21 + 1)), "other key " + i);
        }
    }

    /** Two keys of one hash are told apart by their bytes: no hash decides alone. */
    @Test
    void keysOfTheSameHashAreToldApartByTheirBytes() {
        HeldRunKeys keys = new HeldRunKeys(new HeldRunKeys.Budget(4L << 20));
        assertTrue(keys.addIfAbsent(key("first"), 42L) == HeldRunKeys.ADDED);
        assertTrue(keys.contains(key("first"), 42L));
        assertEquals(HeldRunKeys.HELD, keys.addIfAbsent(key("first"), 42L), "added twice");
        assertFalse(keys.contains(key("second"), 42L), "same hash, another key");
        assertTrue(keys.addIfAbsent(key("second"), 42L) == HeldRunKeys.ADDED);
        assertTrue(keys.contains(key("second"), 42L));
        assertTrue(keys.contains(key("first"), 42L));
    }

    /**
     * The budget is shared: past it a key is refused (the run writes it to RocksDB), the keys held stay found, and a
     * released run gives its memory back to the next.
     */
    @Test
    void keysPastTheBudgetAreRefusedAndAReleaseGivesTheMemoryBack() {
        HeldRunKeys.Budget budget = new HeldRunKeys.Budget((1 << 20) + 8 * 4096);
        HeldRunKeys first = new HeldRunKeys(budget);
        int held = 0;
        while (add(first, "user" + held + "@example.com")) {
            held++;
        }
        assertEquals(2_048, held, "half the first table: the next one is past the budget");
        assertTrue(contains(first, "user0@example.com"));
        assertTrue(contains(first, "user2047@example.com"));
        assertFalse(contains(first, "user2048@example.com"), "refused, so not held");
        HeldRunKeys second = new HeldRunKeys(budget);
        assertFalse(add(second, "other@example.com"), "the budget is the first run's");
        first.release();
        assertFalse(contains(first, "user0@example.com"), "released");
        assertFalse(add(first, "late@example.com"), "a released run holds nothing more");
        assertTrue(add(second, "other@example.com"), "the memory came back");
    }

    /** A key longer than 64 KiB is not held (written to RocksDB instead); an empty key is. */
    @Test
    void aKeyLongerThan64KiBIsNotHeld() {
        HeldRunKeys keys = new HeldRunKeys(new HeldRunKeys.Budget(4L << 20));
        assertFalse(add(keys, "k".repeat(70_000)));
        assertTrue(add(keys, "k".repeat(65_535)));
        assertTrue(add(keys, ""));
        assertTrue(contains(keys, ""));
        assertTrue(contains(keys, "k".repeat(65_535)));
    }
}
