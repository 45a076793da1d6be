package io.github.cameliterable.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** The durable intake in the tables of a {@link JdbcStateStore} (H2 or PostgreSQL); see {@link IntakeQueue}. */
final class JdbcIntakeQueue implements IntakeQueue {
    private final JdbcStateStore store;
    private final StateSql sql;

    JdbcIntakeQueue(JdbcStateStore store) {
        this.store = store;
        this.sql = store.sql();
    }

    @Override
    public void add(String syncId, List<String> records) {
        if (records.isEmpty()) {
            return;
        }
        OffsetDateTime now = JdbcStateStore.now();
        store.inTransaction("queue records of " + syncId, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.insertIntake())) {
                JdbcRun.executeInBatches(ps, records, (statement, record) -> {
                    statement.setString(1, syncId);
                    statement.setString(2, record);
                    statement.setObject(3, now);
                });
            }
            return null;
        });
    }

    @Override
    public List<Queued> claim(String syncId, int max) {
        return store.inTransaction("claim queued records of " + syncId, c -> {
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
            try (PreparedStatement ps = c.prepareStatement(sql.claimIntake())) {
                JdbcRun.executeInBatches(ps, claimed, (statement, queued) -> statement.setLong(1, queued.id()));
            }
            return claimed;
        });
    }

    @Override
    public void remove(String syncId, List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        store.inTransaction("remove sent records of " + syncId + " from the queue", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.deleteIntake())) {
                JdbcRun.executeInBatches(ps, ids, (statement, id) -> statement.setLong(1, id));
            }
            return null;
        });
    }

    @Override
    public void fail(String syncId, List<Failed> failed) {
        if (failed.isEmpty()) {
            return;
        }
        OffsetDateTime now = JdbcStateStore.now();
        store.inTransaction("keep the failed records of " + syncId, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.insertFailed())) {
                JdbcRun.executeInBatches(ps, failed, (statement, f) -> {
                    statement.setString(1, f.primaryKey());
                    statement.setString(2, f.field());
                    statement.setString(3, f.reason());
                    statement.setObject(4, now);
                    statement.setLong(5, f.id());
                });
            }
            try (PreparedStatement ps = c.prepareStatement(sql.deleteIntake())) {
                JdbcRun.executeInBatches(ps, failed, (statement, f) -> statement.setLong(1, f.id()));
            }
            return null;
        });
    }

    @Override
    public int recover(String syncId) {
        return store.withConnection("release the claims of " + syncId, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.releaseClaims())) {
                ps.setString(1, syncId);
                return ps.executeUpdate();
            }
        });
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
        return store.withConnection("list the failed records of " + syncId, c -> {
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
        return store.withConnection("count records of " + syncId, c -> {
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
