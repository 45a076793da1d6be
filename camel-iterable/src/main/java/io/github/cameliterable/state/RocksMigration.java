package io.github.cameliterable.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link RocksStateStore} takes over from the H2 files of earlier versions: the state file
 * ({@code iterable-state.mv.db}: state and first-seen keys) and the durable intake's file
 * ({@code intake/iterable-state.mv.db}: queued and failed records, drained once into the RocksDB intake). Each file is
 * renamed {@code .migrated} once its content is in RocksDB.
 */
final class RocksMigration {
    static final String MIGRATED_SUFFIX = ".migrated";
    /** The directory of the H2 intake file of earlier versions, inside the state directory. */
    static final String H2_INTAKE_DIRECTORY = "intake";

    private static final Logger LOG = LoggerFactory.getLogger(RocksMigration.class);

    private RocksMigration() {
    }

    static Path h2File(Path directory) {
        return directory.resolve(JdbcStateStore.EMBEDDED_DATABASE_NAME + ".mv.db");
    }

    static void migrateState(RocksStateStore store, Path h2File) {
        Path dir = h2File.getParent();
        LOG.info("State directory {}: migrating the H2 state file of an earlier version into {}", dir,
                RocksStateStore.DATABASE_NAME);
        long[] counts = new long[2];
        List<byte[]> pending = new ArrayList<>();
        try (JdbcStateStore old = JdbcStateStore.embedded(dir)) {
            old.exportState((syncId, fp, firstSeen, lastSeen) -> {
                pending.add(RocksKeys.key(RocksKeys.syncPrefix(syncId), fp.primaryKey()));
                pending.add(StoredState.encode(fp.primaryKey(), fp.hash(), fp.identity(), firstSeen.getEpochSecond(),
                        lastSeen.getEpochSecond()));
                counts[0]++;
                if (pending.size() >= 20_000) {
                    putAll(store, store.state, pending);
                }
            });
            putAll(store, store.state, pending);
            old.exportFirstSeen((syncId, messageId, confirmed) -> {
                pending.add(RocksKeys.key(RocksKeys.syncPrefix(syncId), messageId));
                pending.add(RocksFirstSeenRepository.value(
                        confirmed ? RocksFirstSeenRepository.CONFIRMED : RocksFirstSeenRepository.PENDING));
                counts[1]++;
            });
            putAll(store, store.firstSeen, pending);
        }
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            store.db().flush(flush, List.of(store.state, store.firstSeen));
        } catch (RocksDBException e) {
            throw store.failure("flush the migrated state", e);
        }
        rename(h2File);
        LOG.info("State directory {}: migrated {} state rows and {} first-seen keys; the H2 file is now {}{}", dir,
                counts[0], counts[1], h2File.getFileName(), MIGRATED_SUFFIX);
    }

    /**
     * Drains the H2 intake of an earlier version into {@code queue} in one write (claimed records are queued again, as
     * after a crash), then renames the file; a crash before the rename drains nothing twice (the queue remembers it).
     */
    static void drainIntake(RocksStateStore store, RocksIntakeQueue queue, Path intakeDirectory) {
        Path h2File = h2File(intakeDirectory);
        if (!queue.drainedH2()) {
            List<String[]> queued = new ArrayList<>();
            List<String[]> failed = new ArrayList<>();
            try (JdbcStateStore old = JdbcStateStore.embedded(intakeDirectory)) {
                StateSql sql = old.sql();
                old.db().withConnection("read the queued records for a migration", c -> {
                    read(c.prepareStatement("SELECT sync_id, record FROM " + sql.intakeTable + " ORDER BY id"), 2, queued);
                    read(c.prepareStatement("SELECT sync_id, record, id, primary_key, field, reason FROM "
                            + sql.failedTable + " ORDER BY failed_at, id"), 6, failed);
                    return null;
                });
            }
            queue.restore(queued, failed);
            LOG.info("State directory {}: drained the H2 intake of an earlier version into {}: {} queued and {} failed"
                    + " records", intakeDirectory.getParent(), RocksStateStore.DATABASE_NAME, queued.size(), failed.size());
        }
        rename(h2File);
    }

    private static void read(PreparedStatement ps, int columns, List<String[]> rows) throws java.sql.SQLException {
        try (ps; ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String[] row = new String[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = rs.getString(i + 1);
                }
                rows.add(row);
            }
        }
    }

    private static void rename(Path h2File) {
        try {
            Files.move(h2File, h2File.resolveSibling(h2File.getFileName() + MIGRATED_SUFFIX),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Migrated the state, but cannot rename " + h2File, e);
        }
    }

    /** Writes alternating keys and values in one batch, and empties the list. */
    private static void putAll(RocksStateStore store, ColumnFamilyHandle family, List<byte[]> keysAndValues) {
        store.write(store.durable, batch -> {
            for (int i = 0; i < keysAndValues.size(); i += 2) {
                batch.put(family, keysAndValues.get(i), keysAndValues.get(i + 1));
            }
        });
        keysAndValues.clear();
    }

    static void deleteDatabase(Path dir) {
        try (var paths = Files.walk(dir.resolve(RocksStateStore.DATABASE_NAME))) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Cannot delete the half-migrated state {}: {}", dir.resolve(RocksStateStore.DATABASE_NAME),
                    e.getMessage());
        }
    }
}
