package io.github.cameliterable.safety;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.github.cameliterable.emulator.FaultPlan;
import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.state.JdbcStateStore;
import io.github.cameliterable.state.LeaseUnavailableException;
import io.github.cameliterable.support.PostgresState;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two JVMs (two pods) run one snapshot sync on one PostgreSQL state. Without a lease the second run's start discards
 * the first run's seen keys, and the first run then deletes every user as "removed". With it, the second run waits
 * (or, past leaseWaitTime, fails clearly), and nobody is deleted.
 */
class TwoJvmLeaseTest {
    static final int MODEL = 200;

    @TempDir
    Path work;

    @Test
    void theSecondProcessWaitsOrFailsClearlyAndNoRecordIsLostOrRemoved() throws Exception {
        DataSource pg = PostgresState.dataSourceOrSkip();
        String syncId = "lease-" + UUID.randomUUID();
        // deletes are allowed without limit: the test is about the lease, not the removal safeguards
        String uri = "iterable:users?snapshot=true&deleteBehavior=delete&maxRemovalPercent=100&batchSize=20"
                + "&maxConcurrentRequests=1&syncId=" + syncId;
        // each request takes a while, so that the other process's run is under way for seconds
        try (IterableEmulator emulator = IterableEmulator.builder()
                .rateLimits(false)
                .faults(FaultPlan.builder().latencyMillis(250).build())
                .start()) {
            new JdbcStateStore(pg).close(); // the tables exist before the child looks for its lease
            Path childLog = work.resolve("child.log");
            Process child = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                    LeaseChild.class.getName(), emulator.baseUri(), emulator.apiKey(), PostgresState.url(), uri,
                    String.valueOf(MODEL)).redirectErrorStream(true).redirectOutput(childLog.toFile()).start();
            try {
                awaitLeaseHeld(pg, syncId, child, childLog);

                // a run that may wait only briefly fails clearly, having read and sent nothing
                try (SyncHarness impatient = new SyncHarness(emulator, work, pg)) {
                    impatient.route("users", uri + "&leaseWaitTime=300");
                    long requests = emulator.requests().size();
                    CamelExecutionException e = assertThrows(CamelExecutionException.class,
                            () -> impatient.sync("users", LeaseChild.model(MODEL)));
                    LeaseUnavailableException refused = assertInstanceOf(LeaseUnavailableException.class, e.getCause());
                    assertTrue(refused.getMessage().startsWith("Iterable sync '" + syncId + "': another process ("),
                            refused.getMessage());
                    assertTrue(refused.getMessage()
                            .contains("did not finish within leaseWaitTime=300 ms; this run read"
                                    + " and sent nothing"),
                            refused.getMessage());
                    assertTrue(emulator.requests().size() - requests <= 3, "only the child's requests went on");
                }

                // a run that waits goes after the child's: everything is unchanged, nothing removed
                try (SyncHarness patient = new SyncHarness(emulator, work, pg)) {
                    patient.route("users", uri);
                    SyncReport report = patient.sync("users", LeaseChild.model(MODEL));
                    assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child finished");
                    assertEquals(MODEL, report.getUnchanged(), report + "\nchild: " + Files.readString(childLog));
                    assertEquals(0, report.getRemoved(), report.toString());
                }
                assertEquals(0, child.exitValue(), Files.readString(childLog));
                String childReport = Files.readAllLines(childLog)
                        .stream()
                        .filter(l -> l.startsWith("REPORT "))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no report from the child"));
                assertTrue(childReport.contains("new=" + MODEL) && childReport.contains("removed=0"), childReport);
                assertEquals(0, emulator.deleted().size(), "nobody was deleted");
                assertEquals(MODEL, emulator.users().size());
                assertEquals(0, count(pg, "SELECT COUNT(*) FROM iterable_lease WHERE sync_id = ?", syncId), "released");
            } finally {
                child.destroyForcibly();
            }
        }
    }

    private static void awaitLeaseHeld(DataSource pg, String syncId, Process child, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (count(pg, "SELECT COUNT(*) FROM iterable_lease WHERE sync_id = ?", syncId) == 0) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the child never held the lease:\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
    }

    private static long count(DataSource pg, String sql, String parameter) throws Exception {
        try (Connection c = pg.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
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
