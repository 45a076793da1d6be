package io.github.cameliterable.sync;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.cameliterable.mapping.MappedRecord;
import io.github.cameliterable.mapping.RecordReader;
import io.github.cameliterable.state.IntakeQueue;

/**
 * The durable intake of an endpoint, for sources that hand over one message at a time and wait for it: an exchange
 * completes once its records are queued in the state store's database, and the run loop, as the sender, claims them
 * in chunks and sends them in full batches at the rate ceiling. A claimed chunk is one run whose report is the
 * endpoint's last report; once it ends, acknowledged records leave the queue and refused ones go to the failed
 * records with their reasons. Claimed records never settled (a crash, a refused API key) are queued again when the
 * endpoint starts, so nothing is lost between the source's acknowledgement and Iterable's.
 */
final class DurableIntake {
    /**
     * Records claimed and not yet settled, at most; within it the claimed records' bytes are bounded by
     * {@link #maxClaimedBytes}, enough to fill a full request for every request slot and one more.
     */
    private static final int MAX_CLAIMED = 256 * RunLoop.CHUNK;
    /** Records claimed while the endpoint stops, at most: a stop is not held up by a long queue. */
    private static final int MAX_CLAIMED_ON_STOP = 64 * RunLoop.CHUNK;
    /** The bytes of a full bulk request, when the endpoint has no option that makes it smaller (Iterable's 4 MB). */
    private static final long FULL_REQUEST_BYTES = 4L * 1024 * 1024;
    /** Records queued by this JVM kept mapped in memory for the sender, at most; beyond, it reads them back. */
    private static final int MAX_MAPPED = 32 * RunLoop.CHUNK;
    /** How long a chunk that is not whole waits to be claimed, at most (the linger time when shorter). */
    private static final long MAX_CLAIM_LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** How often the queue is looked at when this JVM queued nothing. */
    private static final long IDLE_LOOK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** How long the sender waits, after Iterable did not answer, before it claims those records again. */
    private static final long UNANSWERED_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** How long a caller waits for a sender that is behind, at most; also how recent its last claim must be. */
    private static final long MAX_SENDER_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final SyncPipeline pipeline;
    private final IntakeQueue queue;
    private final String syncId;
    /** The queue ids of each claimed chunk's run, and their bytes; only the run loop's thread touches it. */
    private final Map<SyncRun, Claim> claimed = new HashMap<>();
    /** Callers' adds to the queue, grouped where the queue wants it. */
    private final GroupCommit writes;
    /** Records this JVM queued, by queue id, kept mapped for the sender while there are at most MAX_MAPPED. */
    private final ConcurrentHashMap<Long, MappedRecord> mapped = new ConcurrentHashMap<>();
    private final AtomicInteger mappedCount = new AtomicInteger();
    /** The last queue id the sender claimed: a record kept in memory after its claim is let go at once. */
    private volatile long claimedUpTo;
    /** Records claimed and not settled, and their bytes; written by the loop only, read by callers too. */
    private volatile int claimedRecords;
    private volatile long claimedBytes;
    /**
     * The claimed records' bytes as queued, at most: twice a full request for each of {@code maxConcurrentRequests}
     * and one filling (a queued record carries its identity, sync columns and hash besides what its request item
     * sends: about twice the item), so that every request slot holds a full request while Iterable answers (64,000
     * records left half the slots of users' 16,000-record requests empty). The slots bound the memory already (the
     * loop waits for a free one); this bounds what a chunk that does not settle (retries) keeps claimed.
     */
    private final long maxClaimedBytes;
    /** Records this JVM queued since the loop last claimed, and since when: it claims a whole chunk or what lingered. */
    private final AtomicLong unclaimed = new AtomicLong();
    private volatile long unclaimedSince;
    private final long lingerNanos;
    /** The loop's: whether the last claim took a whole chunk (more may wait: a backlog, another JVM's records). */
    private boolean backlog = true;
    /** The loop's: when it last looked at the queue. */
    private long lastLook;
    /** Records claimed since the endpoint began to stop. */
    private int claimedOnStop;
    private volatile boolean paused;
    /**
     * The loop's: records whose requests Iterable never answered (after every retry), kept in the queue; claims stop
     * until every run in flight has settled and {@link #retryAt} has come, then they are queued again and claimed
     * first. An outage of Iterable longer than the retries leaves the records queued, not failed.
     */
    private final List<Long> unanswered = new ArrayList<>();
    private long retryAt;
    /**
     * The loop's: records a daily cap deferred (forget, unforget), kept claimed in the queue and queued again
     * {@link #deferredRetryNanos} after the first of them: the cap's 24 hours slide, so an allowance comes back as its
     * oldest call ages out, and a record still over the cap is deferred again (no call is made for it).
     */
    private final List<Long> deferred = new ArrayList<>();
    private long deferredRetryAt;
    /** How long deferred records wait before they are claimed again; tests shorten it. */
    static volatile long deferredRetryNanos = TimeUnit.MINUTES.toNanos(1);
    /** The lock callers wait on for the sender's next claim; guards {@link #waitingForSender}. */
    private final Object senderClaimed = new Object();
    private int waitingForSender;
    /** When the sender last claimed records. */
    private volatile long lastClaimed = System.nanoTime() - 2 * MAX_SENDER_WAIT_NANOS; // none yet: long ago

    DurableIntake(SyncPipeline pipeline, IntakeQueue queue) {
        this.pipeline = pipeline;
        this.queue = queue;
        this.syncId = pipeline.settings().syncId();
        this.writes = new GroupCommit(queue, syncId);
        this.lingerNanos = Math.min(pipeline.settings().linger().toNanos(), MAX_CLAIM_LINGER_NANOS);
        long requestBytes = pipeline.settings().maxBatchBytes() > 0
                ? Math.min(pipeline.settings().maxBatchBytes(), FULL_REQUEST_BYTES)
                : FULL_REQUEST_BYTES;
        this.maxClaimedBytes = 2 * (pipeline.settings().maxConcurrentRequests() + 1L) * requestBytes;
    }

    /** A claimed chunk: its records' queue ids and bytes. */
    private record Claim(List<Long> ids, long bytes) {
    }

    /** Whether the sender holds as many claimed records as it may: its claims wait for runs to settle. */
    private boolean claimsFull() {
        return claimedRecords >= MAX_CLAIMED || claimedBytes >= maxClaimedBytes;
    }

    /** When the endpoint starts: what a JVM that died had claimed is queued again. */
    void recover() {
        int released = queue.recover(syncId);
        if (released > 0) {
            SyncPipeline.LOG.info("Iterable sync '{}': {} queued records claimed before a stop are queued again", syncId,
                    released);
        }
    }

    /**
     * The loop ended (a graceful stop): the claims kept to be looked at again (unanswered, deferred) are released now,
     * so that the next start or another JVM on a shared database takes them at once, not after claims expire.
     */
    void stopped() {
        List<Long> kept = new ArrayList<>(unanswered);
        kept.addAll(deferred);
        if (!kept.isEmpty()) {
            queue.release(syncId, kept);
            unanswered.clear();
            deferred.clear();
        }
    }

    /**
     * On the caller's thread: maps the body's records and queues the valid ones in one transaction; throws when the
     * body cannot be read or the queue written (nothing of the body is queued then). The mapped records are kept in
     * memory as well, up to a bound, so that the sender does not read back what this JVM queued.
     */
    boolean accept(SyncRun run, Object body) {
        awaitSender();
        List<MappedRecord> records = new ArrayList<>();
        List<byte[]> texts = new ArrayList<>();
        try (RecordReader reader = RecordReader.of(body, pipeline.json())) {
            while (reader.hasNext()) {
                MappedRecord record = run.map(reader, true);
                if (record != null) {
                    records.add(record);
                    texts.add(pipeline.jsonBytes().write(record.toJson(pipeline.json().getNodeFactory())));
                }
            }
        }
        long first = records.isEmpty() ? -1 : writes.write(texts);
        if (first >= 0 && mappedCount.get() < MAX_MAPPED) {
            for (int i = 0; i < records.size(); i++) {
                mapped.put(first + i, records.get(i).withIndex(first + i));
            }
            mappedCount.addAndGet(records.size());
            // the sender claimed some of them meanwhile (faster than this caller) and read them back: let them go
            long last = Math.min(claimedUpTo, first + records.size() - 1);
            for (long id = first; id <= last; id++) {
                if (mapped.remove(id) != null) {
                    mappedCount.decrementAndGet();
                }
            }
        }
        run.report().queued.addAndGet(records.size());
        if (records.isEmpty()) {
            return false;
        }
        // the loop is woken when its linger time starts and when a whole chunk waits, not for every record
        long before = unclaimed.getAndAdd(records.size());
        if (before == 0) {
            unclaimedSince = System.nanoTime();
        }
        return before == 0 || before < RunLoop.CHUNK && before + records.size() >= RunLoop.CHUNK;
    }

    /**
     * On the loop's thread: how long until a claim is due (nanoseconds): 0 with a backlog or a whole chunk waiting,
     * else when the oldest record this JVM queued has waited the linger time, or, with none, when the queue is next
     * looked at (another JVM's records, on a shared database).
     */
    long nanosUntilClaim() {
        if (paused || claimsFull()) {
            return IDLE_LOOK_NANOS; // until the endpoint restarts, or runs in flight settle
        }
        if (!unanswered.isEmpty()) {
            return claimed.isEmpty() ? Math.max(0, retryAt - System.nanoTime()) : IDLE_LOOK_NANOS;
        }
        if (backlog || unclaimed.get() >= RunLoop.CHUNK) {
            return 0;
        }
        long due = unclaimed.get() > 0 ? unclaimedSince + lingerNanos : lastLook + IDLE_LOOK_NANOS;
        return Math.max(0, due - System.nanoTime());
    }

    /**
     * On the loop's thread: whether the last claim took a whole chunk (more records wait) and the sender may claim
     * again (not paused, its claims not waiting for runs to settle): its batches then go on filling past the linger
     * time. Never while the claims are full: their runs settle only once their records, some of them in a batch that
     * waits, are sent; nor after a claim that failed.
     */
    boolean hasBacklog() {
        return backlog && !paused && !claimsFull() && unanswered.isEmpty();
    }

    /**
     * A caller waits here while the sender is behind by the whole of {@link #MAX_MAPPED} and claims at its pace: until
     * its next claim, at most {@link #MAX_SENDER_WAIT_NANOS}. Not when the sender does not claim (Iterable does not
     * answer, the endpoint paused or stops) nor when its claims wait for runs to settle: the intake then accepts at
     * full speed, the queue absorbing the difference. On 2 cores a caller that outruns such a sender only takes its
     * CPU: the records it queues beyond the bound are read back and parsed from the queue.
     */
    private void awaitSender() {
        if (mappedCount.get() < MAX_MAPPED || paused || claimsFull()
                || System.nanoTime() - lastClaimed > MAX_SENDER_WAIT_NANOS) {
            return;
        }
        long deadline = System.nanoTime() + MAX_SENDER_WAIT_NANOS;
        synchronized (senderClaimed) {
            waitingForSender++;
            try {
                long left;
                while (mappedCount.get() >= MAX_MAPPED && (left = deadline - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.timedWait(senderClaimed, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                waitingForSender--;
            }
        }
    }

    /**
     * On the loop's thread: claims a chunk when there is room and hands it over; false when none was claimed. While
     * the endpoint stops, what is queued is still claimed and sent, up to {@link #MAX_CLAIMED_ON_STOP} records in all (a
     * stop is not held up by a long queue: the rest stays queued for the next start).
     */
    boolean claim(RunLoop loop, boolean stopping) {
        if (stopping && claimedOnStop >= MAX_CLAIMED_ON_STOP) {
            return false;
        }
        int released = queue.keepClaims(syncId);
        if (released > 0) {
            SyncPipeline.LOG.warn("Iterable sync '{}': {} queued records claimed by a sender that stopped renewing its"
                    + " claims are queued again", syncId, released);
        }
        if (!deferred.isEmpty() && !stopping && System.nanoTime() - deferredRetryAt >= 0) {
            queue.release(syncId, deferred);
            SyncPipeline.LOG.debug("Iterable sync '{}': {} queued records a daily cap deferred are claimed again", syncId,
                    deferred.size());
            deferred.clear();
            backlog = true; // claimed at once
        }
        if (paused || claimsFull() || !stopping && nanosUntilClaim() > 0) {
            return false;
        }
        if (!unanswered.isEmpty()) {
            if (!claimed.isEmpty() || stopping) {
                return false; // queued again when the endpoint starts
            }
            queue.release(syncId, unanswered);
            SyncPipeline.LOG.info("Iterable sync '{}': {} queued records Iterable did not answer are claimed again",
                    syncId, unanswered.size());
            unanswered.clear();
        }
        lastLook = System.nanoTime();
        backlog = false; // until the claim took a whole chunk (a claim that fails leaves none)
        List<IntakeQueue.Queued> chunk = queue.claim(syncId, RunLoop.CHUNK);
        backlog = chunk.size() == RunLoop.CHUNK;
        if (chunk.isEmpty()) {
            unclaimed.set(0); // nothing waits (on a shared database, another sender took them)
            return false;
        }
        if (unclaimed.updateAndGet(n -> Math.max(0, n - chunk.size())) > 0) {
            unclaimedSince = lastLook; // queued before the claim, after the chunk: they wait at most one more linger
        }
        // before the look-ups: a caller that keeps its records after this sees it and lets them go (accept)
        claimedUpTo = chunk.get(chunk.size() - 1).id();
        SyncRun run = new SyncRun(pipeline, null, RunControls.NONE);
        run.keepDeferred();
        List<MappedRecord> records = new ArrayList<>(chunk.size());
        List<Long> ids = new ArrayList<>(chunk.size());
        long bytes = 0;
        for (IntakeQueue.Queued queued : chunk) {
            bytes += queued.record().length();
            MappedRecord record = mapped.remove(queued.id());
            if (record != null) {
                mappedCount.decrementAndGet();
            } else {
                record = MappedRecord.fromJson(queued.record(), queued.id(), pipeline.json());
            }
            records.add(record);
            ids.add(queued.id());
        }
        run.report().received.addAndGet(records.size());
        claimed.put(run, new Claim(ids, bytes));
        claimedRecords += ids.size();
        claimedBytes += bytes;
        lastClaimed = System.nanoTime();
        synchronized (senderClaimed) {
            if (waitingForSender > 0) {
                senderClaimed.notifyAll();
            }
        }
        if (stopping) {
            claimedOnStop += ids.size();
        }
        loop.handOverRecords(List.of(run), records, Collections.nCopies(records.size(), run));
        return true;
    }

    /**
     * On the loop's thread, before a claimed chunk's run completes: its records leave the queue, refused ones for
     * the failed records. Deferred ones (a daily cap) stay claimed until they are claimed again
     * ({@link #deferred}); after a refused API key, all of them stay claimed until the endpoint starts again.
     */
    void settle(SyncRun run) {
        Claim claim = claimed.remove(run);
        if (claim == null) {
            return;
        }
        List<Long> ids = claim.ids();
        claimedRecords -= ids.size();
        claimedBytes -= claim.bytes();
        if (run.failure() != null) {
            // not sent, or not known to be: left claimed, queued again when the endpoint starts
            SyncPipeline.LOG.error("Iterable sync '{}': {} queued records stay claimed until the endpoint restarts: {}",
                    syncId, ids.size(), run.failure().getMessage());
            return;
        }
        if (run.stoppedBy() != null) {
            paused = true;
            SyncPipeline.LOG.error("Iterable sync '{}': the durable intake stops sending until the endpoint restarts;"
                    + " {} records stay queued", syncId, queue.size(syncId));
            return;
        }
        Set<Long> keep = new HashSet<>(run.kept().deferred());
        if (!run.kept().deferred().isEmpty()) {
            if (deferred.isEmpty()) {
                deferredRetryAt = System.nanoTime() + deferredRetryNanos;
            }
            deferred.addAll(run.kept().deferred());
        }
        // not refused: Iterable did not answer (an outage longer than the retries); they stay queued
        Set<Long> noAnswer = new HashSet<>(run.kept().unanswered());
        List<IntakeQueue.Failed> failed = new ArrayList<>();
        for (SyncReport.FailedRecord failure : run.report().getFailures()) {
            if (!noAnswer.contains(failure.index())) {
                failed.add(new IntakeQueue.Failed(failure.index(), failure.primaryKey(), failure.field(),
                        failure.reason(), null));
            }
            keep.add(failure.index());
        }
        if (!noAnswer.isEmpty()) {
            run.report().requeued(noAnswer);
            unanswered.addAll(noAnswer);
            retryAt = System.nanoTime() + UNANSWERED_BACKOFF_NANOS;
            SyncPipeline.LOG.warn("Iterable sync '{}': Iterable did not answer for {} queued records; they stay queued"
                    + " and are sent again in {} s", syncId, noAnswer.size(),
                    TimeUnit.NANOSECONDS.toSeconds(UNANSWERED_BACKOFF_NANOS));
        }
        List<Long> done = new ArrayList<>(ids.size());
        for (Long id : ids) {
            if (!keep.contains(id)) {
                done.add(id);
            }
        }
        queue.fail(syncId, failed);
        queue.remove(syncId, done);
    }

    long size() {
        return queue.size(syncId);
    }

    long failedCount() {
        return queue.failedCount(syncId);
    }

    List<IntakeQueue.Failed> failed(int max) {
        return queue.failed(syncId, max);
    }
}
