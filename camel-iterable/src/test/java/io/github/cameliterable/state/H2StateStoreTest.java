package io.github.cameliterable.state;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

/** The state store contract on the embedded H2 file database. */
class H2StateStoreTest extends StateStoreContract {

    @TempDir
    Path directory;

    @Override
    protected JdbcStateStore openStore() {
        return JdbcStateStore.embedded(directory.resolve("state"));
    }
}
