package io.github.cameliterable.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The state store contract on a JDBC database: the counts read from the store's tables. */
abstract class JdbcStateStoreContract extends StateStoreContract<JdbcStateStore> {

    @Override
    protected long stateCount(String syncId) {
        return countRows("SELECT COUNT(*) FROM " + store.tableNames().get(0) + " WHERE sync_id = ?", syncId);
    }

    @Override
    protected long stagedCount(String syncId) {
        return store.stagedKeys(syncId);
    }

    @Override
    protected List<String> pendingFirstSeen(String syncId) {
        return store.pendingFirstSeen(syncId);
    }

    /** Whether runs keep their keys beside the JVM ({@link LocalRunKeys}), as everywhere RocksDB loads. */
    protected boolean keysKeptLocally() {
        return true;
    }

    @Override
    protected IntakeQueue intakeQueue(Clock clock) {
        return new JdbcIntakeQueue(store, clock);
    }

    /**
     * Tables made by this version hash rows with XXH3-128, and say so for the next opens; tables an earlier version made
     * (a state table and no mark) keep SHA-256, their hashes' function.
     */
    @Test
    void tablesMadeNowHashTheJsonSentAndEarlierVersionsKeepTheirFunction() throws SQLException {
        assertEquals(RowHash.Function.XXH3_128_JSON, store.rowHash());
        loadAndAcknowledge("users", fps("h1", "a"));
        reopen();
        assertEquals(RowHash.Function.XXH3_128_JSON, store.rowHash());
        execute("UPDATE " + store.tableNames().get(6) + " SET mark_value = 'xxh3-128' WHERE mark = 'row-hash'");
        reopen();
        assertEquals(RowHash.Function.XXH3_128, store.rowHash(),
                "tables made by the version before (fourteenth session of 2026-12-04)");
        execute("DROP TABLE " + store.tableNames().get(6));
        reopen();
        assertEquals(RowHash.Function.SHA_256, store.rowHash(), "an earlier version's tables");
        StateStore.Run run = store.beginRun("users", true);
        assertEquals(List.of(RecordClass.UNCHANGED), run.classify(fps("h1", "a")));
        run.finish();
    }

    @Test
    void hashesReadAheadClassifyAsTheChunksOwnReadDoes() {
        StateStore.Run first = store.beginRun("ahead", true);
        List<Fingerprint> known = fps("h1", "a", "b", "c");
        first.classify(known);
        first.acknowledge(known);
        first.finish();

        StateStore.Run run = store.beginRun("ahead", true);
        // hinted from the mapper's thread before each chunk; the second hint is for a chunk that never comes (a run
        // stopped would leave one), and the loop's chunks come in the hinted order
        List<Fingerprint> chunk1 = List.of(fp("a", "h1"), fp("b", "h2"), fp("x", "h1"));
        List<Fingerprint> chunk2 = List.of(fp("c", "h1"), fp("a", "h1"), fp("y", "h1"));
        run.lookAhead(List.of("a", "b", "x"));
        run.lookAhead(List.of("never", "classified"));
        run.lookAhead(List.of("c", "a", "y"));
        assertEquals(List.of(RecordClass.UNCHANGED, RecordClass.CHANGED, RecordClass.NEW), run.classify(chunk1));
        // the hint of the chunk that never came is passed over; a key of an earlier chunk is a duplicate
        assertEquals(List.of(RecordClass.UNCHANGED, RecordClass.DUPLICATE, RecordClass.NEW), run.classify(chunk2));
        // a chunk not hinted is read as it comes
        assertEquals(List.of(RecordClass.NEW), run.classify(List.of(fp("z", "h1"))));
        run.finish();
    }

    @Test
    void aRunAloneOnAnEmptyStateReadsNoHashesAndAnotherWritersKeyStillGetsTheLastAcknowledgement() {
        StateStore.Run first = store.beginRun("alone", true);
        first.nothingElseInFlight();
        // a writer the run was not told of (another process's stream) acknowledges keys after the run began
        store.acknowledge("alone", List.of(fp("a", "h0"), fp("w", "h0")));
        // with its keys kept locally, the run took the empty state to stay so for its unseen keys: "a" is new to it,
        // not read (staging its keys in the database, it reads the hashes as it stages them)
        assertEquals(List.of(keysKeptLocally() ? RecordClass.NEW : RecordClass.CHANGED, RecordClass.NEW,
                RecordClass.DUPLICATE), first.classify(List.of(fp("a", "h1"), fp("b", "h1"), fp("a", "h1"))));
        // acknowledged as new keys: the insert meets the other writer's "a" and the chunk is stored all the same
        first.acknowledge(List.of(fp("a", "h1"), fp("b", "h1")));
        assertEquals(3, stateCount("alone"));
        assertEquals(List.of(RecordClass.NEW), first.classify(List.of(fp("c", "h1"))));
        first.acknowledge(List.of(fp("c", "h1")));
        // its state empty as it began, the run removes nothing: the other writer's "w" stays
        List<String> removed = new ArrayList<>();
        first.removed(100, page -> page.forEach(r -> removed.add(r.primaryKey())));
        assertEquals(keysKeptLocally() ? List.of() : List.of("w"), removed);
        first.finish();
        // each key holds the run's hash: its acknowledgement won over the other writer's
        assertEquals(List.of(RecordClass.UNCHANGED, RecordClass.UNCHANGED, RecordClass.UNCHANGED),
                store.classify("alone", List.of(fp("a", "h1"), fp("b", "h1"), fp("c", "h1"))));

        // the state holds keys now: a run alone reads them as any run does
        StateStore.Run second = store.beginRun("alone", true);
        second.nothingElseInFlight();
        assertEquals(List.of(RecordClass.UNCHANGED, RecordClass.CHANGED, RecordClass.NEW),
                second.classify(List.of(fp("a", "h1"), fp("b", "h2"), fp("d", "h1"))));
        second.finish();
    }

    @Test
    void aSnapshotRunAloneReadsTheStateOnceAndClassifiesAndRemovesAsAnyRun() {
        StateStore.Run first = store.beginRun("once", true);
        // a key beyond ASCII: read back as the driver's bytes, it must match the key the run looks up
        List<Fingerprint> known = fps("h1", "a", "b", "c", "d", "caf\u00e9-\ud83d\ude00");
        first.classify(known);
        first.acknowledge(known);
        first.finish();

        StateStore.Run run = store.beginRun("once", true);
        run.nothingElseInFlight();
        // read on another thread while the first chunks are mapped (their classification waits for it): waited for
        // here, so that the other writer's keys below come after it
        assertEquals(keysKeptLocally(), ((JdbcRun) run).awaitStateRead());
        assertEquals(List.of(RecordClass.UNCHANGED, RecordClass.CHANGED, RecordClass.NEW, RecordClass.DUPLICATE),
                run.classify(List.of(fp("a", "h1"), fp("b", "h2"), fp("x", "h1"), fp("a", "h1"))));
        // another writer (another process's stream) after the run read the state: a run kept locally does not see it
        store.acknowledge("once", List.of(fp("y", "h1"), fp("z", "h1")));
        assertEquals(List.of(keysKeptLocally() ? RecordClass.NEW : RecordClass.UNCHANGED, RecordClass.UNCHANGED,
                RecordClass.UNCHANGED),
                run.classify(List.of(fp("y", "h1"), fp("d", "h1"), fp("caf\u00e9-\ud83d\ude00", "h1"))));
        run.acknowledge(List.of(fp("b", "h2"), fp("x", "h1"), fp("y", "h1")));
        List<String> removed = new ArrayList<>();
        run.removed(100, page -> page.forEach(r -> removed.add(r.primaryKey())));
        // "c" left the model; the other writer's "z" is removed only where the run read the state again
        assertEquals(keysKeptLocally() ? List.of("c") : List.of("c", "z"), removed);
        run.finish();

        // a run that finishes before its first chunk (a stop) lets go of the read
        StateStore.Run stopped = store.beginRun("once", true);
        stopped.nothingElseInFlight();
        stopped.finish();
        StateStore.Run again = store.beginRun("once", false);
        again.nothingElseInFlight();
        assertEquals(List.of(RecordClass.UNCHANGED, RecordClass.UNCHANGED),
                again.classify(List.of(fp("b", "h2"), fp("z", "h1"))));
        again.finish();
    }

    @Test
    void aKeyLongerThanItsColumnIsNeverCut() {
        // two keys that share their first 1,000 characters (the column's length): cut, they would be one key, and the
        // second would be taken for a duplicate of the first and never sent. A store refuses them (PostgreSQL) or
        // keeps them whole (H2 does not enforce the length here); it never mixes them up.
        String common = "k".repeat(1_000);
        List<Fingerprint> chunk = fps("h1", common + "-first", common + "-second");
        StateStore.Run run = store.beginRun("long", true);
        List<RecordClass> classes;
        try {
            classes = run.classify(chunk);
        } catch (StateStoreException refused) {
            assertEquals(0, stagedCount("long"));
            assertThrows(StateStoreException.class,
                    () -> store.acknowledge("long", chunk));
            assertEquals(0, stateCount("long"));
            return;
        }
        assertEquals(List.of(RecordClass.NEW, RecordClass.NEW), classes);
        run.acknowledge(chunk);
        run.finish();
        StateStore.Run again = store.beginRun("long", true);
        assertEquals(List.of(RecordClass.UNCHANGED, RecordClass.CHANGED),
                again.classify(List.of(fp(common + "-first", "h1"), fp(common + "-second", "h2"))));
        again.finish();
    }

    /** A clock the test moves. */
    private static Clock movable(AtomicReference<Instant> now) {
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
    }

    @Test
    void aSenderThatStartsLeavesALiveSendersClaimsAndTakesADeadOnesAfterTheyExpire() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
        IntakeQueue live = new JdbcIntakeQueue(store, movable(now));
        IntakeQueue dead = new JdbcIntakeQueue(store, movable(now));
        live.add("q", json("{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "{\"n\":4}"));
        List<IntakeQueue.Queued> livesClaim = live.claim("q", 2);
        List<IntakeQueue.Queued> deadsClaim = dead.claim("q", 2);
        assertEquals(2, livesClaim.size());
        assertEquals(2, deadsClaim.size());

        // a third sender starts while both claims are fresh: it takes nothing (main's recover released them all)
        IntakeQueue starting = new JdbcIntakeQueue(store, movable(now));
        assertEquals(0, starting.recover("q"));
        assertEquals(List.of(), starting.claim("q", 10));

        // time passes; the live sender renews its claims on its loop's turns, the dead one never does again
        for (int i = 0; i < 8; i++) {
            now.set(now.get().plus(JdbcIntakeQueue.RENEWAL));
            live.keepClaims("q");
        }
        List<IntakeQueue.Queued> taken = starting.claim("q", 10);
        assertEquals(deadsClaim.stream().map(IntakeQueue.Queued::id).toList(),
                taken.stream().map(IntakeQueue.Queued::id).toList(), "only the dead sender's records are queued again");
    }

    @Test
    void anEarlierVersionsQueueTableGetsTheClaimsOwner() throws SQLException {
        String table = store.tableNames().get(4);
        try (Connection c = store.dataSource().getConnection(); java.sql.Statement st = c.createStatement()) {
            st.execute("ALTER TABLE " + table + " DROP COLUMN claimed_by");
            st.execute("ALTER TABLE " + table + " DROP COLUMN claimed_at");
        }
        IntakeQueue queue = new JdbcIntakeQueue(store);
        queue.add("q", json("{}"));
        assertEquals(1, queue.claim("q", 10).size());
    }

    @Test
    void concurrentSendersNeverClaimOneRecordTwice() throws Exception {
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            records.addAll(json("{\"n\":" + i + "}"));
        }
        store.intakeQueue().add("q", records);
        List<IntakeQueue> senders = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            senders.add(new JdbcIntakeQueue(store));
        }
        List<List<Long>> claimed = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (IntakeQueue sender : senders) {
            List<Long> mine = new ArrayList<>();
            claimed.add(mine);
            threads.add(new Thread(() -> {
                for (List<IntakeQueue.Queued> chunk; !(chunk = sender.claim("q", 50)).isEmpty();) {
                    chunk.forEach(q -> mine.add(q.id()));
                    sender.remove("q", chunk.stream().map(IntakeQueue.Queued::id).toList());
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        Set<Long> all = new HashSet<>();
        int total = 0;
        for (List<Long> mine : claimed) {
            all.addAll(mine);
            total += mine.size();
        }
        assertEquals(2_000, all.size(), "every record claimed");
        assertEquals(2_000, total, "none claimed twice");
        assertEquals(0, store.intakeQueue().size("q"));
        assertTrue(claimed.stream().filter(c -> !c.isEmpty()).count() >= 1);
    }

    private void execute(String statement) throws SQLException {
        try (Connection c = store.dataSource().getConnection(); java.sql.Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    private long countRows(String sql, String syncId) {
        try (Connection c = store.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, syncId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
