package io.github.cameliterable.safety;

import java.nio.file.Path;

import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.support.LogCapture;
import io.github.cameliterable.support.SyncHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deleteBehavior applies to users and catalog; on another sync type it starts (a component-wide setting meant for
 * users endpoints reaches every endpoint) with a WARN naming what it does not do. Before, it was accepted silently. The
 * same for a listName beside a listId.
 */
class IgnoredOptionsTest {
    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    @TempDir
    Path state;

    @Test
    void deleteBehaviorOnAListIsWarnedAbout() {
        try (LogCapture logs = new LogCapture();
                SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.route("vip", "iterable:lists?listName=vip&snapshot=true&deleteBehavior=delete")
                    .route("users", "iterable:users?deleteBehavior=delete&snapshot=true");
            harness.camel();
            assertTrue(logs.lines()
                    .stream()
                    .anyMatch(line -> line.contains("deleteBehavior=delete has no effect on"
                            + " iterable:lists")),
                    "no warning");
            assertFalse(logs.lines().stream().anyMatch(line -> line.contains("has no effect on iterable:users")),
                    "users take deleteBehavior");
        }
    }

    /** A listName beside a listId was dropped without a word (fifth probe): the id decides, and the log says so. */
    @Test
    void aListNameBesideAListIdIsWarnedAbout() {
        try (LogCapture logs = new LogCapture();
                SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.route("ids", "iterable:lists?listId=1000&listName=vip")
                    .route("named", "iterable:lists?listName=newsletter");
            harness.camel();
            assertTrue(logs.lines()
                    .stream()
                    .anyMatch(line -> line.contains("listName='vip' has no effect on iterable:lists with listId=1000")),
                    "no warning");
            assertFalse(logs.lines().stream().anyMatch(line -> line.contains("listName='newsletter'")),
                    "a listName alone is the list's name");
        }
    }
}
