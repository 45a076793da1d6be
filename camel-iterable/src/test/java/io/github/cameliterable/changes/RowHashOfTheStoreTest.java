package io.github.cameliterable.changes;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.mapping.FieldMapping;
import io.github.cameliterable.mapping.MatchBy;
import io.github.cameliterable.mapping.ProjectType;
import io.github.cameliterable.mapping.SourceRecord;
import io.github.cameliterable.state.Fingerprint;
import io.github.cameliterable.state.RecordClass;
import io.github.cameliterable.state.RocksStateStore;
import io.github.cameliterable.state.RowHash;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An endpoint hashes its records with its state store's function: XXH3-128 over the JSON sent in an embedded store made
 * by this version,
 * SHA-256 in one an earlier version made (whose hashes are SHA-256's), so an upgrade does not make every record of an
 * existing state look changed, and a new state gets the faster hash.
 */
class RowHashOfTheStoreTest {
    private static final String URI = "iterable:users?syncId=people&snapshot=true&stateStore=#store";
    private static final Map<String, Object> ROW = Map.of("EMAIL", "ann@example.com", "PLAN", "pro", "SEATS", 3);

    @TempDir
    Path directory;

    @Test
    void aNewEmbeddedStoreGetsHashesOfTheJsonSent() throws Exception {
        assertStoredHash(directory.resolve("new"), false, RowHash.Function.XXH3_128_JSON);
    }

    @Test
    void anEarlierVersionsEmbeddedStoreKeepsSha256Hashes() throws Exception {
        Path state = directory.resolve("earlier");
        try (RocksStateStore made = RocksStateStore.open(state)) {
            assertEquals(RowHash.Function.XXH3_128_JSON, made.rowHash());
        }
        assertStoredHash(state, true, RowHash.Function.SHA_256);
    }

    private void assertStoredHash(Path state, boolean earlierVersion, RowHash.Function expected) throws Exception {
        if (earlierVersion) {
            forgetRowHashMark(state);
        }
        try (IterableEmulator emulator = IterableEmulator.start();
                RocksStateStore store = RocksStateStore.open(state);
                SyncHarness harness = new SyncHarness(emulator, directory, null)) {
            assertEquals(expected, store.rowHash());
            harness.bind("store", store).route("users", URI);
            SyncReport first = harness.sync("users", List.of(ROW));
            assertEquals(1, first.getSucceeded(), first.toString());
            SyncReport again = harness.sync("users", List.of(ROW));
            assertEquals(1, again.getUnchanged(), again.toString());
            // the state holds the hash of the store's function, not the other's
            for (RowHash.Function function : RowHash.Function.values()) {
                String hash = new FieldMapping(new FieldMapping.Settings(ProjectType.email, MatchBy.email, "email",
                        "userId", "email", null, Set.of(), true, false), new ObjectMapper(), function)
                        .map(new SourceRecord(0, ROW))
                        .hash();
                assertEquals(function == expected ? RecordClass.UNCHANGED : RecordClass.CHANGED,
                        store.classify("people", List.of(new Fingerprint("ann@example.com", hash, null))).get(0),
                        function.name());
            }
        }
    }

    /** What an earlier version's database looks like: no row-hash mark (RocksDB opened as is, every family kept). */
    private static void forgetRowHashMark(Path state) throws Exception {
        String path = state.resolve(RocksStateStore.DATABASE_NAME).toString();
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (Options options = new Options();
                DBOptions dbOptions = new DBOptions()) {
            List<ColumnFamilyDescriptor> families = RocksDB.listColumnFamilies(options, path)
                    .stream()
                    .map(ColumnFamilyDescriptor::new)
                    .toList();
            try (RocksDB db = RocksDB.open(dbOptions, path, families, handles)) {
                db.delete("row-hash".getBytes(StandardCharsets.UTF_8));
                handles.forEach(ColumnFamilyHandle::close);
            }
        }
    }
}
