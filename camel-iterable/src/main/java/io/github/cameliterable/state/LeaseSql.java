package io.github.cameliterable.state;

/**
 * The statements of the leases ({@link JdbcLease}) on the table {@link StateSql} names and creates: one row a sync,
 * its holder and when the holding expires.
 */
record LeaseSql(String leaseTable, StateSql.Dialect dialect) {

    /** Takes over an expired lease. Parameters: owner, expires_at, sync_id, now. */
    String takeExpiredLease() {
        return "UPDATE " + leaseTable + " SET owner = ?, expires_at = ? WHERE sync_id = ? AND expires_at < ?";
    }

    /**
     * Takes a free lease; a held one is left alone (0 rows on PostgreSQL, a duplicate-key error on H2). Parameters:
     * sync_id, owner, expires_at.
     */
    String insertLease() {
        return dialect.leavingExisting("INSERT INTO " + leaseTable + " (sync_id, owner, expires_at) VALUES (?, ?, ?)",
                "sync_id");
    }

    /** Parameters: expires_at, sync_id, owner. */
    String renewLease() {
        return "UPDATE " + leaseTable + " SET expires_at = ? WHERE sync_id = ? AND owner = ?";
    }

    /** Parameters: sync_id, owner. */
    String releaseLease() {
        return "DELETE FROM " + leaseTable + " WHERE sync_id = ? AND owner = ?";
    }

    /** Parameters: sync_id. */
    String selectLeaseOwner() {
        return "SELECT owner FROM " + leaseTable + " WHERE sync_id = ?";
    }
}
