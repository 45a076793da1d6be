package io.github.cameliterable.state;

/**
 * The statements of the first-seen keys ({@link StateFirstSeenRepository}) on the table {@link StateSql} names and
 * creates: a sync's keys, each {@value #PENDING} until its action is acknowledged, then {@value #CONFIRMED}.
 */
record FirstSeenSql(String firstSeenTable, StateSql.Dialect dialect) {

    static final String PENDING = "pending";
    static final String CONFIRMED = "confirmed";

    /**
     * Adds a pending key; an existing key (pending or confirmed) is left alone. PostgreSQL reports it with an
     * update count of 0, H2 with a duplicate-key error; both are read by the caller.
     * Parameters: sync_id, message_id, created.
     */
    String insertFirstSeen() {
        return dialect.leavingExisting("INSERT INTO " + firstSeenTable + " (sync_id, message_id, state, created)"
                + " VALUES (?, ?, '" + PENDING + "', ?)", "sync_id, message_id");
    }

    String selectFirstSeen() {
        return "SELECT 1 FROM " + firstSeenTable + " WHERE sync_id = ? AND message_id = ?";
    }

    String confirmFirstSeen() {
        return "UPDATE " + firstSeenTable + " SET state = '" + CONFIRMED + "' WHERE sync_id = ? AND message_id = ?";
    }

    String deletePendingFirstSeenKey() {
        return "DELETE FROM " + firstSeenTable + " WHERE sync_id = ? AND message_id = ? AND state = '" + PENDING + "'";
    }

    String deletePendingFirstSeen() {
        return "DELETE FROM " + firstSeenTable + " WHERE sync_id = ? AND state = '" + PENDING + "'";
    }

    String selectPendingFirstSeen() {
        return "SELECT message_id FROM " + firstSeenTable + " WHERE sync_id = ? AND state = '" + PENDING
                + "' ORDER BY message_id";
    }

    String clearFirstSeen() {
        return "DELETE FROM " + firstSeenTable + " WHERE sync_id = ?";
    }

    /** Every first-seen key of every sync, for a migration to another store. */
    String selectAllFirstSeen() {
        return "SELECT sync_id, message_id, state FROM " + firstSeenTable;
    }
}
