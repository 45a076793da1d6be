package io.github.cameliterable.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.rocksdb.RocksDB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where {@link LocalRunKeys} live: a directory each in {@code java.io.tmpdir}, named after the process, deleted with
 * the run or, for a process that is gone, by the next run of the JVM that opens one.
 */
final class RunKeysDirectories {
    private static final Logger LOG = LoggerFactory.getLogger(RunKeysDirectories.class);
    static final String PREFIX = "camel-iterable-run-keys-";
    /** Whether RocksDB's native library loads here; the store stages keys in the database when it does not. */
    static final boolean AVAILABLE = loads();

    private RunKeysDirectories() {
    }

    /** Deletes the directories of runs whose process is gone (a killed JVM leaves its run's keys behind). */
    static void deleteAbandoned(Path tmp) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, PREFIX + "*")) {
            for (Path dir : dirs) {
                String rest = dir.getFileName().toString().substring(PREFIX.length());
                int dash = rest.indexOf('-');
                try {
                    long pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
                    if (ProcessHandle.of(pid).isEmpty()) {
                        LOG.info("Deleting {}, the keys of a run whose process is gone", dir);
                        delete(dir);
                    }
                } catch (NumberFormatException e) {
                    // not one of ours
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not look for abandoned run keys in {}: {}", tmp, e.toString());
        }
    }

    static void delete(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not delete the run's keys in {}: {}", directory, e.toString());
        }
    }

    private static boolean loads() {
        try {
            RocksDB.loadLibrary();
            return true;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LOG.warn("RocksDB's native library does not load here ({}): runs of a JDBC state store stage their keys in the"
                    + " database, which is slower", e.toString());
            return false;
        }
    }
}
