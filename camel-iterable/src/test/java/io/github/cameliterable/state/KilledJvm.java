package io.github.cameliterable.state;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.camel.spi.IdempotentRepository;

import static io.github.cameliterable.state.StateStoreContract.fps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a killed JVM leaves of an embedded store: a child JVM writes through the store and halts at once (no close,
 * no flush, no shutdown hooks, like kill -9); the test then opens the store and finds what was acknowledged.
 */
final class KilledJvm {
    static final int HALT_STATUS = 37;

    private KilledJvm() {
    }

    /** The embedded stores, by the name the child JVM is given. */
    static StateStore open(String kind, Path dir) {
        return switch (kind) {
            case "h2" -> JdbcStateStore.embedded(dir);
            case "rocksdb" -> RocksStateStore.open(dir);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    static void assertAcknowledgedStateSurvives(String kind, Path dir) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KilledJvm.class.getName(), kind, dir.toString())
                .inheritIO()
                .start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM ends");
        assertEquals(HALT_STATUS, child.exitValue(), "the child JVM halted without closing the store");

        try (StateStore store = open(kind, dir)) {
            StateStore.Run run = store.beginRun("users", true);
            assertEquals(List.of(RecordClass.UNCHANGED, RecordClass.NEW), run.classify(fps("h1", "acked", "staged-only")));
            run.finish();
            IdempotentRepository repo = store.firstSeenRepository("users");
            assertFalse(repo.add("confirmed"), "a confirmed first-seen key survives the kill");
            IntakeQueue queue = store.intakeQueue();
            assertEquals(0, queue.recover("events"), "the claimed record was settled");
            List<String> queued = queue.claim("events", 10).stream().map(IntakeQueue.Queued::record).toList();
            assertEquals(List.of("{\"e\":\"b\"}", "{\"e\":\"c\"}", "{\"e\":\"d\"}"), queued,
                    "every accepted record survives the kill, the settled one does not come back");
        }
    }

    /** The child JVM: {@code KilledJvm <kind> <directory>}. */
    public static void main(String[] args) {
        StateStore store = open(args[0], Path.of(args[1]));
        StateStore.Run run = store.beginRun("users", true);
        run.classify(fps("h1", "acked", "staged-only"));
        run.acknowledge(fps("h1", "acked"));
        IdempotentRepository repo = store.firstSeenRepository("users");
        repo.add("confirmed");
        repo.confirm("confirmed");
        // the durable intake: a record claimed and settled, one queued before the claim, two after it (the embedded
        // store's are then only in its ring)
        IntakeQueue queue = store.intakeQueue();
        queue.add("events", StateStoreContract.json("{\"e\":\"a\"}", "{\"e\":\"b\"}"));
        List<IntakeQueue.Queued> claimed = queue.claim("events", 1);
        queue.remove("events", List.of(claimed.get(0).id()));
        queue.add("events", StateStoreContract.json("{\"e\":\"c\"}"));
        queue.add("events", StateStoreContract.json("{\"e\":\"d\"}"));
        Runtime.getRuntime().halt(HALT_STATUS);
    }
}
