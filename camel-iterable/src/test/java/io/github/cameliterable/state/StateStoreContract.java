package io.github.cameliterable.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.apache.camel.spi.IdempotentRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.github.cameliterable.state.RecordClass.CHANGED;
import static io.github.cameliterable.state.RecordClass.DUPLICATE;
import static io.github.cameliterable.state.RecordClass.NEW;
import static io.github.cameliterable.state.RecordClass.REMOVED;
import static io.github.cameliterable.state.RecordClass.UNCHANGED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link StateStore} must do: the JDBC store on each database, the embedded RocksDB store. */
abstract class StateStoreContract<S extends StateStore> {

    protected S store;

    /** Opens a store on the test's database; called again to reopen it on the same data. */
    protected abstract S openStore();

    /** How many acknowledged records the store holds for {@code syncId}. */
    protected abstract long stateCount(String syncId);

    /** How many keys runs of {@code syncId} have staged (seen) and not yet freed. */
    protected abstract long stagedCount(String syncId);

    /** Whether a run's keys are staged where a crash leaves them (false: held in the JVM, gone with it). */
    protected boolean stagesKeysOnDisk() {
        return true;
    }

    /** The first-seen keys of {@code syncId} still pending. */
    protected abstract List<String> pendingFirstSeen(String syncId);

    /** The store's durable intake, reading time from {@code clock} where claims expire. */
    protected IntakeQueue intakeQueue(java.time.Clock clock) {
        return store.intakeQueue();
    }

    @BeforeEach
    void openFirstStore() {
        store = openStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    protected void reopen() {
        store.close();
        store = openStore();
    }

    // ---- helpers

    static Fingerprint fp(String key, String hash) {
        return new Fingerprint(key, hash, "{\"userId\":\"" + key + "\"}");
    }

    static List<Fingerprint> fps(String hash, String... keys) {
        List<Fingerprint> list = new ArrayList<>();
        for (String key : keys) {
            list.add(fp(key, hash));
        }
        return list;
    }

    /** Streams REMOVED in chunks of {@code chunkSize}, acknowledging the removal unless told not to. */
    static List<Fingerprint> drainRemoved(StateStore.Run run, int chunkSize, boolean acknowledge) {
        List<Fingerprint> all = new ArrayList<>();
        run.removed(chunkSize, chunk -> {
            assertTrue(chunk.size() <= chunkSize);
            all.addAll(chunk);
            if (acknowledge) {
                run.acknowledgeRemoved(chunk.stream().map(Fingerprint::primaryKey).toList());
            }
        });
        return all;
    }

    static List<String> keys(List<Fingerprint> fps) {
        return fps.stream().map(Fingerprint::primaryKey).toList();
    }

    /** One complete run that classifies and acknowledges everything. */
    void loadAndAcknowledge(String syncId, List<Fingerprint> records) {
        StateStore.Run run = store.beginRun(syncId, true);
        run.classify(records);
        run.acknowledge(records);
        run.finish();
    }

    // ---- runs

    @Test
    void threeRunsClassifyNewChangedUnchangedAndRemoved() {
        List<Fingerprint> first = fps("h1", "k0", "k1", "k2", "k3", "k4", "k5");
        StateStore.Run run1 = store.beginRun("users", true);
        assertEquals(Collections.nCopies(6, NEW), run1.classify(first));
        run1.acknowledge(first);
        assertEquals(List.of(), drainRemoved(run1, 10, true));
        assertEquals(6L, run1.counts().get(NEW));
        run1.finish();

        // k0 changed, k1..k3 unchanged, k4 and k5 gone, k6 added
        List<Fingerprint> second = List.of(fp("k0", "h2"), fp("k1", "h1"), fp("k2", "h1"), fp("k3", "h1"),
                fp("k6", "h1"));
        StateStore.Run run2 = store.beginRun("users", true);
        assertEquals(List.of(CHANGED, UNCHANGED, UNCHANGED, UNCHANGED, NEW), run2.classify(second));
        run2.acknowledge(List.of(second.get(0), second.get(4)));
        List<Fingerprint> removed = drainRemoved(run2, 1, true);
        assertEquals(List.of("k4", "k5"), keys(removed));
        assertEquals("{\"userId\":\"k4\"}", removed.get(0).identity());
        assertEquals("h1", removed.get(0).hash());
        Map<RecordClass, Long> counts = run2.counts();
        assertEquals(1L, counts.get(NEW));
        assertEquals(1L, counts.get(CHANGED));
        assertEquals(3L, counts.get(UNCHANGED));
        assertEquals(2L, counts.get(REMOVED));
        assertEquals(0L, counts.get(DUPLICATE));
        run2.finish();

        StateStore.Run run3 = store.beginRun("users", true);
        assertEquals(Collections.nCopies(5, UNCHANGED), run3.classify(second));
        assertEquals(List.of(), drainRemoved(run3, 100, true));
        assertEquals(0L, run3.counts().get(REMOVED));
        run3.finish();
    }

    /**
     * A run begun on an empty state (a first run, which the embedded store does not look its keys up for) still finds
     * the keys that reach the state during it other than through itself: a stream's acknowledgement, another run's (the
     * real run beside a dry run of its syncId); and its snapshot's removal walk finds such a key when it left.
     */
    @Test
    void aFirstRunFindsTheKeysOthersStoreWhileItGoesOn() {
        StateStore.Run first = store.beginRun("users", true);
        StateStore.Run dry = store.beginRun("users", false);
        assertEquals(List.of(NEW), first.classify(fps("h1", "a")));
        first.acknowledge(fps("h1", "a"));
        assertEquals(List.of(UNCHANGED, NEW), dry.classify(List.of(fp("a", "h1"), fp("c", "h1"))));
        store.acknowledge("users", fps("h1", "s", "t"));
        assertEquals(List.of(NEW, UNCHANGED, CHANGED), first.classify(List.of(fp("b", "h1"), fp("s", "h1"), fp("t", "h2"))));
        first.acknowledge(List.of(fp("b", "h1"), fp("t", "h2")));
        store.acknowledge("users", fps("h1", "u"));
        assertEquals(List.of("u"), keys(drainRemoved(first, 10, true)));
        first.finish();
        dry.finish();
    }

    @Test
    void unacknowledgedRecordsStayNew() {
        StateStore.Run run1 = store.beginRun("users", true);
        List<Fingerprint> records = fps("h1", "a", "b");
        assertEquals(List.of(NEW, NEW), run1.classify(records));
        run1.acknowledge(records.subList(0, 1));
        run1.finish();

        StateStore.Run run2 = store.beginRun("users", true);
        assertEquals(List.of(UNCHANGED, NEW), run2.classify(records));
        // a never-acknowledged key is not state: it cannot be REMOVED either
        assertEquals(List.of(), drainRemoved(run2, 10, false));
        run2.finish();
    }

    @Test
    void changedButUnacknowledgedStaysChanged() {
        loadAndAcknowledge("users", fps("h1", "a"));
        StateStore.Run run2 = store.beginRun("users", true);
        assertEquals(List.of(CHANGED), run2.classify(fps("h2", "a")));
        run2.finish();
        StateStore.Run run3 = store.beginRun("users", true);
        assertEquals(List.of(CHANGED), run3.classify(fps("h2", "a")));
        run3.finish();
    }

    @Test
    void removedKeysRemainUntilAcknowledged() {
        loadAndAcknowledge("users", fps("h1", "a", "b", "c"));

        StateStore.Run run2 = store.beginRun("users", true);
        run2.classify(fps("h1", "a"));
        assertEquals(List.of("b", "c"), keys(drainRemoved(run2, 10, false)));
        run2.finish();

        StateStore.Run run3 = store.beginRun("users", true);
        run3.classify(fps("h1", "a"));
        List<Fingerprint> removed = drainRemoved(run3, 10, false);
        assertEquals(List.of("b", "c"), keys(removed));
        run3.acknowledgeRemoved(List.of("b"));
        run3.finish();

        StateStore.Run run4 = store.beginRun("users", true);
        run4.classify(fps("h1", "a"));
        assertEquals(List.of("c"), keys(drainRemoved(run4, 10, true)));
        run4.finish();

        StateStore.Run run5 = store.beginRun("users", true);
        // c's removal was acknowledged: back in the model it is NEW again
        assertEquals(List.of(UNCHANGED, NEW), run5.classify(fps("h1", "a", "c")));
        assertEquals(List.of(), drainRemoved(run5, 10, true));
        run5.finish();
    }

    @Test
    void removedStreamsPageByPageWhileTheSinkDeletes() {
        List<Fingerprint> all = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            all.add(fp(String.format("key-%04d", i), "h"));
        }
        loadAndAcknowledge("users", all);
        StateStore.Run run = store.beginRun("users", true);
        run.classify(all.subList(0, 10));
        List<Integer> pageSizes = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        run.removed(100, page -> {
            pageSizes.add(page.size());
            removed.addAll(keys(page));
            run.acknowledgeRemoved(keys(page));
        });
        assertEquals(List.of(100, 100, 40), pageSizes);
        assertEquals(keys(all.subList(10, 250)), removed);
        run.finish();
        assertEquals(10L, stateCount("users"));
    }

    @Test
    void aLargeChunkWithEveryKeyTwiceInShuffledOrderKeepsEachFirstOccurrence() {
        List<Fingerprint> chunk = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            chunk.add(fp("k" + i, "h1"));
            chunk.add(fp("k" + i, "h2"));
        }
        java.util.Collections.shuffle(chunk, new java.util.Random(42));
        StateStore.Run run = store.beginRun("users", false);
        List<RecordClass> classes = run.classify(chunk);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < chunk.size(); i++) {
            boolean first = seen.add(chunk.get(i).primaryKey());
            assertEquals(first ? NEW : DUPLICATE, classes.get(i), "record " + i + " (" + chunk.get(i) + ")");
        }
        run.finish();
    }

    @Test
    void duplicatesWithinAndAcrossChunks() {
        loadAndAcknowledge("users", fps("h1", "a"));
        StateStore.Run run = store.beginRun("users", true);
        // the first occurrence wins: a is CHANGED by its first fingerprint, the identical second is a duplicate
        List<Fingerprint> chunk1 = List.of(fp("a", "h2"), fp("b", "h1"), fp("a", "h1"), fp("c", "h1"), fp("b", "h9"));
        assertEquals(List.of(CHANGED, NEW, DUPLICATE, NEW, DUPLICATE), run.classify(chunk1));
        assertEquals(List.of(DUPLICATE, NEW, DUPLICATE, DUPLICATE), run.classify(fps("h1", "c", "d", "a", "d")));
        assertEquals(List.of(), run.classify(List.of()));
        Map<RecordClass, Long> counts = run.counts();
        assertEquals(5L, counts.get(DUPLICATE));
        assertEquals(3L, counts.get(NEW));
        assertEquals(1L, counts.get(CHANGED));
        run.finish();
    }

    @Test
    void nonSnapshotRunHasNoRemoved() {
        loadAndAcknowledge("events", fps("h1", "a", "b", "c"));
        StateStore.Run run = store.beginRun("events", false);
        assertEquals(List.of(UNCHANGED, NEW), run.classify(fps("h1", "a", "z")));
        assertEquals(List.of(), drainRemoved(run, 10, true));
        assertEquals(0L, run.counts().get(REMOVED));
        run.finish();
        // nothing was forgotten
        StateStore.Run next = store.beginRun("events", false);
        assertEquals(List.of(UNCHANGED, UNCHANGED), next.classify(fps("h1", "b", "c")));
        next.finish();
    }

    @Test
    void syncsAreIsolated() {
        loadAndAcknowledge("one", fps("h1", "a"));
        StateStore.Run run = store.beginRun("two", true);
        assertEquals(List.of(NEW), run.classify(fps("h1", "a")));
        assertEquals(List.of(), drainRemoved(run, 10, true));
        run.finish();
    }

    @Test
    void stateSurvivesReopen() {
        loadAndAcknowledge("users", fps("h1", "a", "b"));
        reopen();
        StateStore.Run run = store.beginRun("users", true);
        assertEquals(List.of(UNCHANGED, CHANGED), run.classify(List.of(fp("a", "h1"), fp("b", "h2"))));
        run.finish();
    }

    @Test
    void crashedRunDoesNotCountAsSeen() {
        loadAndAcknowledge("users", fps("h1", "a", "b", "c"));
        StateStore.Run crashed = store.beginRun("users", true);
        crashed.classify(fps("h1", "a", "b", "c"));
        // no finish: the JVM died
        if (stagesKeysOnDisk()) {
            assertEquals(3L, stagedCount("users"));
        }
        reopen();

        StateStore.Run next = store.beginRun("users", true);
        assertEquals(0L, stagedCount("users"), "the crashed run's keys are discarded");
        // not DUPLICATE although the crashed run staged them
        assertEquals(List.of(UNCHANGED), next.classify(fps("h1", "a")));
        assertEquals(List.of("b", "c"), keys(drainRemoved(next, 10, false)));
        next.finish();
        assertEquals(0L, stagedCount("users"));
    }

    @Test
    void finishedRunRefusesFurtherCalls() {
        StateStore.Run run = store.beginRun("users", true);
        run.finish();
        run.finish();
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> run.classify(fps("h", "a")));
    }

    @Test
    void hundredThousandRows() {
        int total = 100_000;
        int chunk = 1000;
        long start = System.nanoTime();
        StateStore.Run run1 = store.beginRun("big", true);
        for (int from = 0; from < total; from += chunk) {
            List<Fingerprint> records = new ArrayList<>(chunk);
            for (int i = from; i < from + chunk; i++) {
                records.add(fp("row-" + i, "h1"));
            }
            List<RecordClass> classes = run1.classify(records);
            assertEquals(chunk, classes.size());
            run1.acknowledge(records);
        }
        assertEquals((long) total, run1.counts().get(NEW));
        run1.finish();

        // second run: the first 10% are gone, the rest unchanged
        StateStore.Run run2 = store.beginRun("big", true);
        for (int from = total / 10; from < total; from += chunk) {
            List<Fingerprint> records = new ArrayList<>(chunk);
            for (int i = from; i < from + chunk; i++) {
                records.add(fp("row-" + i, "h1"));
            }
            run2.classify(records);
        }
        long[] removed = {0};
        run2.removed(chunk, page -> {
            removed[0] += page.size();
            run2.acknowledgeRemoved(keys(page));
        });
        run2.finish();
        assertEquals(total / 10, removed[0]);
        assertEquals(total * 9L / 10, run2.counts().get(UNCHANGED));
        System.out.printf("%s: 100,000-row load and snapshot diff in %d ms%n", getClass().getSimpleName(),
                (System.nanoTime() - start) / 1_000_000);
    }

    // ---- first seen

    @Test
    void firstSeenAddConfirmRemove() {
        IdempotentRepository repo = store.firstSeenRepository("cart");
        assertTrue(repo.add("a"));
        assertFalse(repo.add("a"), "a pending key is not added twice");
        assertTrue(repo.contains("a"));
        assertTrue(repo.remove("a"), "a pending key is removed after a failure");
        assertFalse(repo.contains("a"));
        assertTrue(repo.add("a"));
        assertTrue(repo.confirm("a"));
        assertFalse(repo.remove("a"), "a confirmed key is never forgotten");
        assertFalse(repo.add("a"));
        assertTrue(repo.contains("a"));
        assertFalse(repo.confirm("unknown"));
        assertFalse(repo.remove("unknown"));

        IdempotentRepository other = store.firstSeenRepository("other");
        assertFalse(other.contains("a"));
        assertTrue(other.add("a"));

        repo.clear();
        assertFalse(repo.contains("a"));
        assertTrue(other.contains("a"), "clear touches one sync only");
    }

    @Test
    void firstSeenSurvivesReopenAndRetriesPendingKeysOnce() {
        IdempotentRepository repo = store.firstSeenRepository("cart");
        repo.add("done");
        repo.confirm("done");
        repo.add("in-flight");
        // the JVM dies before in-flight is confirmed
        reopen();

        repo = store.firstSeenRepository("cart");
        assertFalse(repo.add("done"));
        assertFalse(repo.add("in-flight"), "pending until the sync recovers");
        assertEquals(List.of("in-flight"), pendingFirstSeen("cart"));
        store.beginRun("cart", false).finish();
        assertEquals(List.of("in-flight"), pendingFirstSeen("cart"), "a run leaves others' actions in flight");

        store.recover("cart");
        assertEquals(List.of(), pendingFirstSeen("cart"));
        assertTrue(repo.add("in-flight"), "the in-flight action is tried once more");
        assertFalse(repo.add("done"), "a confirmed key survives a new run");
    }

    @Test
    void firstSeenRepositoryIsACamelService() throws Exception {
        IdempotentRepository repo = store.firstSeenRepository("cart");
        repo.start();
        assertTrue(repo.add("x"));
        repo.stop();
        assertFalse(repo.add("x"), "stopping the service forgets nothing");
    }

    @Test
    void streamRecordsAreClassifiedWithoutARunAndARedeliveryIsADuplicate() {
        store.acknowledge("stream", List.of(new Fingerprint("a", "h1", "{}")));
        List<Fingerprint> records = List.of(new Fingerprint("a", "h1", null), new Fingerprint("a", "h2", null),
                new Fingerprint("b", "h1", null), new Fingerprint("b", "h1", null));
        assertEquals(List.of(UNCHANGED, CHANGED, NEW, DUPLICATE), store.classify("stream", records));
        // nothing staged: the same records classify the same while a run of the sync is open
        StateStore.Run run = store.beginRun("stream", false);
        assertEquals(List.of(UNCHANGED, CHANGED, NEW, DUPLICATE), store.classify("stream", records));
        run.finish();
        store.forget("stream", List.of("a"));
        assertEquals(List.of(NEW), store.classify("stream", List.of(new Fingerprint("a", "h1", null))));
    }

    @Test
    void intakeQueueHandsEachRecordToOneClaimAndQueuesUnsettledClaimsAgainAfterACrash() {
        IntakeQueue queue = store.intakeQueue();
        queue.add("q", json("{\"n\":1}", "{\"n\":2}", "{\"n\":3}"));
        queue.add("other", json("{\"n\":9}"));
        List<IntakeQueue.Queued> first = queue.claim("q", 2);
        List<IntakeQueue.Queued> second = queue.claim("q", 2);
        assertEquals(List.of("{\"n\":1}", "{\"n\":2}"), first.stream().map(IntakeQueue.Queued::record).toList());
        assertEquals(List.of("{\"n\":3}"), second.stream().map(IntakeQueue.Queued::record).toList());
        assertEquals(List.of(), queue.claim("q", 2), "claimed records are not handed out twice");

        queue.remove("q", List.of(first.get(0).id()));
        queue.fail("q", List.of(new IntakeQueue.Failed(first.get(1).id(), "k2", "plan", "Iterable refused it", null)));
        // the JVM dies with the third record claimed; a sender that starts after its claims expired queues it again
        reopen();
        queue = intakeQueue(java.time.Clock.offset(java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(5)));
        assertEquals(1, queue.recover("q"));
        assertEquals(List.of("{\"n\":3}"), queue.claim("q", 10).stream().map(IntakeQueue.Queued::record).toList());
        assertEquals(1, queue.size("q"));
        assertEquals(1, queue.failedCount("q"));
        IntakeQueue.Failed failed = queue.failed("q", 10).get(0);
        assertEquals(List.of("k2", "plan", "Iterable refused it", "{\"n\":2}"),
                List.of(failed.primaryKey(), failed.field(), failed.reason(), failed.record()));
        assertEquals(1, queue.size("other"), "another sync's queue is untouched");
    }

    @Test
    void intakeQueueKeepsALargeAddInItsOrderAcrossClaimsAndRemovesExactlyTheSettledIds() {
        IntakeQueue queue = store.intakeQueue();
        String[] texts = new String[2_000];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = "{\"n\":" + i + ",\"text\":\"\u00e9\u20ac " + i + "\"}";
        }
        queue.add("big", json(texts));
        List<IntakeQueue.Queued> claimed = new java.util.ArrayList<>();
        for (List<IntakeQueue.Queued> page; !(page = queue.claim("big", 700)).isEmpty();) {
            claimed.addAll(page);
        }
        assertEquals(List.of(texts), claimed.stream().map(IntakeQueue.Queued::record).toList());
        // settle every other record; the rest stay queued (claimed) until their claims expire
        List<Long> settled = new java.util.ArrayList<>();
        for (int i = 0; i < claimed.size(); i += 2) {
            settled.add(claimed.get(i).id());
        }
        queue.remove("big", settled);
        assertEquals(1_000, queue.size("big"));
        queue = intakeQueue(java.time.Clock.offset(java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(5)));
        assertEquals(1_000, queue.recover("big"));
        List<String> left = queue.claim("big", 5_000).stream().map(IntakeQueue.Queued::record).toList();
        List<String> odd = new java.util.ArrayList<>();
        for (int i = 1; i < texts.length; i += 2) {
            odd.add(texts[i]);
        }
        assertEquals(odd, left);
    }

    @Test
    void intakeQueueRemovesRunsOfSettledIdsAndKeepsTheIdsBetweenAndAfterThem() {
        IntakeQueue queue = store.intakeQueue();
        String[] texts = new String[2_000];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = "{\"n\":" + i + "}";
        }
        queue.add("runs", json(texts));
        List<IntakeQueue.Queued> claimed = queue.claim("runs", 5_000);
        // kept: a deferred or failed record here and there; settled between them: runs long and short, the ids given
        // out of order (as a run's settled records come)
        java.util.Set<Integer> kept = java.util.Set.of(0, 17, 18, 30, 500, 1_999);
        List<Long> settled = new java.util.ArrayList<>();
        for (int i = claimed.size() - 1; i >= 0; i--) {
            if (!kept.contains(i)) {
                settled.add(claimed.get(i).id());
            }
        }
        queue.remove("runs", settled);
        assertEquals(6, queue.size("runs"));
        queue.add("runs", json("{\"n\":\"later\"}"));
        queue = intakeQueue(java.time.Clock.offset(java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(5)));
        assertEquals(6, queue.recover("runs"));
        assertEquals(List.of(texts[0], texts[17], texts[18], texts[30], texts[500], texts[1_999], "{\"n\":\"later\"}"),
                queue.claim("runs", 5_000).stream().map(IntakeQueue.Queued::record).toList());
    }

    /** Records for the intake queue: each text's UTF-8 bytes. */
    static List<byte[]> json(String... texts) {
        return java.util.Arrays.stream(texts).map(t -> t.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toList();
    }
}
