package io.github.cameliterable.state;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.spi.IdempotentRepository;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.github.cameliterable.state.RecordClass.CHANGED;
import static io.github.cameliterable.state.RecordClass.UNCHANGED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The state store contract on the embedded RocksDB store, plus what is its own: a killed JVM, a second process on
 * the same directory, the migration of an earlier version's H2 file, and the compact encoding of a row.
 */
class RocksStateStoreTest extends RocksStoreContract {

    @TempDir
    Path directory;

    @Override
    protected RocksStateStore openStore() {
        return RocksStateStore.open(directory.resolve("state"));
    }

    @Override
    protected boolean stagesKeysOnDisk() {
        return false; // a run's keys are held in the JVM while the budget lasts
    }

    /** The contract again with runs that hold no key in the JVM: every run's keys go to RocksDB, as before 2026-12-04. */
    @Nested
    class RunKeysInRocksDb extends RocksStoreContract {
        @Override
        protected RocksStateStore openStore() {
            RocksStateStore opened = RocksStateStore.open(directory.resolve("keys-in-rocksdb"));
            opened.runKeysBudget = new HeldRunKeys.Budget(0);
            return opened;
        }
    }

    /**
     * A store closed leaves no write-ahead log behind: every family is flushed. The default family (which holds the
     * row-hash mark, written as the store is made) and the run keys' were not, and the log they kept held every row
     * written since (ChangeDetectionBench: 260 bytes a row on disk instead of 29 in 3 runs of 4, all of it replayed
     * as the store opened again).
     */
    @Test
    void aClosedStoreLeavesNoWriteAheadLogBehind() throws Exception {
        List<Fingerprint> all = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            all.add(fp("user" + i + "@example.com", "h1"));
        }
        loadAndAcknowledge("users", all);
        StateStore.Run run = store.beginRun("users", true);
        assertEquals(java.util.Collections.nCopies(2_000, UNCHANGED), run.classify(all));
        run.finish();
        store.close();
        try (var files = Files.list(directory.resolve("state").resolve(RocksStateStore.DATABASE_NAME))) {
            List<String> logs = files.filter(f -> f.getFileName().toString().endsWith(".log"))
                    .filter(f -> f.toFile().length() > 0)
                    .map(f -> f.getFileName() + " " + f.toFile().length())
                    .toList();
            assertEquals(List.of(), logs, "write-ahead logs left with something in them");
        }
        reopen();
    }

    /**
     * Two runs of one sync at once, their keys past the budget (a dry run previewing the endpoint whose syncId it
     * shares, in a small heap): each marks its keys in a range of its own. The second run's start cleared the sync's
     * range, and its keys were taken for the first's: the first run listed the keys it had seen as removed (a probe:
     * 234,464 of 300,000 users cleared, the removal limit not stopping it) and its own keys as duplicates.
     */
    @Test
    void twoRunsOfOneSyncAtOnceKeepTheirSeenKeysApart() {
        List<Fingerprint> all = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            all.add(fp("user" + i + "@example.com", "h1"));
        }
        loadAndAcknowledge("users", all);
        store.runKeysBudget = new HeldRunKeys.Budget(0);
        StateStore.Run real = store.beginRun("users", true);
        assertEquals(java.util.Collections.nCopies(500, UNCHANGED), real.classify(all.subList(0, 500)));
        StateStore.Run preview = store.beginRun("users", true);
        assertEquals(java.util.Collections.nCopies(1_000, UNCHANGED), preview.classify(all), "not the real run's keys");
        assertEquals(0, preview.countRemoved());
        assertEquals(java.util.Collections.nCopies(490, UNCHANGED), real.classify(all.subList(500, 990)),
                "no duplicate of the preview's keys");
        preview.finish();
        assertEquals(10, real.countRemoved(), "only the keys the real run did not see");
        assertEquals(all.subList(990, 1_000).stream().map(Fingerprint::primaryKey).toList(),
                keys(drainRemoved(real, 100, false)).stream()
                        .sorted(java.util.Comparator.comparingInt(k -> Integer.parseInt(k.substring(4, k.indexOf('@')))))
                        .toList());
        real.finish();
    }

    /**
     * A run whose keys outgrow its budget: the first ones held in the JVM, the rest in RocksDB; a key repeated from
     * either is a duplicate, and the removal walk asks both (a key seen in either is not removed, one seen in neither
     * is).
     */
    @Test
    void aRunPastItsBudgetFindsDuplicatesAndRemovalsAmongHeldAndWrittenKeysAlike() {
        List<Fingerprint> all = new ArrayList<>();
        for (int i = 0; i < 6_000; i++) {
            all.add(fp("user" + i + "@example.com", "h1"));
        }
        loadAndAcknowledge("users", all);
        // a 1 MiB block and the first table (4,096 slots, 32 KiB): 2,048 keys held, the next ones written
        store.runKeysBudget = new HeldRunKeys.Budget((1 << 20) + 8 * 4096);
        StateStore.Run run = store.beginRun("users", true);
        assertEquals(java.util.Collections.nCopies(3_000, UNCHANGED), run.classify(all.subList(0, 3_000)));
        long written = stagedCount("users");
        assertEquals(3_000 - 2_048, written, "the keys past the budget are in RocksDB");
        List<Fingerprint> second = new ArrayList<>(all.subList(3_000, 5_000));
        second.add(fp("user5@example.com", "h2")); // held
        second.add(fp("user2500@example.com", "h2")); // written
        second.add(fp("user4000@example.com", "h2")); // in this chunk already
        List<RecordClass> classes = run.classify(second);
        assertEquals(java.util.Collections.nCopies(2_000, UNCHANGED), classes.subList(0, 2_000));
        assertEquals(List.of(RecordClass.DUPLICATE, RecordClass.DUPLICATE, RecordClass.DUPLICATE),
                classes.subList(2_000, 2_003));
        assertEquals(1_000, run.countRemoved());
        List<String> removed = keys(drainRemoved(run, 100, true));
        assertEquals(all.subList(5_000, 6_000).stream().map(Fingerprint::primaryKey).sorted().toList(),
                removed.stream().sorted().toList());
        run.finish();
        assertEquals(0L, stagedCount("users"), "the written keys are freed with the run");
        assertEquals(5_000L, stateCount("users"));
    }

    @Test
    void acknowledgedStateSurvivesAKilledJvm() throws Exception {
        KilledJvm.assertAcknowledgedStateSurvives("rocksdb", directory.resolve("killed"));
    }

    @Test
    void aSecondProcessOnTheSameDirectoryIsRefusedClearly() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SecondOpener.class.getName(), store.directory().toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes());
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM ends");
        assertEquals(SecondOpener.REFUSED, child.exitValue(), output);
        assertTrue(output.contains("another process uses this state directory"), output);
    }

    /** Opens a store on a directory another process holds: exits {@link #REFUSED} with the message on stdout. */
    static final class SecondOpener {
        static final int REFUSED = 41;

        public static void main(String[] args) {
            try (RocksStateStore store = RocksStateStore.open(Path.of(args[0]))) {
                System.exit(0);
            } catch (StateStoreException e) {
                System.out.println(e.getMessage());
                System.exit(REFUSED);
            }
        }
    }

    @Test
    void anEarlierVersionsH2StateIsMigrated() throws Exception {
        Path dir = directory.resolve("old");
        String identity = "{\"email\":\"a@example.com\",\"key\":\"email\",\"fields\":[\"plan\"]}";
        try (JdbcStateStore h2 = JdbcStateStore.embedded(dir)) {
            StateStore.Run run = h2.beginRun("users", true);
            List<Fingerprint> records = List.of(new Fingerprint("a@example.com", "0123456789abcdef0123456789abcdef", identity),
                    new Fingerprint("b@example.com", "h-b", "{\"email\":\"b@example.com\"}"));
            run.classify(records);
            run.acknowledge(records);
            run.finish();
            IdempotentRepository repo = h2.firstSeenRepository("cart");
            repo.add("done");
            repo.confirm("done");
            repo.add("in-flight");
        }
        assertTrue(Files.exists(dir.resolve("iterable-state.mv.db")));

        try (RocksStateStore migrated = RocksStateStore.open(dir)) {
            assertFalse(Files.exists(dir.resolve("iterable-state.mv.db")), "the H2 file is renamed");
            assertTrue(Files.exists(dir.resolve("iterable-state.mv.db.migrated")));
            StateStore.Run run = migrated.beginRun("users", true);
            assertEquals(List.of(UNCHANGED, CHANGED), run.classify(List.of(
                    new Fingerprint("a@example.com", "0123456789abcdef0123456789abcdef", identity),
                    new Fingerprint("b@example.com", "h-b2", "{\"email\":\"b@example.com\"}"))));
            run.finish();
            StateStore.Run next = migrated.beginRun("users", true);
            List<Fingerprint> removed = drainRemoved(next, 10, false);
            assertEquals(List.of(new Fingerprint("a@example.com", "0123456789abcdef0123456789abcdef", identity),
                    new Fingerprint("b@example.com", "h-b", "{\"email\":\"b@example.com\"}")), removed,
                    "hash and identity come through the migration unchanged");
            next.finish();
            assertEquals(List.of("in-flight"), migrated.pendingFirstSeen("cart"));
            assertFalse(migrated.firstSeenRepository("cart").add("done"), "a confirmed key stays confirmed");
            assertEquals(RowHash.Function.SHA_256, migrated.rowHash(), "the H2 state's hashes are SHA-256's");
        }
        try (RocksStateStore reopened = RocksStateStore.open(dir)) {
            assertEquals(RowHash.Function.SHA_256, reopened.rowHash());
        }
    }

    /**
     * A database made by this version hashes rows with XXH3-128, and says so for its next opens; one made by an earlier
     * version (no mark) keeps SHA-256, its hashes' function, so its records do not all look changed after an upgrade.
     */
    @Test
    void aStoreMadeNowHashesTheJsonSentAndOnesOfEarlierVersionsKeepTheirFunction() {
        assertEquals(RowHash.Function.XXH3_128_JSON, store.rowHash());
        loadAndAcknowledge("users", fps("h1", "a"));
        reopen();
        assertEquals(RowHash.Function.XXH3_128_JSON, store.rowHash());
        byte[] mark = "row-hash".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        store.put(store.defaultFamily, mark, "xxh3-128".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        reopen();
        assertEquals(RowHash.Function.XXH3_128, store.rowHash(),
                "a database made by the version before (fourteenth session of 2026-12-04)");
        store.delete(store.defaultFamily, mark);
        reopen();
        assertEquals(RowHash.Function.SHA_256, store.rowHash(), "an earlier version's database");
        StateStore.Run run = store.beginRun("users", true);
        assertEquals(List.of(UNCHANGED), run.classify(fps("h1", "a")));
        run.finish();
        // a later version's function is refused, naming it, rather than taken for SHA-256's (every record sent again)
        store.put(store.defaultFamily, mark, "blake3-256".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        store.close();
        RuntimeException refused = assertThrows(RuntimeException.class, this::openStore);
        assertTrue(refused.getMessage().contains("'blake3-256', which this version of camel-iterable does not know"),
                refused.getMessage());
        store = openStoreMarkedOnce(); // the contract's teardown closes a store
    }

    /** The store, its row-hash mark first put back to this version's (the refused open closed what it opened). */
    private RocksStateStore openStoreMarkedOnce() {
        try (org.rocksdb.Options options = new org.rocksdb.Options();
                org.rocksdb.DBOptions dbOptions = new org.rocksdb.DBOptions()) {
            String path = directory.resolve("state").resolve(RocksStateStore.DATABASE_NAME).toString();
            List<org.rocksdb.ColumnFamilyDescriptor> families = org.rocksdb.RocksDB.listColumnFamilies(options, path)
                    .stream()
                    .map(org.rocksdb.ColumnFamilyDescriptor::new)
                    .toList();
            List<org.rocksdb.ColumnFamilyHandle> handles = new ArrayList<>();
            try (org.rocksdb.RocksDB db = org.rocksdb.RocksDB.open(dbOptions, path, families, handles)) {
                db.put("row-hash".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        RowHash.Function.NEWEST.mark().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                handles.forEach(org.rocksdb.ColumnFamilyHandle::close);
            }
        } catch (org.rocksdb.RocksDBException e) {
            throw new IllegalStateException(e);
        }
        return openStore();
    }

    @Test
    void theH2IntakeOfAnEarlierVersionIsDrainedOnceIntoRocksDb(@TempDir Path dir) {
        Path intakeDir = dir.resolve("intake");
        try (JdbcStateStore old = JdbcStateStore.embedded(intakeDir)) {
            IntakeQueue queue = old.intakeQueue();
            queue.add("events", json("{\"n\":1}", "{\"n\":2}", "{\"n\":3}"));
            List<IntakeQueue.Queued> claimed = queue.claim("events", 2);
            queue.fail("events", List.of(new IntakeQueue.Failed(claimed.get(0).id(), "k1", "amount", "refused", null)));
            // the second record stays claimed: the earlier version's JVM stopped with it in flight
        }
        try (RocksStateStore store = RocksStateStore.open(dir)) {
            assertFalse(Files.exists(intakeDir.resolve("iterable-state.mv.db")), "the H2 intake is renamed");
            assertTrue(Files.exists(intakeDir.resolve("iterable-state.mv.db.migrated")));
            IntakeQueue queue = store.intakeQueue();
            assertEquals(List.of("{\"n\":2}", "{\"n\":3}"),
                    queue.claim("events", 10).stream().map(IntakeQueue.Queued::record).toList(), "claimed ones queued again");
            IntakeQueue.Failed failed = queue.failed("events", 10).get(0);
            assertEquals(List.of("k1", "amount", "refused", "{\"n\":1}"),
                    List.of(failed.primaryKey(), failed.field(), failed.reason(), failed.record()));
        }
        // opened again: nothing is drained twice
        try (RocksStateStore store = RocksStateStore.open(dir)) {
            assertEquals(2, store.intakeQueue().size("events"));
            assertEquals(1, store.intakeQueue().failedCount("events"));
        }
    }

    @Test
    void concurrentAddsAreEachClaimedOnceAndARestartNeverReusesAnId(@TempDir Path dir) throws Exception {
        // adds write side by side (no lock around RocksDB's write): a claim running meanwhile must never pass a
        // record whose add is still being written, or that record would never be claimed
        Set<String> claimed = ConcurrentHashMap.newKeySet();
        List<Long> ids = Collections.synchronizedList(new ArrayList<>());
        int threads = 8;
        int adds = 1500;
        try (RocksStateStore store = RocksStateStore.open(dir)) {
            IntakeQueue queue = store.intakeQueue();
            AtomicBoolean adding = new AtomicBoolean(true);
            Thread claimer = new Thread(() -> {
                while (true) {
                    boolean last = !adding.get();
                    List<IntakeQueue.Queued> chunk = queue.claim("events", 100);
                    for (IntakeQueue.Queued q : chunk) {
                        assertTrue(claimed.add(q.record()), "claimed twice: " + q.record());
                        ids.add(q.id());
                    }
                    if (last && chunk.isEmpty()) {
                        return;
                    }
                }
            });
            claimer.start();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < adds; i++) {
                        List<byte[]> records = new ArrayList<>();
                        for (int r = 0; r <= i % 3; r++) {
                            records.addAll(json("{\"t\":" + thread + ",\"i\":" + i + ",\"r\":" + r + "}"));
                        }
                        long first = queue.add("events", records);
                        assertTrue(first > 0, "consecutive ids, the first returned");
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            adding.set(false);
            claimer.join();
            int expected = threads * (adds / 3 * 6 + (adds % 3 >= 1 ? 1 : 0) + (adds % 3 >= 2 ? 2 : 0));
            assertEquals(expected, claimed.size(), "every record claimed, none skipped");
            assertEquals(expected, queue.size("events"));
            queue.remove("events", ids.subList(0, 10));
        }
        long highest = ids.stream().mapToLong(Long::longValue).max().orElseThrow();
        try (RocksStateStore store = RocksStateStore.open(dir)) {
            IntakeQueue queue = store.intakeQueue();
            assertEquals(claimed.size() - 10, queue.recover("events"), "claimed and unsettled: queued again");
            long first = queue.add("events", json("{\"after\":\"restart\"}"));
            assertTrue(first > highest, "ids after a restart start above every id handed out before: " + first);
            List<IntakeQueue.Queued> all = queue.claim("events", 100_000);
            assertEquals(claimed.size() - 10 + 1, all.size());
            assertEquals("{\"after\":\"restart\"}", all.get(all.size() - 1).record(), "nothing overwritten");
        }
    }

    @Test
    void theIntakesRingWrapsManyTimesAndAfterARestartHoldsExactlyTheRecordsNotSettled(@TempDir Path dir) throws Exception {
        // a ring of 64 KiB: 3,000 records of 60 to 400 bytes go round it about ten times; for a while the sender does
        // not claim, so callers find the ring full and move its records themselves
        Set<String> unsettled = new java.util.LinkedHashSet<>();
        long claimedNotSettled;
        try (RocksStateStore store = RocksStateStore.open(dir)) {
            store.intakeRingSize = RocksIntakeRing.MIN_SIZE;
            store.moveRingOnClose = false; // left in the ring, as by a killed JVM
            IntakeQueue queue = store.intakeQueue();
            java.util.Random random = new java.util.Random(7);
            int n = 0;
            int kept = 0;
            for (int add = 0; n < 3_000; add++) {
                List<String> texts = new ArrayList<>();
                for (int r = random.nextInt(4); r >= 0; r--) {
                    texts.add("{\"n\":" + n++ + ",\"pad\":\"" + "x".repeat(40 + random.nextInt(340)) + "\"}");
                }
                queue.add("events", json(texts.toArray(String[]::new)));
                unsettled.addAll(texts);
                boolean senderAway = n > 1_000 && n < 2_000;
                if (!senderAway && add % 7 == 0) {
                    List<IntakeQueue.Queued> chunk = queue.claim("events", 1 + random.nextInt(30));
                    List<Long> done = new ArrayList<>();
                    for (IntakeQueue.Queued q : chunk) {
                        if (random.nextInt(10) == 0) {
                            kept++; // claimed, never settled: queued again after the restart
                        } else {
                            done.add(q.id());
                            assertTrue(unsettled.remove(q.record()), "claimed once: " + q.record());
                        }
                    }
                    queue.remove("events", done);
                }
            }
            claimedNotSettled = kept;
            assertEquals(unsettled.size(), queue.size("events"));
        }
        try (RocksStateStore store = RocksStateStore.open(dir)) {
            IntakeQueue queue = store.intakeQueue();
            assertEquals(claimedNotSettled, queue.recover("events"));
            List<String> all = queue.claim("events", 10_000).stream().map(IntakeQueue.Queued::record).toList();
            assertEquals(List.copyOf(unsettled), all, "every record not settled, once, in order; none settled");
            assertEquals(RocksIntakeRing.MIN_SIZE, Files.size(dir.resolve(RocksIntakeRing.FILE_NAME)),
                    "a ring keeps the size it was made with");
        }
    }

    @Test
    void theRecordsOfALapBeforeAreNotTakenForNewOnesWhereTheyLineUp(@TempDir Path dir) throws Exception {
        // records of 64 bytes in a ring of 64 KiB: each lap's records sit exactly where the lap before's did, whole
        // and with a right CRC; after a restart only their lower ids tell them from records not yet moved
        int keyLength = RocksKeys.syncPrefix("events").length + 8;
        java.util.function.IntFunction<String> record = n -> {
            String text = "{\"n\":" + n + ",\"p\":\"\"}";
            return text.replace("\"\"}", "\"" + "x".repeat(64 - 12 - keyLength - text.length()) + "\"}");
        };
        List<String> notMoved = new ArrayList<>();
        try (RocksStateStore store = RocksStateStore.open(dir)) {
            store.intakeRingSize = RocksIntakeRing.MIN_SIZE;
            store.moveRingOnClose = false; // left in the ring, as by a killed JVM
            IntakeQueue queue = store.intakeQueue();
            for (int n = 0; n < 1_510; n++) {
                assertEquals(64 - 12 - keyLength, record.apply(n).length());
                queue.add("events", json(record.apply(n)));
                if (n < 1_500 && n % 100 == 99) {
                    queue.remove("events", queue.claim("events", 1_000).stream().map(IntakeQueue.Queued::id).toList());
                } else if (n >= 1_500) {
                    notMoved.add(record.apply(n));
                }
            }
        }
        try (RocksStateStore store = RocksStateStore.open(dir)) {
            assertEquals(0, store.intakeQueue().recover("events"), "every claimed record was settled");
            assertEquals(notMoved, store.intakeQueue()
                    .claim("events", 10_000)
                    .stream()
                    .map(IntakeQueue.Queued::record)
                    .toList());
        }
    }

    @Test
    void aTornLastRecordOfTheRingIsDroppedAndTheRingGoesOnFromIt(@TempDir Path dir) throws Exception {
        List<byte[]> records = json("{\"e\":1}", "{\"e\":2}", "{\"e\":3}");
        try (RocksStateStore store = RocksStateStore.open(dir)) {
            store.moveRingOnClose = false; // left in the ring, as by a killed JVM
            for (byte[] record : records) {
                store.intakeQueue().add("events", List.of(record));
            }
        }
        // a new ring starts at 0; each record is its 12-byte header, its key (the sync's prefix, an 8-byte id), its value
        int length = 12 + RocksKeys.syncPrefix("events").length + 8 + records.get(0).length;
        try (java.nio.channels.FileChannel ring = java.nio.channels.FileChannel.open(
                dir.resolve(RocksIntakeRing.FILE_NAME), java.nio.file.StandardOpenOption.WRITE)) {
            ring.write(java.nio.ByteBuffer.wrap(new byte[]{'x'}), 3L * length - 2); // in the third record's value
        }
        try (RocksStateStore store = RocksStateStore.open(dir)) {
            IntakeQueue queue = store.intakeQueue();
            queue.add("events", json("{\"e\":4}"));
            assertEquals(List.of("{\"e\":1}", "{\"e\":2}", "{\"e\":4}"),
                    queue.claim("events", 10).stream().map(IntakeQueue.Queued::record).toList());
        }
        try (RocksStateStore store = RocksStateStore.open(dir)) {
            assertEquals(List.of(), store.intakeQueue().claim("events", 10), "nothing replayed twice");
            assertEquals(3, store.intakeQueue().recover("events"));
        }
    }

    @Test
    void recordsSettledWhileInTheRingNeverReachTheDatabase(@TempDir Path dir) throws Exception {
        try (RocksStateStore store = RocksStateStore.open(dir)) {
            IntakeQueue queue = store.intakeQueue();
            for (int n = 0; n < 5_000; n++) {
                queue.add("events", json("{\"n\":" + n + "}"));
            }
            int claimed = 0;
            for (List<IntakeQueue.Queued> chunk; !(chunk = queue.claim("events", 1_000)).isEmpty();) {
                assertEquals("{\"n\":" + claimed + "}", chunk.get(0).record(), "claimed from the ring, in order");
                claimed += chunk.size();
                queue.remove("events", chunk.stream().map(IntakeQueue.Queued::id).toList());
            }
            assertEquals(5_000, claimed);
            assertEquals(0, queue.size("events"));
            // neither a put nor a delete of a queued record: the queue's column family saw no write
            assertEquals(0, store.db().getLongProperty(store.intakeFamily, "rocksdb.num-entries-active-mem-table"));
            assertEquals(0, store.db().getLongProperty(store.intakeFamily, "rocksdb.num-immutable-mem-table"));
            assertEquals(0, store.db().getLongProperty(store.intakeFamily, "rocksdb.estimate-num-keys"));
        }
    }

    @Test
    void afterACrashOnlyTheRecordsNotSettledAreQueuedAgainWhateverTheOrderTheySettledIn(@TempDir Path dir)
            throws Exception {
        // two syncs side by side in the ring; "a" settles out of order (its second and fourth requests answered
        // before its first and third), "b" settles all but one; the JVM dies before a clean close
        List<String> notSettledA = new ArrayList<>();
        try (RocksStateStore store = RocksStateStore.open(dir)) {
            store.moveRingOnClose = false; // left in the ring, as by a killed JVM
            IntakeQueue queue = store.intakeQueue();
            for (int n = 0; n < 400; n++) {
                queue.add("a", json("{\"a\":" + n + "}"));
                queue.add("b", json("{\"b\":" + n + "}"));
            }
            List<List<IntakeQueue.Queued>> chunksA = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                chunksA.add(queue.claim("a", 100));
            }
            queue.remove("a", chunksA.get(1).stream().map(IntakeQueue.Queued::id).toList());
            queue.remove("a", chunksA.get(3).stream().map(IntakeQueue.Queued::id).toList());
            chunksA.get(0).forEach(q -> notSettledA.add(q.record()));
            chunksA.get(2).forEach(q -> notSettledA.add(q.record()));
            List<IntakeQueue.Queued> b = queue.claim("b", 1_000);
            queue.remove("b", b.subList(0, 399).stream().map(IntakeQueue.Queued::id).toList());
        }
        try (RocksStateStore store = RocksStateStore.open(dir)) {
            IntakeQueue queue = store.intakeQueue();
            assertEquals(200, queue.recover("a"), "claimed and not settled: queued again");
            assertEquals(notSettledA, queue.claim("a", 1_000).stream().map(IntakeQueue.Queued::record).toList(),
                    "none of the records settled after the oldest one not settled is sent again");
            assertEquals(1, queue.recover("b"));
            assertEquals(List.of("{\"b\":399}"), queue.claim("b", 1_000).stream().map(IntakeQueue.Queued::record).toList());
        }
    }

    @Test
    void theRingsHeadKeepsItsSettledRangesAndReadsAHeadOfTheVersionBefore() {
        byte[] events = RocksKeys.syncPrefix("events");
        RocksIntakeHead head = new RocksIntakeHead(4096, 41,
                java.util.Map.of(java.nio.ByteBuffer.wrap(events), new long[]{43, 45, 50, 50}));
        RocksIntakeHead read = RocksIntakeHead.decode(head.encode());
        assertEquals(List.of(4096L, 41L), List.of(read.offset(), read.lastId()));
        for (long id = 42; id <= 51; id++) {
            boolean settled = id >= 43 && id <= 45 || id == 50;
            assertEquals(settled, read.isSettled(RocksKeys.queueKey(events, id)), "id " + id);
        }
        assertFalse(read.isSettled(RocksKeys.queueKey(RocksKeys.syncPrefix("users"), 44)), "another sync's id");
        // a head written before this version: its offset and id, no ranges
        RocksIntakeHead before = RocksIntakeHead.decode(java.nio.ByteBuffer.allocate(16).putLong(4096).putLong(41).array());
        assertEquals(List.of(4096L, 41L), List.of(before.offset(), before.lastId()));
        assertFalse(before.isSettled(RocksKeys.queueKey(events, 44)));
    }

    @Test
    void recordsSettledEveryOtherOneMoveTheRestIntoTheDatabaseAndComeBackExactly(@TempDir Path dir) throws Exception {
        // every other record settled: more runs of settled ids than a head is written with, so the records not
        // settled move into the database instead; after a killed JVM exactly they come back
        int n = 2 * (RocksIntakeLog.MAX_SETTLED_RUNS + 100);
        List<String> notSettled = new ArrayList<>();
        try (RocksStateStore store = RocksStateStore.open(dir)) {
            store.moveRingOnClose = false; // left in the ring, as by a killed JVM
            IntakeQueue queue = store.intakeQueue();
            for (int i = 0; i < n; i++) {
                queue.add("events", json("{\"n\":" + i + "}"));
            }
            List<IntakeQueue.Queued> claimed = queue.claim("events", n);
            assertEquals(n, claimed.size());
            List<Long> settled = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (i % 2 == 0) {
                    settled.add(claimed.get(i).id());
                } else {
                    notSettled.add(claimed.get(i).record());
                }
            }
            assertEquals(0, store.db().getLongProperty(store.intakeFamily, "rocksdb.estimate-num-keys"));
            queue.remove("events", settled);
            assertEquals(notSettled.size(), store.db().getLongProperty(store.intakeFamily, "rocksdb.estimate-num-keys"),
                    "the records not settled moved into the database");
        }
        try (RocksStateStore store = RocksStateStore.open(dir)) {
            IntakeQueue queue = store.intakeQueue();
            assertEquals(notSettled.size(), queue.recover("events"));
            assertEquals(notSettled, queue.claim("events", n).stream().map(IntakeQueue.Queued::record).toList());
        }
    }

    @Test
    void syncedAndLargeAddsBesideTheRingAreClaimedInTheOrderOfTheirIds(@TempDir Path dir) throws Exception {
        // durableIntakeFsync=true and adds too large for the ring go to the database; the others to the ring: a claim
        // takes both in the order of their ids, and a restart brings back exactly the ones not settled
        List<String> added = new ArrayList<>();
        List<String> notSettled = new ArrayList<>();
        try (RocksStateStore store = RocksStateStore.open(dir)) {
            store.intakeRingSize = RocksIntakeRing.MIN_SIZE;
            store.moveRingOnClose = false; // left in the ring, as by a killed JVM
            IntakeQueue ring = store.intakeQueue();
            IntakeQueue synced = store.intakeQueue(true);
            String large = "{\"large\":\"" + "x".repeat(RocksIntakeRing.MIN_SIZE / 3) + "\"}";
            for (int n = 0; n < 60; n++) {
                String text = n % 10 == 9 ? large.replace("{", "{\"n\":" + n + ",") : "{\"n\":" + n + "}";
                (n % 3 == 1 ? synced : ring).add("events", json(text));
                added.add(text);
            }
            List<IntakeQueue.Queued> claimed = new ArrayList<>();
            for (List<IntakeQueue.Queued> chunk; !(chunk = ring.claim("events", 7)).isEmpty();) {
                claimed.addAll(chunk);
            }
            // compared by their first characters: a failure prints no 21 KB record
            java.util.function.Function<String, String> head = r -> r.substring(0, Math.min(r.length(), 16));
            assertEquals(added.stream().map(head).toList(),
                    claimed.stream().map(q -> head.apply(q.record())).toList(), "in the order of the adds");
            assertEquals(added, claimed.stream().map(IntakeQueue.Queued::record).toList());
            List<Long> settled = new ArrayList<>();
            for (int i = 0; i < claimed.size(); i++) {
                if (i % 4 == 0) {
                    notSettled.add(claimed.get(i).record());
                } else {
                    settled.add(claimed.get(i).id());
                }
            }
            ring.remove("events", settled);
            assertEquals(notSettled.size(), ring.size("events"));
        }
        try (RocksStateStore store = RocksStateStore.open(dir)) {
            IntakeQueue queue = store.intakeQueue();
            assertEquals(notSettled.size(), queue.recover("events"));
            assertEquals(notSettled, queue.claim("events", 1_000).stream().map(IntakeQueue.Queued::record).toList());
        }
    }

    @Test
    void aCleanCloseMovesTheRingIntoTheDatabase(@TempDir Path dir) throws Exception {
        try (RocksStateStore store = RocksStateStore.open(dir)) {
            store.intakeQueue().add("events", json("{\"e\":1}", "{\"e\":2}"));
        }
        Files.delete(dir.resolve(RocksIntakeRing.FILE_NAME));
        try (RocksStateStore store = RocksStateStore.open(dir)) {
            assertEquals(List.of("{\"e\":1}", "{\"e\":2}"),
                    store.intakeQueue().claim("events", 10).stream().map(IntakeQueue.Queued::record).toList());
        }
    }

    @Test
    void aRingWithoutItsDatabaseIsStartedAnew(@TempDir Path dir) {
        try (RocksStateStore store = RocksStateStore.open(dir)) {
            store.moveRingOnClose = false;
            store.intakeQueue().add("events", json("{\"e\":1}"));
        }
        RocksMigration.deleteDatabase(dir);
        try (RocksStateStore store = RocksStateStore.open(dir)) {
            assertEquals(List.of(), store.intakeQueue().claim("events", 10), "the ring was the deleted database's");
            store.intakeQueue().add("events", json("{\"e\":2}"));
            assertEquals(List.of("{\"e\":2}"),
                    store.intakeQueue().claim("events", 10).stream().map(IntakeQueue.Queued::record).toList());
        }
    }

    @Test
    void aRowTakesAFewDozenBytesBeyondItsKey() {
        String key = "user1000000042@example.com";
        String identity = "{\"email\":\"" + key + "\",\"key\":\"email\",\"fields\":[\"firstName\",\"lastName\"]}";
        byte[] value = StoredState.encode(key, "00112233445566778899aabbccddeeff", identity, 1_700_000_000L, 1_700_000_100L);
        // flags, 16-byte hash, two times, and the identity without the key
        assertEquals(1 + 16 + 8 + identity.length() - (key.length() + 2) + 1, value.length);
        assertEquals(new Fingerprint(key, "00112233445566778899aabbccddeeff", identity), StoredState.decode(key, value));
        assertEquals(1_700_000_000L, StoredState.firstSeen(value));
        assertTrue(StoredState.hashEquals(value, "00112233445566778899aabbccddeeff"));
        assertFalse(StoredState.hashEquals(value, "00112233445566778899aabbccddeef0"));
        assertFalse(StoredState.hashEquals(value, "not-hex"));
        assertFalse(StoredState.hashEquals(value, "00112233445566778899AABBCCDDEEFF"), "upper case is another hash");
        assertFalse(StoredState.hashEquals(value, "00112233445566778899aabbccddeefg"));
        assertFalse(StoredState.hashEquals(value, "00112233445566778899aabbccddeeff0"));
        // every digit of random hashes: equal as stored, unequal with any one digit changed
        java.util.Random random = new java.util.Random(3);
        for (int r = 0; r < 200; r++) {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            String hash = java.util.HexFormat.of().formatHex(bytes);
            byte[] stored = StoredState.encode(key, hash, identity, 1, 2);
            assertTrue(StoredState.hashEquals(stored, hash), hash);
            int at = random.nextInt(32);
            char other = "0123456789abcdef".charAt((Character.digit(hash.charAt(at), 16) + 1 + random.nextInt(15)) % 16);
            assertFalse(StoredState.hashEquals(stored, hash.substring(0, at) + other + hash.substring(at + 1)), hash);
        }
    }

    @Test
    void unusualHashesKeysAndIdentitiesComeBackAsTheyWent() {
        List<Fingerprint> unusual = new ArrayList<>(List.of(
                new Fingerprint("plain", "h1", null),
                new Fingerprint("Zoë \"quoted\" \\ key", "ABCDEF0123456789ABCDEF0123456789",
                        "{\"userId\":\"Zoë \\\"quoted\\\" \\\\ key\"}"),
                new Fingerprint("k", "h", "{\"userId\":\"k\",\"also\":\"k\"}"),
                new Fingerprint("marked", "h", "not json \u0001 \"marked\"")));
        for (Fingerprint fp : unusual) {
            byte[] value = StoredState.encode(fp.primaryKey(), fp.hash(), fp.identity(), 1, 2);
            assertEquals(fp, StoredState.decode(fp.primaryKey(), value));
            assertTrue(StoredState.hashEquals(value, fp.hash()));
        }
        assertNull(StoredState.decode("plain", StoredState.encode("plain", "h1", null, 1, 2)).identity());
    }

    @Test
    void aClosedStoreRefusesCalls() {
        store.close();
        assertThrows(IllegalStateException.class, () -> store.beginRun("users", true));
        store.close();
        store = null;
    }
}
