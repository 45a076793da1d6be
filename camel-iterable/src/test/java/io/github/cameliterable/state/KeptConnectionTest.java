package io.github.cameliterable.state;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.github.cameliterable.support.LogCapture;
import io.github.cameliterable.support.PostgresState;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The durable intake on an unpooled DataSource (each borrow a new database connection: about 20 ms on PostgreSQL)
 * keeps a connection for its adds and one for its sender, replaced when the database dropped it; on a pool, even of
 * one connection, nothing is kept.
 */
class KeptConnectionTest {

    /** {@code dataSource}, counting its borrows. */
    private static DataSource counted(DataSource dataSource, AtomicInteger borrows) {
        return (DataSource) Proxy.newProxyInstance(KeptConnectionTest.class.getClassLoader(),
                new Class<?>[]{DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        borrows.incrementAndGet();
                    }
                    try {
                        return method.invoke(dataSource, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static List<byte[]> record(int i) {
        return List.of(("{\"email\":\"user" + i + "@example.com\"}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anUnpooledPostgresDataSourceIsSaidAndTheIntakeKeepsItsConnections() throws Exception {
        PostgresState.dataSourceOrSkip();
        String application = "kept-" + UUID.randomUUID().toString().substring(0, 8);
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL(PostgresState.url());
        pg.setUser("postgres");
        pg.setApplicationName(application);
        AtomicInteger borrows = new AtomicInteger();
        String prefix = "kept_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "_";
        try (LogCapture logs = new LogCapture(); JdbcStateStore store = new JdbcStateStore(counted(pg, borrows), prefix)) {
            try {
                assertTrue(logs.lines().stream().anyMatch(l -> l.contains("looks unpooled")),
                        "the unpooled DataSource is said");
                IntakeQueue queue = store.intakeQueue();
                int before = borrows.get();
                for (int i = 0; i < 100; i++) {
                    queue.add("s", record(i));
                }
                for (int i = 0; i < 10; i++) {
                    List<IntakeQueue.Queued> claimed = queue.claim("s", 10);
                    queue.remove("s", claimed.stream().map(IntakeQueue.Queued::id).toList());
                }
                // one connection for the adds, one for the sender's claims and removes
                assertEquals(2, borrows.get() - before, "borrows for 100 adds, 10 claims and 10 removes");
                assertEquals(0, queue.size("s"));

                // the database drops the kept connections (a restart, an administrator): the next add, after the
                // connection was unused for a moment, is checked first and opens another
                try (Connection admin = pg.getConnection();
                        PreparedStatement kill = admin.prepareStatement("SELECT pg_terminate_backend(pid)"
                                + " FROM pg_stat_activity WHERE application_name = ? AND pid <> pg_backend_pid()")) {
                    kill.setString(1, application);
                    kill.executeQuery().close();
                }
                Thread.sleep(JdbcKeptConnection.CHECK_AFTER_NANOS / 1_000_000 + 200);
                queue.add("s", record(100));
                assertEquals(1, queue.claim("s", 10).size());
            } finally {
                try (Connection c = pg.getConnection(); Statement st = c.createStatement()) {
                    for (String table : store.tableNames()) {
                        st.execute("DROP TABLE IF EXISTS " + table);
                    }
                }
            }
        }
    }

    @Test
    void onAPoolOfOneConnectionNothingIsKeptAndTheStoreKeepsWorking() {
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:mem:kept-pool;DB_CLOSE_DELAY=-1", "sa", "");
        pool.setMaxConnections(1);
        try (LogCapture logs = new LogCapture(); JdbcStateStore store = new JdbcStateStore(pool)) {
            assertFalse(logs.lines().stream().anyMatch(l -> l.contains("looks unpooled")), "a pool is not unpooled");
            IntakeQueue queue = store.intakeQueue();
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                for (int i = 0; i < 20; i++) {
                    queue.add("s", record(i));
                    List<IntakeQueue.Queued> claimed = queue.claim("s", 10);
                    // a run's operations between the intake's: the pool's one connection is free for them
                    StateStore.Run run = store.beginRun("s", false);
                    run.classify(List.of(StateStoreContract.fp("k" + i, "h")));
                    run.finish();
                    queue.remove("s", claimed.stream().map(IntakeQueue.Queued::id).toList());
                }
            });
            assertEquals(0, queue.size("s"));
            assertEquals(0, pool.getActiveConnections(), "no connection kept from the pool");
        } finally {
            pool.dispose();
        }
    }
}
