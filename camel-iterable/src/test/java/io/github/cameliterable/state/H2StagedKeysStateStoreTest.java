package io.github.cameliterable.state;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

/**
 * The state store contract on H2 with each run's keys staged in the database, as where RocksDB's native library does
 * not load (elsewhere they are kept locally, {@link LocalRunKeys}).
 */
class H2StagedKeysStateStoreTest extends JdbcStateStoreContract {

    @TempDir
    Path directory;

    @Override
    protected JdbcStateStore openStore() {
        JdbcStateStore store = JdbcStateStore.embedded(directory.resolve("state"));
        store.stageKeysInDatabase();
        return store;
    }

    @Override
    protected boolean keysKeptLocally() {
        return false;
    }
}
