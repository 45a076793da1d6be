package io.github.cameliterable.state;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.cameliterable.support.PostgresState;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGConnectionPoolDataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Several JVMs (here: three stores, each with its own connection pool, as three processes would have) on one
 * PostgreSQL state: they open the store at the same moment on tables that do not exist yet, and they claim the same
 * first-seen keys at once. Each key is claimed exactly once, whoever asks, and a claimed key stays claimed for all.
 */
class FirstSeenAcrossJvmsTest {
    private static final int JVMS = 3;

    private final String prefix = "fs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
    private final List<JdbcConnectionPool> pools = new ArrayList<>();

    @Test
    void storesOpenedAtOnceOnFreshTablesAllStart() throws Exception {
        List<JdbcStateStore> stores = openAtOnce();
        assertEquals(JVMS, stores.size());
    }

    @Test
    void eachFirstSeenKeyIsClaimedExactlyOnceAcrossJvms() throws Exception {
        List<JdbcStateStore> stores = openAtOnce();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            keys.add("user-" + i);
        }
        Map<String, AtomicInteger> claims = new ConcurrentHashMap<>();
        ExecutorService threads = Executors.newFixedThreadPool(JVMS * 2);
        try {
            List<Callable<Void>> work = new ArrayList<>();
            for (JdbcStateStore store : stores) {
                for (int t = 0; t < 2; t++) {
                    List<String> order = new ArrayList<>(keys);
                    Collections.shuffle(order);
                    StateFirstSeenRepository repository = store.firstSeenRepository("userActions");
                    work.add(() -> {
                        for (String key : order) {
                            if (repository.add(key)) {
                                claims.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                                // half the actions succeed, half fail and are given back for another try
                                if (key.hashCode() % 2 == 0) {
                                    repository.confirm(key);
                                } else {
                                    repository.remove(key);
                                }
                            }
                        }
                        return null;
                    });
                }
            }
            for (Future<Void> done : threads.invokeAll(work)) {
                done.get();
            }
        } finally {
            threads.shutdownNow();
        }
        for (String key : keys) {
            int claimed = claims.get(key).get();
            if (key.hashCode() % 2 == 0) {
                assertEquals(1, claimed, key + ": a confirmed action is claimed once, by one JVM");
            } else {
                assertEquals(true, claimed >= 1 && claimed <= JVMS * 2, key + ": claimed " + claimed);
            }
        }
        for (JdbcStateStore store : stores) {
            StateFirstSeenRepository repository = store.firstSeenRepository("userActions");
            keys.stream()
                    .filter(k -> k.hashCode() % 2 == 0)
                    .forEach(k -> assertEquals(false, repository.add(k), k + " stays claimed for every JVM"));
        }
    }

    /** Opens one store per JVM, all at the same moment, each on its own pool. */
    private List<JdbcStateStore> openAtOnce() throws Exception {
        PostgresState.dataSourceOrSkip();
        ExecutorService threads = Executors.newFixedThreadPool(JVMS);
        try {
            List<Callable<JdbcStateStore>> opens = new ArrayList<>();
            for (int i = 0; i < JVMS; i++) {
                PGConnectionPoolDataSource physical = new PGConnectionPoolDataSource();
                physical.setURL(PostgresState.url());
                physical.setUser("postgres");
                JdbcConnectionPool pool = JdbcConnectionPool.create(physical);
                pools.add(pool);
                opens.add(() -> new JdbcStateStore(pool, prefix));
            }
            List<JdbcStateStore> stores = new ArrayList<>();
            for (Future<JdbcStateStore> store : threads.invokeAll(opens)) {
                stores.add(store.get());
            }
            return stores;
        } finally {
            threads.shutdownNow();
        }
    }

    @AfterEach
    void dropTables() throws Exception {
        if (pools.isEmpty()) {
            return;
        }
        try (Connection c = pools.get(0).getConnection(); Statement st = c.createStatement()) {
            for (String table : new JdbcStateStore(pools.get(0), prefix).tableNames()) {
                st.execute("DROP TABLE IF EXISTS " + table);
            }
        }
        pools.forEach(JdbcConnectionPool::dispose);
    }
}
