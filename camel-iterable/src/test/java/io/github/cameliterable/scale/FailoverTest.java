package io.github.cameliterable.scale;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.github.cameliterable.emulator.FaultPlan;
import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.emulator.RecordedRequest;
import io.github.cameliterable.support.PostgresState;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Must show 3 of the scale-out issue: one JVM killed mid-run, another finishes the run. State in PostgreSQL. A
 * previous run synced {@value #USERS} + {@value #REMOVED} users; JVM A ({@link FailoverWorker}, a child process) runs
 * the next snapshot (the {@value #USERS} users changed, the other {@value #REMOVED} due for removal) and
 * {@value #ACTIONS} first-seen user deletions, and is killed ({@code destroyForcibly}) once both are under way. JVM B
 * (this one) runs the same routes: it waits for A's leases, then finishes: every user lands with its new values, the
 * due removals happen, every deletion is done, and none that A had confirmed is sent again (only those in flight when
 * A died may be, and are counted).
 * <p>
 * A dead holder's lease expires 30 s after its last renewal. So that the test does not sit out those 30 s, it moves
 * the expiry of A's leases to the past once A is dead, which is what those 30 s would do; with
 * {@code -Diterable.test.realLeaseExpiry=true} it waits for the real expiry instead (about 35 s more).
 */
class FailoverTest {
    static final int USERS = 300;
    static final int REMOVED = 40;
    static final int ACTIONS = 60;

    @TempDir
    Path work;

    @Test
    void aJvmKilledMidRunAnotherFinishesTheRun() throws Exception {
        DataSource pg = PostgresState.dataSourceOrSkip();
        String run = UUID.randomUUID().toString();
        String usersSync = "failover-users-" + run;
        String actionsSync = "failover-actions-" + run;
        // slow answers and one request at a time: A is mid-run for seconds when it is killed
        String usersUri = "iterable:users?snapshot=true&deleteBehavior=delete&maxRemovalPercent=100&batchSize=10"
                + "&maxConcurrentRequests=1&syncId=" + usersSync;
        String actionsUri = "iterable:userActions?mode=delete&maxConcurrentRequests=1&syncId=" + actionsSync;
        try (IterableEmulator emulator = IterableEmulator.builder()
                .rateLimits(false)
                .faults(FaultPlan.builder().latencyMillis(100).build())
                .start()) {
            // the previous run: every user, the last REMOVED of which the next run no longer has
            try (SyncHarness previous = new SyncHarness(emulator, work, pg)) {
                previous.route("users", usersUri);
                SyncReport report = previous.sync("users", FailoverWorker.users(USERS + REMOVED, "free"));
                assertEquals(USERS + REMOVED, report.getSucceeded(), report.toString());
            }

            Path log = work.resolve("jvm-a.log");
            Process a = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                    FailoverWorker.class.getName(), emulator.baseUri(), emulator.apiKey(), PostgresState.url(), usersUri,
                    actionsUri, String.valueOf(USERS), String.valueOf(ACTIONS))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            long usersBefore = emulator.requestCount("/api/users/bulkUpdate");
            try {
                // mid-run: A sent some of its users and some of its deletions, not all
                awaitRequests(emulator, a, log, usersBefore);
                a.destroyForcibly();
                assertTrue(a.waitFor(30, TimeUnit.SECONDS), "A is dead");
            } finally {
                a.destroyForcibly();
            }
            assertFalse(Files.readString(log).contains("REPORT users"), "A was killed before its users run ended");
            Set<String> confirmedByA = firstSeen(pg, actionsSync, "confirmed");
            Set<String> inFlightAtDeath = firstSeen(pg, actionsSync, "pending");
            Map<String, Integer> deletionsByA = deletions(emulator);
            assertTrue(deletionsByA.size() < ACTIONS,
                    "A was killed before its deletions were all sent: " + deletionsByA.size());
            assertEquals(2, count(pg, "SELECT COUNT(*) FROM iterable_lease WHERE sync_id IN (?, ?)", usersSync, actionsSync),
                    "A died holding both leases");
            if (!Boolean.getBoolean("iterable.test.realLeaseExpiry")) {
                // what 30 s without renewal would do: A's leases are past their expiry
                count(pg, "UPDATE iterable_lease SET expires_at = 0 WHERE sync_id IN (?, ?)", usersSync, actionsSync);
            }

            // B: the same routes, waiting for the leases (up to 2 minutes), then finishing the run
            try (SyncHarness b = new SyncHarness(emulator, work, pg)) {
                b.route("users", usersUri + "&leaseWaitTime=120000").route("actions", actionsUri + "&leaseWaitTime=120000");
                SyncReport users = b.sync("users", FailoverWorker.users(USERS, "pro"));
                SyncReport actions = b.sync("actions", FailoverWorker.actions(ACTIONS));
                assertEquals(0, users.getFailed(), users.toString());
                assertEquals(REMOVED, users.getRemoved(), "the due removals happen: " + users);
                assertEquals(0, actions.getFailed(), actions.toString());
            }
            for (int i = 0; i < USERS; i++) {
                String email = FailoverWorker.user(i);
                Map<?, ?> user = emulator.user(email).orElseThrow(() -> new AssertionError(email + " missing"));
                assertEquals("pro", ((Map<?, ?>) user.get("dataFields")).get("plan"), email + " has its new values");
            }
            for (int i = USERS; i < USERS + REMOVED; i++) {
                String email = FailoverWorker.user(i);
                assertTrue(emulator.deleted().contains(email) && emulator.user(email).isEmpty(), email + " removed");
            }
            Map<String, Integer> deletions = deletions(emulator);
            for (int i = 0; i < ACTIONS; i++) {
                String email = FailoverWorker.deleted(i);
                int times = deletions.getOrDefault(email, 0);
                assertTrue(times >= 1, email + " deleted");
                if (confirmedByA.contains(email)) {
                    assertEquals(1, times, email + ": confirmed by A, not sent again by B");
                } else if (times > 1) {
                    assertTrue(inFlightAtDeath.contains(email) && deletionsByA.containsKey(email),
                            email + " sent twice though it was not in flight when A died");
                }
            }
            System.out.printf("failover: A confirmed %d deletions and had %d in flight when killed; B sent %d again%n",
                    confirmedByA.size(), inFlightAtDeath.size(),
                    deletions.values().stream().filter(t -> t > 1).count());
        }
    }

    private static void awaitRequests(IterableEmulator emulator, Process a, Path log, long usersBefore) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (emulator.requestCount("/api/users/bulkUpdate") - usersBefore < 5 || deletions(emulator).size() < 5) {
            if (!a.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("A never got under way:\n" + Files.readString(log));
            }
            Thread.sleep(20);
        }
    }

    /** How many times each of the {@link FailoverWorker#deleted} users was sent for deletion. */
    private static Map<String, Integer> deletions(IterableEmulator emulator) {
        Map<String, Integer> times = new HashMap<>();
        for (RecordedRequest r : emulator.requests()) {
            String email = r.path().substring(r.path().lastIndexOf('/') + 1).replace("%40", "@");
            if ("DELETE".equals(r.method()) && email.startsWith("gone") && email.endsWith("@failover.example.com")) {
                times.merge(email, 1, Integer::sum);
            }
        }
        return times;
    }

    private static Set<String> firstSeen(DataSource pg, String syncId, String state) throws Exception {
        Set<String> keys = new HashSet<>();
        try (Connection c = pg.getConnection();
                PreparedStatement ps = c
                        .prepareStatement("SELECT message_id FROM iterable_first_seen WHERE sync_id = ? AND state = ?")) {
            ps.setString(1, syncId);
            ps.setString(2, state);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
            }
        }
        return keys;
    }

    private static long count(DataSource pg, String sql, String first, String second) throws Exception {
        try (Connection c = pg.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, first);
            ps.setString(2, second);
            if (sql.startsWith("UPDATE")) {
                return ps.executeUpdate();
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String javaBinary() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
