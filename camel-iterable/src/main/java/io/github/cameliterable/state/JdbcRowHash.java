package io.github.cameliterable.state;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Which {@link RowHash.Function} a DataSource's state is made with, kept in a table of its own
 * ({@code <prefix>store}: mark, mark_value): the newest function where this version made the state table, which it
 * says before it makes it (XXH3-128 over the canonical text where the version before made it, on 2026-12-04); SHA-256
 * where the
 * state table was there already (an earlier version's, or a migration's source), which says
 * nothing. Replicas making the tables at once agree: the one that finds no state table writes the mark before it makes
 * one, so a replica that finds the table finds the mark too.
 */
final class JdbcRowHash {
    private static final String NAME = "row-hash";

    private JdbcRowHash() {
    }

    /** The mark table's DDL; run with the others, first. */
    static String createTable(StateSql sql) {
        return "CREATE TABLE IF NOT EXISTS " + sql.storeTable
                + " (mark VARCHAR(100) NOT NULL, mark_value VARCHAR(1000) NOT NULL,"
                + " PRIMARY KEY (mark))";
    }

    /** Whether the state table is there (run before the DDL: a state made before is an earlier version's). */
    static boolean stateExists(Statement st, StateSql sql) {
        try (ResultSet rs = st.executeQuery("SELECT 1 FROM " + sql.stateTable + " WHERE 1 = 0")) {
            return true;
        } catch (SQLException missing) {
            return false;
        }
    }

    /** Marks a state about to be made as the newest function's (a replica that marked it first is left alone). */
    static void mark(Statement st, StateSql sql) throws SQLException {
        try {
            st.executeUpdate(
                    "INSERT INTO " + sql.storeTable + " (mark, mark_value) VALUES ('" + NAME + "', '"
                            + RowHash.Function.NEWEST.mark() + "')");
        } catch (SQLException raced) {
            if (!StateSql.isDuplicateKey(raced)) {
                throw raced;
            }
        }
    }

    /** The state's function: the one it is marked with, SHA-256 when it is not. */
    static RowHash.Function read(Statement st, StateSql sql) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT mark_value FROM " + sql.storeTable + " WHERE mark = '" + NAME + "'")) {
            return RowHash.Function.marked(rs.next() ? rs.getString(1) : null);
        }
    }
}
