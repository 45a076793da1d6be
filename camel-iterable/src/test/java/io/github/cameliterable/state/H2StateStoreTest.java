package io.github.cameliterable.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.camel.spi.IdempotentRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state store contract on an H2 file database (the embedded store of earlier versions), plus what a killed JVM
 * leaves behind.
 */
class H2StateStoreTest extends JdbcStateStoreContract {

    @TempDir
    Path directory;

    @Override
    protected JdbcStateStore openStore() {
        return JdbcStateStore.embedded(directory.resolve("state"));
    }

    @Test
    void acknowledgedStateSurvivesAKilledJvm() throws Exception {
        store.close();
        Path dir = directory.resolve("killed");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KilledWriter.class.getName(), dir.toString())
                .inheritIO()
                .start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM ends");
        assertEquals(KilledWriter.HALT_STATUS, child.exitValue(), "the child JVM halted without closing the store");

        store = JdbcStateStore.embedded(dir);
        StateStore.Run run = store.beginRun("users", true);
        assertEquals(List.of(RecordClass.UNCHANGED, RecordClass.NEW), run.classify(fps("h1", "acked", "staged-only")));
        run.finish();
        IdempotentRepository repo = store.firstSeenRepository("users");
        assertFalse(repo.add("confirmed"), "a confirmed first-seen key survives the kill");
    }

    /** Writes through a store and halts the JVM at once: no close, no shutdown hooks, like kill -9. */
    static final class KilledWriter {
        static final int HALT_STATUS = 37;

        public static void main(String[] args) {
            JdbcStateStore store = JdbcStateStore.embedded(Path.of(args[0]));
            StateStore.Run run = store.beginRun("users", true);
            run.classify(fps("h1", "acked", "staged-only"));
            run.acknowledge(fps("h1", "acked"));
            IdempotentRepository repo = store.firstSeenRepository("users");
            repo.add("confirmed");
            repo.confirm("confirmed");
            Runtime.getRuntime().halt(HALT_STATUS);
        }
    }
}
