package io.github.cameliterable.state;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalRunKeysTest {

    private static List<Path> directories() throws Exception {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("camel-iterable-run-keys-")).toList();
        }
    }

    @Test
    void seenKeysAreExactAndTheDirectoryGoesWithTheRun() throws Exception {
        List<Path> before = directories();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            keys.add("user" + i + "@example.com");
        }
        Path own;
        try (LocalRunKeys local = LocalRunKeys.open("users")) {
            List<Path> created = directories().stream().filter(p -> !before.contains(p)).toList();
            assertEquals(1, created.size(), "the run's own directory");
            own = created.get(0);
            local.markUnseen(AcknowledgedHashes.none(keys.subList(0, 25_000)));
            boolean[] seen = local.seen(List.of("user0@example.com", "user24999@example.com", "user25000@example.com",
                    "USER0@example.com", ""));
            assertArrayEquals(new boolean[]{true, true, false, false, false}, seen);
            // every unseen key of the second half is told apart from the seen ones, whatever the filter says
            boolean[] second = local.seen(keys.subList(25_000, 50_000));
            for (boolean s : second) {
                assertFalse(s);
            }
            assertEquals(25_000, local.held());

            List<String> state = List.of("a", "user1@example.com", "user30000@example.com", "z");
            assertEquals(3, local.listRemoved(pages -> pages.accept(state)));
            // listed once: a second call gives the count without walking again
            assertEquals(3, local.listRemoved(pages -> {
                throw new AssertionError("walked twice");
            }));
            List<List<String>> pages = new ArrayList<>();
            local.forEachRemoved(2, page -> pages.add(List.copyOf(page)));
            assertEquals(List.of(List.of("a", "user30000@example.com"), List.of("z")), pages);
        }
        assertFalse(Files.exists(own), "deleted with the run");
    }

    @Test
    void keysOfTheStateReadAtOnceAreMarkedByTheirPlaceAndTheRestWritten() {
        try (LocalRunKeys local = LocalRunKeys.open("users")) {
            // seen before the state was read at once: written
            local.markUnseen(AcknowledgedHashes.none(List.of("s1", "n1")));
            List<String> stateKeys = new ArrayList<>();
            List<String> hashes = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                stateKeys.add("s" + i);
                hashes.add("h" + i);
            }
            local.putState(utf8(stateKeys.subList(0, 6)), utf8(hashes.subList(0, 6)));
            local.putState(utf8(stateKeys.subList(6, 10)), utf8(hashes.subList(6, 10)));

            AcknowledgedHashes first = local.stateHashes(List.of("s0", "s1", "s2", "n1", "n2"));
            assertEquals(java.util.Arrays.asList("h0", "h1", "h2", null, null),
                    java.util.stream.IntStream.range(0, 5).mapToObj(first::hash).toList());
            assertEquals(0, first.place(0));
            assertEquals(2, first.place(2));
            assertEquals(AcknowledgedHashes.NO_PLACE, first.place(4));
            assertTrue(first.holdsAny());
            // s1 and n1 were written before: seen; s0 and s2 by their place, n2 written
            assertArrayEquals(new boolean[]{true, false, true, false, true}, local.markUnseen(first));
            assertEquals(5, local.held());
            // seen again whichever way they were marked
            assertArrayEquals(new boolean[]{false, false, true, true},
                    local.markUnseen(local.stateHashes(List.of("s0", "n2", "s9", "n3"))));
            // hashes read from the database (a chunk's read begun before the state was read at once, or failed) are
            // looked up for their places once keys were marked by place: s0 is seen, s3 marked by its place
            assertArrayEquals(new boolean[]{true, false}, local.markUnseen(AcknowledgedHashes.read(List.of("s3", "s0"),
                    java.util.Map.of("s3", "h3", "s0", "h0"))));
            assertArrayEquals(new boolean[]{false}, local.markUnseen(AcknowledgedHashes.none(List.of("s3"))));
            assertFalse(AcknowledgedHashes.none(List.of("s3")).holdsAny());

            // removed: the state's keys seen neither by place nor written
            assertEquals(5, local.listRemovedOfState());
            assertEquals(5, local.listRemovedOfState());
            List<String> removed = new ArrayList<>();
            local.forEachRemoved(2, removed::addAll);
            assertEquals(List.of("s4", "s5", "s6", "s7", "s8"), removed);
        }
    }

    private static List<byte[]> utf8(List<String> texts) {
        return texts.stream().map(t -> t.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toList();
    }

    @Test
    void withNothingWrittenNoKeyIsAskedForAndAllAreMarkedByPlace() {
        try (LocalRunKeys local = LocalRunKeys.open("users")) {
            local.putState(utf8(List.of("a", "b", "c")), utf8(List.of("ha", "hb", "hc")));
            assertArrayEquals(new boolean[]{true, true}, local.markUnseen(local.stateHashes(List.of("a", "b"))));
            assertArrayEquals(new boolean[]{false, true}, local.markUnseen(local.stateHashes(List.of("b", "c"))));
            assertEquals(0, local.listRemovedOfState());
            assertArrayEquals(new boolean[]{false, false}, local.seen(List.of("a", "b")), "nothing written");
        }
    }

    @Test
    void theRemovedKeysAreExactInAnyOrderOfTheStatesKeys() {
        // a database whose collation is not code point order (en_US) hands the keys over in another order: the cursor
        // steps forward where it can and seeks elsewhere, never taking a key for another
        Random random = new Random(42);
        List<String> state = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            String key = (random.nextBoolean() ? "User-" : "user_") + random.nextInt(1_000_000) + "@Example.com";
            state.add(key);
            if (random.nextInt(10) != 0) {
                seen.add(key);
            }
        }
        List<String> seenKeys = new ArrayList<>(seen);
        List<String> expected = state.stream().filter(k -> !seen.contains(k)).distinct().sorted().toList();
        for (int order = 0; order < 3; order++) {
            List<String> pagesOrder = new ArrayList<>(new LinkedHashSet<>(state));
            if (order == 0) {
                Collections.shuffle(pagesOrder, random);
            } else if (order == 1) {
                pagesOrder.sort(String.CASE_INSENSITIVE_ORDER);
            } else {
                pagesOrder.sort(Comparator.naturalOrder());
            }
            try (LocalRunKeys local = LocalRunKeys.open("users")) {
                local.markUnseen(AcknowledgedHashes.none(seenKeys));
                assertEquals(expected.size(), local.listRemoved(pages -> {
                    for (int from = 0; from < pagesOrder.size(); from += 700) {
                        pages.accept(pagesOrder.subList(from, Math.min(pagesOrder.size(), from + 700)));
                    }
                }));
                List<String> removed = new ArrayList<>();
                local.forEachRemoved(1_000, removed::addAll);
                assertEquals(expected, removed.stream().sorted().toList());
            }
        }
    }

    @Test
    void aRunWhoseKeysCannotBeKeptBesideTheJvmStagesThemInTheDatabase(@TempDir Path directory) throws Exception {
        // java.io.tmpdir not writable (a pod's read-only root file system): the run goes on, its keys in the database
        Path readOnly = Files.createDirectory(directory.resolve("read-only"));
        Files.writeString(directory.resolve("not-a-directory"), "a file where the temporary directory should be");
        String tmp = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", directory.resolve("not-a-directory").toString());
        try (JdbcStateStore store = JdbcStateStore.embedded(readOnly.resolve("state"))) {
            StateStore.Run run = store.beginRun("users", true);
            assertEquals(List.of(RecordClass.NEW, RecordClass.NEW, RecordClass.DUPLICATE),
                    run.classify(List.of(new Fingerprint("a", "h", null), new Fingerprint("b", "h", null),
                            new Fingerprint("a", "h", null))));
            assertEquals(2, store.stagedKeys("users"), "staged in the database");
            run.finish();
        } finally {
            System.setProperty("java.io.tmpdir", tmp);
        }
    }

    @Test
    void theDirectoryOfAProcessThatIsGoneIsDeleted() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path abandoned = Files.createDirectory(tmp.resolve("camel-iterable-run-keys-" + gone.pid() + "-123"));
        Files.writeString(abandoned.resolve("000001.sst"), "left by a killed JVM");
        Path alive = Files.createDirectory(tmp.resolve("camel-iterable-run-keys-" + ProcessHandle.current().pid() + "-456"));
        try (LocalRunKeys local = LocalRunKeys.open("users")) {
            assertFalse(Files.exists(abandoned));
            assertTrue(Files.exists(alive), "a live process's run keeps its keys");
        } finally {
            Files.deleteIfExists(alive);
        }
    }
}
