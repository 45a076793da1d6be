package io.github.cameliterable.state;

import java.lang.management.ManagementFactory;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease of {@link JdbcStateStore}: one row per held sync in the lease table, with its holder and an expiry that
 * the holder renews while its run goes on. A holder that dies stops renewing, and its lease can be taken once it
 * expired. Expiries are read against each process's clock: the expiry is long against the clock skew of machines
 * kept by NTP.
 */
final class JdbcLease implements StateStore.Lease {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcLease.class);
    /** How long a lease outlives its holder's last renewal. */
    static final Duration EXPIRY = Duration.ofSeconds(30);
    /** How often a waiting run asks again. */
    private static final long POLL_MILLIS = 200;
    /** Who holds a lease, shown to the process that waits for it: pid@host and a run's own id. */
    private static final String PROCESS = ManagementFactory.getRuntimeMXBean().getName();

    private final JdbcStateStore store;
    private final LeaseSql sql;
    private final String syncId;
    private final String owner;
    private ScheduledFuture<?> renewal;

    private JdbcLease(JdbcStateStore store, String syncId) {
        this.store = store;
        this.sql = store.sql().leases();
        this.syncId = syncId;
        this.owner = PROCESS + "/" + UUID.randomUUID();
    }

    static JdbcLease acquire(JdbcStateStore store, String syncId, Duration maxWait, ScheduledExecutorService renewer) {
        JdbcLease lease = new JdbcLease(store, syncId);
        long deadline = System.nanoTime() + maxWait.toNanos();
        boolean waited = false;
        while (!lease.tryTake()) {
            if (System.nanoTime() - deadline >= 0) {
                throw new LeaseUnavailableException("Iterable sync '" + syncId + "': another process (" + lease.holder()
                        + ") is running this syncId on the same state store and did not"
                        + " finish within leaseWaitTime=" + maxWait.toMillis() + " ms; this"
                        + " run read and sent nothing. Give each route its own syncId, or"
                        + " let one process run it (or raise leaseWaitTime).");
            }
            if (!waited) {
                LOG.info("Sync {}: waiting up to {} ms for {} to finish its run", syncId, maxWait.toMillis(), lease.holder());
                waited = true;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LeaseUnavailableException("Iterable sync '" + syncId + "': interrupted while waiting for its lease");
            }
        }
        long every = EXPIRY.toMillis() / 3;
        lease.renewal = renewer.scheduleWithFixedDelay(lease::renew, every, every, TimeUnit.MILLISECONDS);
        return lease;
    }

    private boolean tryTake() {
        long now = System.currentTimeMillis();
        long expires = now + EXPIRY.toMillis();
        int taken = store.db().withConnection("take the lease of " + syncId, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.takeExpiredLease())) {
                ps.setString(1, owner);
                ps.setLong(2, expires);
                ps.setString(3, syncId);
                ps.setLong(4, now);
                if (ps.executeUpdate() == 1) {
                    return 1;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(sql.insertLease())) {
                ps.setString(1, syncId);
                ps.setString(2, owner);
                ps.setLong(3, expires);
                return ps.executeUpdate();
            } catch (SQLException e) {
                if (StateSql.isDuplicateKey(e)) {
                    return 0;
                }
                throw e;
            }
        });
        return taken == 1;
    }

    private String holder() {
        String holder = store.db().withConnection("read the lease of " + syncId, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.selectLeaseOwner())) {
                ps.setString(1, syncId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
        return holder == null ? "unknown" : holder;
    }

    private void renew() {
        try {
            int renewed = store.db().withConnection("renew the lease of " + syncId, c -> {
                try (PreparedStatement ps = c.prepareStatement(sql.renewLease())) {
                    ps.setLong(1, System.currentTimeMillis() + EXPIRY.toMillis());
                    ps.setString(2, syncId);
                    ps.setString(3, owner);
                    return ps.executeUpdate();
                }
            });
            if (renewed == 0) {
                LOG.error("Sync {}: the lease was lost (not renewed within {} s); another process may run it now",
                        syncId, EXPIRY.toSeconds());
            }
        } catch (RuntimeException e) {
            // the next renewal tries again; the lease only expires after several missed renewals
            LOG.warn("Sync {}: could not renew the lease: {}", syncId, e.getMessage());
        }
    }

    @Override
    public void close() {
        if (renewal != null) {
            renewal.cancel(false);
        }
        store.db().withConnection("release the lease of " + syncId, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.releaseLease())) {
                ps.setString(1, syncId);
                ps.setString(2, owner);
                return ps.executeUpdate();
            }
        });
    }
}
