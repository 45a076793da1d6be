package io.github.cameliterable.reliability;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.support.LocalRedis;
import io.github.cameliterable.support.LogCapture;
import io.github.cameliterable.support.PostgresState;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.support.Unreachable;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.console.DevConsole;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.util.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared rate limiter as a route uses it: {@code rateLimiter=postgresql} keeps its places in the state's
 * PostgreSQL under the key's fingerprint, never the key; and when the limiter's store (PostgreSQL or Redis) cannot be
 * reached, the sync goes on under the local limiter, lands every record, and says so once. The dev console shows the
 * shared places as it shows the local ones.
 */
@ExtendWith(NoApiKeyInLogs.class)
class SharedRateLimiterTest {
    @RegisterExtension
    static IterableEmulatorExtension iterable = Reliability.emulator().rateLimits(true).build();

    @TempDir
    Path state;

    @Test
    void theBudgetIsKeptInTheStateDatabaseUnderTheKeysFingerprint() throws Exception {
        DataSource ds = PostgresState.dataSourceOrSkip();
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), null, ds)) {
            harness.route("users", "iterable:users?syncId=shared-" + System.nanoTime()
                    + "&batchSize=20&rateLimiter=postgresql");
            SyncReport report = harness.sync("users", Reliability.users(1, 100));
            assertEquals(100, report.getSucceeded(), report.toString());
            assertEquals(0, report.getRateLimited(), report.toString());
        }
        assertEquals(100, iterable.emulator().users().size());
        List<String> buckets = bucketIds(ds);
        assertTrue(buckets.stream().anyMatch(id -> id.endsWith(":USERS_BULK_UPDATE:5")), buckets.toString());
        assertFalse(buckets.stream().anyMatch(id -> id.contains(Reliability.API_KEY)), "the key itself is never stored");
    }

    @Test
    void theDevConsoleShowsTheSharedLimitersPlaces() throws Exception {
        DataSource ds = PostgresState.dataSourceOrSkip();
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), null, ds)) {
            harness.route("users", "iterable:users?syncId=console-" + System.nanoTime() + "&rateLimiter=postgresql");
            assertEquals(100, harness.sync("users", Reliability.users(1, 100)).getSucceeded());
            DevConsole console = PluginHelper.getDevConsoleResolver(harness.camel()).resolveDevConsole("iterable");
            JsonObject json = (JsonObject) console.call(DevConsole.MediaType.JSON);
            @SuppressWarnings("unchecked")
            List<JsonObject> shared = (List<JsonObject>) json.get("sharedRateLimiters");
            assertEquals(1, shared.size(), json.toJson());
            assertEquals("PostgreSQL table iterable_rate_places", shared.get(0).get("store"));
            String users = String.valueOf(((Map<?, ?>) shared.get(0).get("endpoints")).get("USERS_BULK_UPDATE"));
            assertTrue(users.matches("5/s, [0-5] of 5 places held, 0 waiting, next place free in \\d+ ms \\(shared\\)"), users);
            String text = (String) console.call(DevConsole.MediaType.TEXT);
            assertTrue(text.contains("shared rate limit USERS_BULK_UPDATE in PostgreSQL table iterable_rate_places: 5/s, "),
                    text);
        }
    }

    @Test
    void postgresqlUnreachableTheSyncGoesOnUnderTheLocalLimiter() throws Exception {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setURL("jdbc:postgresql://127.0.0.1:" + Unreachable.port() + "/none");
        nowhere.setConnectTimeout(1);
        assertSyncsWithoutTheStore("rateLimiter=postgresql&rateLimiterDataSource=#nowhere", nowhere);
    }

    @Test
    void redisUnreachableTheSyncGoesOnUnderTheLocalLimiter() throws Exception {
        assertSyncsWithoutTheStore("rateLimiter=redis&rateLimiterRedisUri=redis://127.0.0.1:" + Unreachable.port(), null);
    }

    @Test
    void redisReachableTheSyncTakesItsPermitsThere() throws Exception {
        String redis = LocalRedis.uriOrSkip();
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null); LogCapture log = new LogCapture()) {
            harness.route("users", "iterable:users?batchSize=20&rateLimiter=redis&rateLimiterRedisUri=" + redis);
            SyncReport report = harness.sync("users", Reliability.users(1, 100));
            assertEquals(100, report.getSucceeded(), report.toString());
            assertEquals(0, report.getRateLimited(), report.toString());
            assertFalse(log.lines().stream().anyMatch(l -> l.contains("cannot be reached")), "Redis answered");
        }
    }

    /** 200 users in 10 requests at 5/s: the local limiter keeps them under Iterable's limit, the emulator refuses none. */
    private void assertSyncsWithoutTheStore(String options, DataSource store) throws Exception {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null); LogCapture log = new LogCapture()) {
            if (store != null) {
                harness.bind("nowhere", store);
            }
            harness.route("users", "iterable:users?batchSize=20&" + options);
            SyncReport report = harness.sync("users", Reliability.users(1, 200));
            assertEquals(200, report.getSucceeded(), report.toString());
            assertEquals(0, report.getRateLimited(), report.toString());
            List<String> warnings = log.lines().stream().filter(l -> l.contains("cannot be reached")).toList();
            assertEquals(1, warnings.size(), "one warning for the outage: " + warnings);
        }
        assertEquals(200, iterable.emulator().users().size());
        assertEquals(0, iterable.emulator().count429());
    }

    private static List<String> bucketIds(DataSource ds) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id FROM iterable_rate_places");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }
}
