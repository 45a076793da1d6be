package io.github.cameliterable.state;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The durable intake in the tables of a {@link JdbcStateStore} (H2 or PostgreSQL); see {@link IntakeQueue}. Several
 * processes may send one sync's queue: a claim ({@code FOR UPDATE SKIP LOCKED}) marks its rows with this sender's
 * owner id and time, which the sender renews while it lives ({@link #keepClaims}); claims not renewed for
 * {@link #CLAIM_EXPIRY} belong to a sender that died, and are queued again, by {@link #recover} when a sender starts
 * or by any live sender's {@link #keepClaims}. A live sender's claims are never taken from it.
 */
final class JdbcIntakeQueue implements IntakeQueue {
    /** A claim not renewed for this long belongs to a sender that died. */
    static final Duration CLAIM_EXPIRY = Duration.ofSeconds(60);
    /** How often a live sender renews its claims and looks for expired ones. */
    static final Duration RENEWAL = CLAIM_EXPIRY.dividedBy(4);

    private final JdbcStateStore store;
    private final IntakeSql sql;
    private final Clock clock;
    private final String owner = UUID.randomUUID().toString();
    private long renewedAt = Long.MIN_VALUE;

    JdbcIntakeQueue(JdbcStateStore store) {
        this(store, Clock.systemUTC());
    }

    JdbcIntakeQueue(JdbcStateStore store, Clock clock) {
        this.store = store;
        this.sql = store.sql().intake();
        this.clock = clock;
        // a table of an earlier version lacks the claim's owner and time: added once (PostgreSQL lets only the table's
        // owner ALTER it, even when the column exists, so the columns are looked for first)
        store.db().withConnection("add the claim's owner to " + sql.intakeTable(), c -> {
            try (Statement st = c.createStatement()) {
                st.executeQuery("SELECT claimed_by, claimed_at FROM " + sql.intakeTable() + " WHERE 1 = 0").close();
            } catch (SQLException missing) {
                try (Statement st = c.createStatement()) {
                    st.execute("ALTER TABLE " + sql.intakeTable() + " ADD COLUMN IF NOT EXISTS claimed_by VARCHAR(100)");
                    st.execute("ALTER TABLE " + sql.intakeTable() + " ADD COLUMN IF NOT EXISTS claimed_at BIGINT");
                }
            }
            return null;
        });
    }

    @Override
    public long add(String syncId, List<byte[]> records) {
        if (records.isEmpty()) {
            return -1;
        }
        OffsetDateTime now = JdbcConnections.now();
        // one connection kept for the adds of the sync (its callers' group commits), not one borrowed for each
        store.db().inKeptTransaction("intake adds of " + syncId, "queue records of " + syncId, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.insertIntake())) {
                JdbcStatements.executeInBatches(ps, records, (statement, record) -> {
                    statement.setString(1, syncId);
                    statement.setString(2, new String(record, StandardCharsets.UTF_8));
                    statement.setObject(3, now);
                });
            }
            return null;
        });
        return -1;
    }

    @Override
    public List<Queued> claim(String syncId, int max) {
        return sender(syncId, "claim queued records of " + syncId, c -> {
            List<Queued> claimed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.selectClaimable())) {
                ps.setString(1, syncId);
                ps.setInt(2, max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        claimed.add(new Queued(rs.getLong(1), rs.getString(2)));
                    }
                }
            }
            long now = clock.millis();
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + sql.intakeTable()
                    + " SET claimed = TRUE, claimed_by = ?, claimed_at = ? WHERE id = ?")) {
                JdbcStatements.executeInBatches(ps, claimed, (statement, queued) -> {
                    statement.setString(1, owner);
                    statement.setLong(2, now);
                    statement.setLong(3, queued.id());
                });
            }
            return claimed;
        });
    }

    @Override
    public void remove(String syncId, List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        sender(syncId, "remove sent records of " + syncId + " from the queue", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.deleteIntake())) {
                JdbcStatements.executeInBatches(ps, ids, (statement, id) -> statement.setLong(1, id));
            }
            return null;
        });
    }

    @Override
    public void release(String syncId, List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        sender(syncId, "queue again the unanswered records of " + syncId, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + sql.intakeTable()
                    + " SET claimed = FALSE, claimed_by = NULL WHERE id = ? AND claimed_by = ?")) {
                JdbcStatements.executeInBatches(ps, ids, (statement, id) -> {
                    statement.setLong(1, id);
                    statement.setString(2, owner);
                });
            }
            return null;
        });
    }

    @Override
    public void fail(String syncId, List<Failed> failed) {
        if (failed.isEmpty()) {
            return;
        }
        OffsetDateTime now = JdbcConnections.now();
        sender(syncId, "keep the failed records of " + syncId, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.insertFailed())) {
                JdbcStatements.executeInBatches(ps, failed, (statement, f) -> {
                    statement.setString(1, f.primaryKey());
                    statement.setString(2, f.field());
                    statement.setString(3, f.reason());
                    statement.setObject(4, now);
                    statement.setLong(5, f.id());
                });
            }
            try (PreparedStatement ps = c.prepareStatement(sql.deleteIntake())) {
                JdbcStatements.executeInBatches(ps, failed, (statement, f) -> statement.setLong(1, f.id()));
            }
            return null;
        });
    }

    /**
     * Runs the sender's work (claims, settles, renewals: the run loop's thread, several times a second while records
     * flow) in one transaction on a connection kept for the sync's sender, not one borrowed each time.
     */
    private <T> T sender(String syncId, String what, JdbcConnections.SqlWork<T> work) {
        return store.db().inKeptTransaction("intake sender of " + syncId, what, work);
    }

    /** Queues again the claims of senders that stopped renewing them (they died); returns how many. */
    @Override
    public int recover(String syncId) {
        return store.db().withConnection("release the expired claims of " + syncId, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + sql.intakeTable()
                    + " SET claimed = FALSE, claimed_by = NULL WHERE sync_id = ?"
                    + " AND claimed = TRUE AND (claimed_at IS NULL OR claimed_at < ?)")) {
                ps.setString(1, syncId);
                ps.setLong(2, clock.millis() - CLAIM_EXPIRY.toMillis());
                return ps.executeUpdate();
            }
        });
    }

    /** Every {@link #RENEWAL}: renews this sender's claims, then queues again the expired claims of dead senders. */
    @Override
    public int keepClaims(String syncId) {
        long now = clock.millis();
        if (renewedAt != Long.MIN_VALUE && now - renewedAt < RENEWAL.toMillis()) {
            return 0;
        }
        renewedAt = now;
        sender(syncId, "renew the claims of " + syncId, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + sql.intakeTable() + " SET claimed_at = ?"
                    + " WHERE sync_id = ? AND claimed = TRUE AND claimed_by = ?")) {
                ps.setLong(1, now);
                ps.setString(2, syncId);
                ps.setString(3, owner);
                return ps.executeUpdate();
            }
        });
        return recover(syncId);
    }

    @Override
    public long size(String syncId) {
        return count(sql.countIntake(), syncId);
    }

    @Override
    public long failedCount(String syncId) {
        return count(sql.countFailed(), syncId);
    }

    @Override
    public List<Failed> failed(String syncId, int max) {
        return store.db().withConnection("list the failed records of " + syncId, c -> {
            List<Failed> failed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.selectFailed())) {
                ps.setString(1, syncId);
                ps.setInt(2, max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        failed.add(new Failed(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5)));
                    }
                }
            }
            return failed;
        });
    }

    private long count(String statement, String syncId) {
        return store.db().withConnection("count records of " + syncId, c -> {
            try (PreparedStatement ps = c.prepareStatement(statement)) {
                ps.setString(1, syncId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
