package io.github.cameliterable.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Reads every row of a {@link JdbcStateStore}'s state and first-seen tables, for a migration to another store
 * ({@link RocksStateStore} migrates the embedded H2 store of earlier versions with it).
 */
record JdbcStateExport(JdbcConnections db, StateSql sql) {

    /** A row of the state table: its sync, its record, and when it was first and last acknowledged. */
    @FunctionalInterface
    interface StateRow {
        void accept(String syncId, Fingerprint record, Instant firstSeen, Instant lastSeen);
    }

    /** A row of the first-seen table. */
    @FunctionalInterface
    interface FirstSeenRow {
        void accept(String syncId, String key, boolean confirmed);
    }

    /** Streams every acknowledged record of every sync to {@code sink}. */
    void exportState(StateRow sink) {
        db.withConnection("read the state for a migration", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.selectAllState())) {
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(rs.getString(1), new Fingerprint(rs.getString(2), rs.getString(3), rs.getString(4)),
                                rs.getObject(5, OffsetDateTime.class).toInstant(),
                                rs.getObject(6, OffsetDateTime.class).toInstant());
                    }
                }
            }
            return null;
        });
    }

    /** Streams every first-seen key of every sync to {@code sink}. */
    void exportFirstSeen(FirstSeenRow sink) {
        db.withConnection("read the first-seen keys for a migration", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.firstSeen().selectAllFirstSeen());
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(rs.getString(1), rs.getString(2), FirstSeenSql.CONFIRMED.equals(rs.getString(3)));
                }
            }
            return null;
        });
    }
}
