package io.github.cameliterable.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The keys a run has seen, held in the JVM while they fit in a budget every run of the JVM shares: exact (each key's
 * bytes
 * are kept and compared, no hash decides), so a key is a duplicate of the run or seen by its removal walk without a
 * RocksDB write a key. Writing every key to RocksDB, with the flushes and compactions that follow, was a third of the
 * run loop's work and a tenth of a dry run's CPU (docs/performance.md, scenario 3). A key that does not fit (the budget
 * spent, or a key longer than 64 KiB) is not held: {@link #add} says so and the run keeps it in RocksDB as before.
 * <p>
 * The keys' bytes are packed in blocks of 1 MiB, each prefixed with its length; an open-addressing table of longs
 * holds, for each key, 32 bits of its hash and where its bytes are. About 30 bytes beside the key a key (the table at
 * most half full). The memory is taken from the {@link Budget} as blocks and tables are made, and given back by
 * {@link #release}.
 */
final class HeldRunKeys {
    private static final int BLOCK_BITS = 20;
    private static final int BLOCK = 1 << BLOCK_BITS;
    private static final int MAX_BLOCKS = 1 << 10; // a reference is below 2^31: the block's index, the place in it
    private static final int MAX_KEY = 0xffff;
    private static final int FIRST_SLOTS = 1 << 12;

    /** The bytes the held keys of the runs given one budget may take together ({@link #JVM_BUDGET}: every run's). */
    static final class Budget {
        private final AtomicLong left;

        Budget(long bytes) {
            left = new AtomicLong(bytes);
        }

        /** A 32nd of the JVM's heap, between 1 MiB and 256 MiB: 8 MiB of a 256 MiB heap, 190 MiB of 6 GiB. */
        static Budget ofHeap() {
            return new Budget(Math.max(1L << 20, Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 32)));
        }

        boolean take(long bytes) {
            long now;
            do {
                now = left.get();
                if (now < bytes) {
                    return false;
                }
            } while (!left.compareAndSet(now, now - bytes));
            return true;
        }

        void giveBack(long bytes) {
            left.addAndGet(bytes);
        }
    }

    /** The budget of every run of this JVM: the heap is the JVM's, whatever the number of stores and endpoints. */
    static final Budget JVM_BUDGET = Budget.ofHeap();

    private final Budget budget;
    private final List<byte[]> blocks = new ArrayList<>();
    private int used = BLOCK; // no block yet: the first key makes one
    /** 0 empty; else the key hash's high 32 bits and its reference + 1 (block index, then the place in the block). */
    private long[] slots;
    private int held;
    private long taken;
    private boolean released;
    /** What {@link #touch} read last: kept so that its reads are not compiled away. */
    private long touched;

    HeldRunKeys(Budget budget) {
        this.budget = budget;
    }

    /** How many keys are held. */
    synchronized int size() {
        return held;
    }

    /** Whether {@code key} (its {@link SeenKeys#hash} is {@code hash}) was added. */
    synchronized boolean contains(byte[] key, long hash) {
        return slots != null && find(key, hash) >= 0;
    }

    /** {@link #addIfAbsent}: the key was not held, and now is. */
    static final int ADDED = 0;
    /** {@link #addIfAbsent}: the key was held already (a duplicate of the run). */
    static final int HELD = 1;
    /** {@link #addIfAbsent}: the key was not held and does not fit (the caller keeps it elsewhere). */
    static final int NO_ROOM = 2;

    /**
     * Adds {@code key} unless it is held: {@link #ADDED}, {@link #HELD}, or {@link #NO_ROOM} when it does not fit (the
     * budget spent, the key longer than 64 KiB, or the run released). One look-up and one lock a key: asking, then
     * adding, was two of each.
     */
    synchronized int addIfAbsent(byte[] key, long hash) {
        return add(key, hash);
    }

    /**
     * A chunk's keys at once: {@link #touchSlots} the slots of all its {@code hashes}, then {@link #addIfAbsent} each key
     * {@code which} names, its outcome into {@code outcomes} at the same place; under one hold of the lock, not one a
     * key.
     */
    synchronized void addAllIfAbsent(byte[][] keys, long[] hashes, int[] which, int[] outcomes) {
        touchSlots(hashes);
        for (int c = 0; c < which.length; c++) {
            outcomes[c] = add(keys[which[c]], hashes[which[c]]);
        }
    }

    private int add(byte[] key, long hash) {
        int free = slots == null ? -1 : find(key, hash);
        if (free >= 0) {
            return HELD;
        }
        if (released || key.length > MAX_KEY) {
            return NO_ROOM;
        }
        if (slots == null || 2 * (held + 1) > slots.length) {
            if (!grow()) {
                return NO_ROOM;
            }
            free = -1 - place(slots, hash);
        }
        if (!roomInBlock(2 + key.length)) {
            return NO_ROOM;
        }
        byte[] block = blocks.get(blocks.size() - 1);
        int reference = ((blocks.size() - 1) << BLOCK_BITS) | used;
        block[used] = (byte) (key.length >>> 8);
        block[used + 1] = (byte) key.length;
        System.arraycopy(key, 0, block, used + 2, key.length);
        used += 2 + key.length;
        slots[-1 - free] = slot(hash, reference);
        held++;
        return ADDED;
    }

    /**
     * The key's slot when it is held; else {@code -1 - } the free slot it would take. The table is indexed by the
     * hash's high 32 bits, the tag each slot keeps, so that a grown table places its keys without reading them.
     */
    private int find(byte[] key, long hash) {
        int mask = slots.length - 1;
        int tag = (int) (hash >>> 32);
        int i = tag & mask;
        for (long slot; (slot = slots[i]) != 0; i = (i + 1) & mask) {
            if ((int) (slot >>> 32) == tag && sameKey((int) slot - 1, key)) {
                return i;
            }
        }
        return -1 - i;
    }

    /**
     * Reads the table's slot of each of {@code hashes} (a chunk's, before their look-ups): the loads are independent,
     * so the CPU waits for their cache misses together, and the look-ups that follow find them in the cache. What it
     * read is summed into a field, so that the compiler keeps the reads.
     */
    private void touchSlots(long[] hashes) {
        long[] table = slots;
        if (table == null) {
            return;
        }
        int mask = table.length - 1;
        long sum = 0;
        for (long hash : hashes) {
            sum += table[(int) (hash >>> 32) & mask];
        }
        touched = sum;
    }

    /** Gives the memory back to the budget; the keys are no longer held (a finished run). */
    synchronized void release() {
        released = true;
        blocks.clear();
        slots = null;
        held = 0;
        budget.giveBack(taken);
        taken = 0;
    }

    private boolean sameKey(int reference, byte[] key) {
        byte[] block = blocks.get(reference >>> BLOCK_BITS);
        int at = reference & (BLOCK - 1);
        int length = lengthAt(block, at);
        return length == key.length && Arrays.equals(block, at + 2, at + 2 + length, key, 0, length);
    }

    /** The length of the key whose bytes follow {@code at} (two bytes, big-endian, as {@link #add} wrote it). */
    private static int lengthAt(byte[] block, int at) {
        return ((block[at] & 0xff) << 8) | (block[at + 1] & 0xff);
    }

    /** A table made, or doubled, within the budget, so that it is at most half full with one more key. */
    private boolean grow() {
        int size = slots == null ? FIRST_SLOTS : 2 * slots.length;
        if (size > (1 << 30) || !take(8L * size)) {
            return false;
        }
        long[] grown = new long[size];
        if (slots != null) {
            for (long slot : slots) {
                if (slot != 0) {
                    grown[place(grown, slot)] = slot;
                }
            }
            budget.giveBack(8L * slots.length);
            taken -= 8L * slots.length;
        }
        slots = grown;
        return true;
    }

    private boolean roomInBlock(int bytes) {
        if (used + bytes <= BLOCK) {
            return true;
        }
        if (blocks.size() == MAX_BLOCKS || !take(BLOCK)) {
            return false;
        }
        blocks.add(new byte[BLOCK]);
        used = 0;
        return true;
    }

    private boolean take(long bytes) {
        if (!budget.take(bytes)) {
            return false;
        }
        taken += bytes;
        return true;
    }

    /** The free slot of {@code table} for a key whose hash (or slot: the same high 32 bits) is {@code hash}. */
    private static int place(long[] table, long hash) {
        int mask = table.length - 1;
        int i = (int) (hash >>> 32) & mask;
        while (table[i] != 0) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private static long slot(long hash, int reference) {
        return (hash >>> 32) << 32 | (reference + 1L);
    }
}
