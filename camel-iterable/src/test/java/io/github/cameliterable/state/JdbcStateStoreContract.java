package io.github.cameliterable.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** The state store contract on a JDBC database: the counts read from the store's tables. */
abstract class JdbcStateStoreContract extends StateStoreContract<JdbcStateStore> {

    @Override
    protected long stateCount(String syncId) {
        return countRows("SELECT COUNT(*) FROM " + store.tableNames().get(0) + " WHERE sync_id = ?", syncId);
    }

    @Override
    protected long stagedCount(String syncId) {
        return countRows("SELECT COUNT(*) FROM " + store.tableNames().get(1) + " WHERE sync_id = ?", syncId);
    }

    @Override
    protected List<String> pendingFirstSeen(String syncId) {
        return store.pendingFirstSeen(syncId);
    }

    private long countRows(String sql, String syncId) {
        try (Connection c = store.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, syncId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
