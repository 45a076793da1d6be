package io.github.cameliterable.state;

import java.util.Arrays;

/**
 * One sync's records in the durable intake's ring ({@link RocksIntakeLog}) that are not in the database: their ids and
 * places in the ring, in the order of their ids, each settled (acknowledged or failed: gone from the queue) or not.
 * The sender claims them straight from the ring; those settled before the ring needs their room are never written to
 * the database. Guarded by the log's lock.
 */
final class RocksIntakeLane {
    final byte[] prefix;
    /** The highest id of this sync's records the database may hold (put there by a move, an add or a restore). */
    long databaseUpTo;
    private long[] ids = new long[1024];
    private long[] positions = new long[1024];
    private boolean[] settled = new boolean[1024];
    /** Where the oldest entry is in the arrays, and how many there are. */
    private int start;
    private int count;
    /** How many entries are settled. */
    private int settledCount;
    /** Every entry before this index is settled. */
    private int unsettledFrom;

    RocksIntakeLane(byte[] prefix, long databaseUpTo) {
        this.prefix = prefix;
        this.databaseUpTo = databaseUpTo;
    }

    int size() {
        return count;
    }

    long id(int i) {
        return ids[slot(i)];
    }

    long position(int i) {
        return positions[slot(i)];
    }

    boolean settled(int i) {
        return settled[slot(i)];
    }

    /** Appends an entry; its id is above every id of the lane. */
    void add(long id, long position) {
        if (count == ids.length) {
            grow();
        }
        int s = slot(count++);
        ids[s] = id;
        positions[s] = position;
        settled[s] = false;
    }

    /** The index of the first entry whose id is above {@code id} ({@link #size()} when none is). */
    int firstAbove(long id) {
        int low = 0;
        int high = count;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (id(mid) <= id) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** The index of the entry of this id not settled, or -1 (not in the ring: in the database, or settled). */
    int unsettled(long id) {
        int i = firstAbove(id - 1);
        return i < count && id(i) == id && !settled(i) ? i : -1;
    }

    /** Marks an entry settled. */
    void settle(int i) {
        settled[slot(i)] = true;
        settledCount++;
    }

    /** The index of the oldest entry not settled ({@link #size()} when every one is). */
    int firstUnsettled() {
        while (unsettledFrom < count && settled(unsettledFrom)) {
            unsettledFrom++;
        }
        return unsettledFrom;
    }

    /**
     * The ring position of the oldest entry not settled, or {@link Long#MAX_VALUE} when there is none: the ring's head
     * is the oldest of them over every lane.
     */
    long unsettledPosition() {
        int i = firstUnsettled();
        return i == count ? Long.MAX_VALUE : position(i);
    }

    /**
     * Drops the entries before the ring's head (all settled): those after it stay, settled or not, for the runs of
     * settled records the head is written with.
     */
    void trimBefore(long head) {
        while (count > 0 && positions[start] < head) {
            if (settled[start]) {
                settledCount--;
            }
            start = (start + 1) % ids.length;
            count--;
            unsettledFrom = Math.max(0, unsettledFrom - 1);
        }
    }

    void clear() {
        start = 0;
        count = 0;
        settledCount = 0;
        unsettledFrom = 0;
    }

    /**
     * This lane's settled runs, each its first and last id, one after the other: what a restart, which reads the ring
     * from its head on, must not queue again.
     */
    long[] settledRuns() {
        if (settledCount == 0) {
            return new long[0];
        }
        long[] runs = new long[16];
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (settled(i)) {
                int last = i;
                while (last + 1 < count && settled(last + 1)) {
                    last++;
                }
                if (n == runs.length) {
                    runs = Arrays.copyOf(runs, 2 * n);
                }
                runs[n++] = id(i);
                runs[n++] = id(last);
                i = last;
            }
        }
        return Arrays.copyOf(runs, n);
    }

    private int slot(int i) {
        return (start + i) % ids.length;
    }

    private void grow() {
        int n = ids.length;
        long[] newIds = new long[2 * n];
        long[] newPositions = new long[2 * n];
        boolean[] newSettled = new boolean[2 * n];
        for (int i = 0; i < count; i++) {
            int s = slot(i);
            newIds[i] = ids[s];
            newPositions[i] = positions[s];
            newSettled[i] = settled[s];
        }
        ids = newIds;
        positions = newPositions;
        settled = newSettled;
        start = 0;
    }

    @Override
    public String toString() {
        return "lane " + Arrays.toString(prefix) + " (" + count + " in the ring)";
    }
}
