package io.github.cameliterable.sync;

import java.util.ArrayList;
import java.util.List;

import io.github.cameliterable.state.IntakeQueue;

/**
 * The durable intake's adds to its queue, on the callers' threads: a group commit where each add costs a commit or a
 * log write ({@link IntakeQueue#groupAdds()}), else each caller's own add.
 */
final class GroupCommit {
    private final IntakeQueue queue;
    private final String syncId;
    /** Callers whose records wait to be written; the lock of the group commit. */
    private final List<Pending> waiting = new ArrayList<>();
    /** Whether a caller is writing a group; guarded by {@link #waiting}. */
    private boolean writing;

    GroupCommit(IntakeQueue queue, String syncId) {
        this.queue = queue;
        this.syncId = syncId;
    }

    /** Records of one caller waiting to be written; once they were, the id of the first (-1: not known). */
    private static final class Pending {
        final List<byte[]> records;
        boolean written;
        long first = -1;
        RuntimeException failure;

        Pending(List<byte[]> records) {
            this.records = records;
        }
    }

    /**
     * Group commit: while one caller writes, callers that arrive wait, and when it is done one of them writes
     * everything that waits in one transaction (one commit, or one write of RocksDB's log, for the group: RocksDB's
     * own grouping of concurrent writes costs more in its write threads' hand-offs than the records' work). Each
     * caller returns once its own records are committed, with the id of its first record when the queue gave the
     * group consecutive ids, else -1. The write itself is outside the lock: a caller whose records were written
     * returns without waiting for the next group's write. A queue whose adds cost little more than a copy (the
     * embedded one's ring) is written by each caller directly: waiting for one another would cost more.
     */
    long write(List<byte[]> records) {
        if (!queue.groupAdds()) {
            return queue.add(syncId, records);
        }
        Pending mine = new Pending(records);
        List<Pending> group = null;
        boolean interrupted = false;
        synchronized (waiting) {
            waiting.add(mine);
            while (!mine.written) {
                if (!writing) {
                    writing = true;
                    group = new ArrayList<>(waiting);
                    waiting.clear();
                    break;
                }
                try {
                    waiting.wait();
                } catch (InterruptedException e) {
                    interrupted = true; // another caller may be writing these records: wait for the verdict
                }
            }
        }
        if (group != null) {
            writeGroup(group);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.first;
    }

    /** Writes a group of callers' records in one add, then wakes the callers. */
    private void writeGroup(List<Pending> group) {
        List<byte[]> all = new ArrayList<>();
        group.forEach(p -> all.addAll(p.records));
        long next = -1;
        RuntimeException failure = null;
        try {
            next = queue.add(syncId, all);
        } catch (RuntimeException e) {
            failure = e;
        } catch (Error e) {
            // the group's callers must not read it as written, nor the next group wait for ever
            failure = new IllegalStateException("The durable intake's queue could not be written: " + e, e);
        }
        synchronized (waiting) {
            for (Pending p : group) {
                p.first = next;
                p.failure = failure;
                p.written = true;
                next = next < 0 ? -1 : next + p.records.size();
            }
            writing = false;
            waiting.notifyAll();
        }
    }
}
