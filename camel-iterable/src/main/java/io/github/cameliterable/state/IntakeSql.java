package io.github.cameliterable.state;

/**
 * The statements of the durable intake ({@link JdbcIntakeQueue}) on the tables {@link StateSql} names and creates:
 * the queue and its failed records. Portable: H2 and PostgreSQL run the same text.
 */
record IntakeSql(String intakeTable, String failedTable) {

    /** Parameters: sync_id, record, queued_at. */
    String insertIntake() {
        return "INSERT INTO " + intakeTable + " (sync_id, claimed, record, queued_at) VALUES (?, FALSE, ?, ?)";
    }

    /**
     * The oldest unclaimed rows of a sync, locked; rows another sender holds locked are skipped rather than waited
     * for (RudderStack's jobs table), so that senders never claim a row twice. Parameters: sync_id, limit.
     */
    String selectClaimable() {
        return "SELECT id, record FROM " + intakeTable + " WHERE sync_id = ? AND claimed = FALSE ORDER BY id"
                + " FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED";
    }

    /** Parameters: id. */
    String deleteIntake() {
        return "DELETE FROM " + intakeTable + " WHERE id = ?";
    }

    /** Copies a queued row to the failed records. Parameters: primary_key, field, reason, failed_at, id. */
    String insertFailed() {
        return "INSERT INTO " + failedTable + " (id, sync_id, primary_key, field, reason, record, failed_at)"
                + " SELECT id, sync_id, ?, ?, ?, record, ? FROM " + intakeTable + " WHERE id = ?";
    }

    String countIntake() {
        return "SELECT COUNT(*) FROM " + intakeTable + " WHERE sync_id = ?";
    }

    String countFailed() {
        return "SELECT COUNT(*) FROM " + failedTable + " WHERE sync_id = ?";
    }

    /** Parameters: sync_id, limit. */
    String selectFailed() {
        return "SELECT id, primary_key, field, reason, record FROM " + failedTable + " WHERE sync_id = ?"
                + " ORDER BY failed_at DESC, id DESC FETCH FIRST ? ROWS ONLY";
    }
}
