package io.github.cameliterable.state;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state store contract on an H2 file database (the embedded store of earlier versions), plus what a killed JVM
 * leaves behind.
 */
class H2StateStoreTest extends JdbcStateStoreContract {

    @TempDir
    Path directory;

    @Override
    protected JdbcStateStore openStore() {
        return JdbcStateStore.embedded(directory.resolve("state"));
    }

    @Test
    void acknowledgedStateSurvivesAKilledJvm() throws Exception {
        KilledJvm.assertAcknowledgedStateSurvives("h2", directory.resolve("killed"));
    }
}
