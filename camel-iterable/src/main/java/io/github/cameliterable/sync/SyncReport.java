package io.github.cameliterable.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ObjLongConsumer;

import io.github.cameliterable.state.RecordClass;
import io.github.cameliterable.text.SafeText;

/**
 * What one run did: how many records arrived, how change detection classified them, what Iterable acknowledged,
 * refused or never saw, the API calls it took, and each failed record with its reason. The exchange's body when the
 * run ends. Safe to update from the HTTP client's threads.
 */
public final class SyncReport {
    /** Failures kept with their reasons; beyond this only the count grows, so a bad model cannot exhaust memory. */
    public static final int MAX_LISTED = 1000;

    /** A record that did not make it, and why. */
    public record FailedRecord(long index, String primaryKey, String field, String reason) {
        @Override
        public String toString() {
            // a record that could not be read has no primary key: none is shown rather than 'null'
            return "record " + index + (primaryKey == null ? "" : " (primary key '" + primaryKey + "')")
                    + (field == null ? "" : " field '" + field + "'") + ": " + reason;
        }
    }

    private final String syncType;
    private final String syncId;
    private final boolean dryRun;
    private final Instant startedAt = Instant.now();
    private volatile Duration duration;

    final AtomicLong received = new AtomicLong();
    final AtomicLong newRecords = new AtomicLong();
    final AtomicLong changed = new AtomicLong();
    final AtomicLong unchanged = new AtomicLong();
    final AtomicLong removed = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong invalid = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong succeeded = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    final AtomicLong deferred = new AtomicLong();
    final AtomicLong queued = new AtomicLong();
    final AtomicLong apiCalls = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong rateLimited = new AtomicLong();
    final AtomicLong requestBytes = new AtomicLong();
    final AtomicLong unanswered = new AtomicLong();
    private final List<FailedRecord> failures = Collections.synchronizedList(new ArrayList<>());
    private final List<String> duplicateKeys = Collections.synchronizedList(new ArrayList<>());
    private final List<String> skippedReasons = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicLong> recordNotes = new ConcurrentSkipListMap<>();
    private volatile String fatalError;
    private volatile String refusal;
    private final List<String> notes = Collections.synchronizedList(new ArrayList<>());

    public SyncReport(String syncType, String syncId, boolean dryRun) {
        this.syncType = syncType;
        this.syncId = syncId;
        this.dryRun = dryRun;
    }

    // every text kept is escaped and cut (SafeText): the report's size is bounded whatever the records hold
    void fail(long index, String primaryKey, String field, String reason) {
        failed.incrementAndGet();
        if (failures.size() < MAX_LISTED) {
            failures.add(new FailedRecord(index, primaryKey == null ? null : SafeText.of(primaryKey),
                    field == null ? null : SafeText.of(field), SafeText.reason(reason)));
        }
    }

    /**
     * Records of the durable intake Iterable did not answer stay queued, to be sent again: counted queued, not failed,
     * and not listed among the failures (the metrics and the endpoint's last report counted an outage's records failed).
     */
    void requeued(Set<Long> indexes) {
        failed.addAndGet(-indexes.size());
        queued.addAndGet(indexes.size());
        failures.removeIf(failure -> indexes.contains(failure.index()));
    }

    /** Adds the counts of new, changed and unchanged records (by their class's ordinal) to {@code run}'s report. */
    static void count(SyncRun run, long[] counts) {
        if (run != null) {
            run.report().newRecords.addAndGet(counts[RecordClass.NEW.ordinal()]);
            run.report().changed.addAndGet(counts[RecordClass.CHANGED.ordinal()]);
            run.report().unchanged.addAndGet(counts[RecordClass.UNCHANGED.ordinal()]);
        }
        java.util.Arrays.fill(counts, 0);
    }

    void duplicate(String primaryKey) {
        duplicates.incrementAndGet();
        if (duplicateKeys.size() < MAX_LISTED) {
            duplicateKeys.add(SafeText.of(primaryKey));
        }
    }

    void skip(String reason) {
        skipped.incrementAndGet();
        String shown = SafeText.reason(reason);
        synchronized (skippedReasons) {
            if (skippedReasons.size() < 20 && !skippedReasons.contains(shown)) {
                skippedReasons.add(shown);
            }
        }
    }

    /** Something done differently than asked, but done (a user already deleted): counted per kind. */
    void noteRecord(String what) {
        recordNotes.computeIfAbsent(what, w -> new AtomicLong()).incrementAndGet();
    }

    void fatal(String message) {
        this.fatalError = SafeText.reason(message);
    }

    /** The run did not do what the exchange asked, to protect Iterable's data: the exchange fails with this. */
    void refuse(String message) {
        this.refusal = message;
    }

    void note(String message) {
        notes.add(message);
    }

    /** The report of a run control that sends nothing: the state of the syncId was reset. */
    public static SyncReport ofReset(String syncType, String syncId, boolean dryRun, long forgotten) {
        SyncReport report = new SyncReport(syncType, syncId, dryRun);
        report.note(dryRun ? "dry run: a reset would forget the state of this syncId"
                : "state reset: " + forgotten + " keys forgotten; the next run sends every record as new and removes nothing");
        report.finish();
        return report;
    }

    void finish() {
        duration = Duration.between(startedAt, Instant.now());
    }

    public String getSyncType() {
        return syncType;
    }

    public String getSyncId() {
        return syncId;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Duration getDuration() {
        return duration == null ? Duration.between(startedAt, Instant.now()) : duration;
    }

    /** Records read from the body. */
    public long getReceived() {
        return received.get();
    }

    public long getNew() {
        return newRecords.get();
    }

    public long getChanged() {
        return changed.get();
    }

    public long getUnchanged() {
        return unchanged.get();
    }

    public long getRemoved() {
        return removed.get();
    }

    /** Records whose primary key appeared earlier in the same run: the first occurrence wins, these are not sent. */
    public long getDuplicates() {
        return duplicates.get();
    }

    /** Records that failed mapping or validation and were never sent. */
    public long getInvalid() {
        return invalid.get();
    }

    /** Records (and removals) handed to Iterable in a request. */
    public long getSent() {
        return sent.get();
    }

    /** Records Iterable acknowledged. */
    public long getSucceeded() {
        return succeeded.get();
    }

    /** Records that did not make it: invalid, refused by Iterable, or still failing after the retries. */
    public long getFailed() {
        return failed.get();
    }

    /** Records with nothing to do, such as users not found in update mode or unchanged first-seen actions. */
    public long getSkipped() {
        return skipped.get();
    }

    /** Records held back for a later run (a daily cap), neither sent nor failed. */
    public long getDeferred() {
        return deferred.get();
    }

    /** Records queued in the durable intake, to be sent in the background. */
    public long getQueued() {
        return queued.get();
    }

    /** HTTP requests made, retries included. */
    public long getApiCalls() {
        return apiCalls.get();
    }

    public long getRetries() {
        return retries.get();
    }

    /** 429 answers received (each was retried). */
    public long getRateLimited() {
        return rateLimited.get();
    }

    public long getRequestBytes() {
        return requestBytes.get();
    }

    /**
     * Of the failed records, those Iterable never answered after every retry (no answer, or 429 or 5xx: an outage):
     * not acknowledged, so sent again by a later run that holds them; a stream's exchange fails on them (its source
     * delivers the record again). Not among {@link #counts()}.
     */
    public long getUnanswered() {
        return unanswered.get();
    }

    public List<FailedRecord> getFailures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    public List<String> getDuplicateKeys() {
        synchronized (duplicateKeys) {
            return List.copyOf(duplicateKeys);
        }
    }

    public List<String> getSkippedReasons() {
        synchronized (skippedReasons) {
            return List.copyOf(skippedReasons);
        }
    }

    /** Why the run stopped early (a refused API key), or null. */
    public String getFatalError() {
        return fatalError;
    }

    /** Why the run refused to do what the body asked (a removal safeguard, a one-record snapshot), or null. */
    public String getRefusal() {
        return refusal;
    }

    /**
     * What the run did besides the counts: a run control, what a safeguard would do in a dry run, and records done
     * otherwise than asked but done, with their count ("2 records: Iterable did not know the user ...").
     */
    public List<String> getNotes() {
        List<String> lines;
        synchronized (notes) {
            lines = new ArrayList<>(notes);
        }
        recordNotes.forEach((what, count) -> lines.add(count.get() + (count.get() == 1 ? " record: " : " records: ") + what));
        return lines;
    }

    /** The main counts by name, in the order reports print them: received, the record outcomes, then the calls. */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("received", getReceived());
        counts.putAll(recordCounts());
        counts.put("apiCalls", getApiCalls());
        counts.put("retries", getRetries());
        counts.put("rateLimited", getRateLimited());
        return counts;
    }

    /** The records by class and outcome, the names metrics and management use too. */
    public Map<String, Long> recordCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        forEachRecordCount(counts::put);
        return counts;
    }

    /** {@link #recordCounts()} without a map: each outcome's name and count, in the same order. */
    public void forEachRecordCount(ObjLongConsumer<String> count) {
        count.accept("new", getNew());
        count.accept("changed", getChanged());
        count.accept("unchanged", getUnchanged());
        count.accept("removed", getRemoved());
        count.accept("duplicates", getDuplicates());
        count.accept("invalid", getInvalid());
        count.accept("sent", getSent());
        count.accept("succeeded", getSucceeded());
        count.accept("failed", getFailed());
        count.accept("skipped", getSkipped());
        count.accept("deferred", getDeferred());
        count.accept("queued", getQueued());
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        text.append("Iterable ")
                .append(syncType)
                .append(" sync '")
                .append(syncId)
                .append("'")
                .append(dryRun ? " (dry run)" : "")
                .append(" in ")
                .append(getDuration().toMillis())
                .append(" ms: ");
        counts().forEach((name, count) -> text.append(name).append('=').append(count).append(' '));
        if (fatalError != null) {
            text.append("\n  stopped: ").append(fatalError);
        }
        if (refusal != null) {
            text.append("\n  refused: ").append(refusal);
        }
        getNotes().forEach(n -> text.append("\n  note: ").append(n));
        List<FailedRecord> listed = getFailures();
        listed.stream().limit(20).forEach(f -> text.append("\n  failed ").append(f));
        if (getFailed() > Math.min(20, listed.size())) {
            text.append("\n  ... ").append(getFailed() - Math.min(20, listed.size())).append(" more failed");
        }
        return text.toString().strip();
    }
}
