package io.github.cameliterable.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A JDBC store on a pool of one connection: a snapshot's rerun holds it to read the state at once while its chunks
 * and their read-ahead want one too; they wait for each other, and the run completes as on a larger pool.
 */
class OneConnectionTest {

    @Test
    void aSnapshotRerunOnAPoolOfOneConnectionCompletes() {
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:mem:one-connection;DB_CLOSE_DELAY=-1", "sa", "");
        pool.setMaxConnections(1);
        try (JdbcStateStore store = new JdbcStateStore(pool)) {
            List<List<Fingerprint>> chunks = new ArrayList<>();
            for (int c = 0; c < 20; c++) {
                List<Fingerprint> chunk = new ArrayList<>();
                for (int i = 0; i < 1_000; i++) {
                    chunk.add(StateStoreContract.fp("k" + (c * 1_000 + i), "h1"));
                }
                chunks.add(chunk);
            }
            StateStore.Run first = store.beginRun("one", true);
            first.nothingElseInFlight();
            for (List<Fingerprint> chunk : chunks) {
                first.classify(chunk);
                first.acknowledge(chunk);
            }
            first.finish();

            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                StateStore.Run again = store.beginRun("one", true);
                again.nothingElseInFlight();
                again.lookAhead(chunks.get(0).stream().map(Fingerprint::primaryKey).toList());
                for (int c = 0; c < chunks.size(); c++) {
                    if (c + 1 < chunks.size()) {
                        again.lookAhead(chunks.get(c + 1).stream().map(Fingerprint::primaryKey).toList());
                    }
                    assertEquals(Collections.nCopies(1_000, RecordClass.UNCHANGED), again.classify(chunks.get(c)));
                }
                assertEquals(0, again.countRemoved());
                again.finish();
            });
        } finally {
            pool.dispose();
        }
    }
}
