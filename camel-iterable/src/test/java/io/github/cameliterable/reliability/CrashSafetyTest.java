package io.github.cameliterable.reliability;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.cameliterable.emulator.FaultPlan;
import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JVM killed in the middle of a run loses nothing: a separate JVM ({@link CrashingSync}) syncs 3,000 users into
 * a slow emulator of this JVM and is killed with {@code destroyForcibly()} once part of them landed; the next run,
 * here, over the same state directory, sends what was not acknowledged, and a later snapshot still detects removals.
 */
@ExtendWith(NoApiKeyInLogs.class)
class CrashSafetyTest {
    static final int USERS = 3_000;

    @TempDir
    Path work;

    @Test
    void aKilledRunLosesNothingAndRemovalsAreStillDetected() throws Exception {
        try (IterableEmulator iterable = IterableEmulator.builder()
                .apiKey(Reliability.API_KEY)
                .rateLimits(false)
                .faults(FaultPlan.builder().latencyMillis(100).build())
                .start()) {
            Path state = work.resolve("state");
            Path childLog = work.resolve("child.log");
            ProcessBuilder builder = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"),
                    CrashingSync.class.getName(), iterable.baseUri(), state.toString(), String.valueOf(USERS))
                    .redirectErrorStream(true)
                    .redirectOutput(childLog.toFile());
            builder.environment().put("ITERABLE_API_KEY", Reliability.API_KEY);
            Process child = builder.start();

            // kill it once a part, not all, of the users landed
            while (iterable.users().size() < USERS / 2 && child.isAlive()) {
                Thread.sleep(20);
            }
            assertTrue(child.isAlive(), "the child ended before it could be killed:\n" + tail(childLog));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            int landedBeforeCrash = iterable.users().size();
            assertTrue(landedBeforeCrash < USERS, "killed mid-run: " + landedBeforeCrash);
            String log = Files.readString(childLog);
            assertFalse(log.contains("SYNC FINISHED"), "the run was killed before it finished");
            assertFalse(log.contains(Reliability.API_KEY), "the child's log holds the API key");
            iterable.faults(FaultPlan.none());

            try (SyncHarness harness = new SyncHarness(iterable, state, null)) {
                harness.route("users", CrashingSync.URI);
                SyncReport next = harness.sync("users", Reliability.users(1, USERS));
                System.out.printf("crash: %d of %d users landed before the kill; the next run: %s%n", landedBeforeCrash,
                        USERS, next);
                assertEquals(USERS, iterable.users().size(), "every record ends in Iterable: " + next);
                assertEquals(0, next.getFailed(), next.toString());
                assertEquals(0, next.getRemoved(), "the crashed run's keys are not mistaken for removals");
                assertEquals(USERS, next.getNew() + next.getUnchanged(), next.toString());
                assertEquals(next.getNew(), next.getSucceeded());
                assertTrue(next.getUnchanged() > 0, "what the crashed run had acknowledged is not sent again: " + next);
                assertTrue(next.getNew() >= USERS - landedBeforeCrash, "what had not landed is sent: " + next);

                // a later snapshot without the last 100 users: they are removed, and deleted (deleteBehavior=delete)
                SyncReport later = harness.sync("users", Reliability.users(1, USERS - 100));
                assertEquals(100, later.getRemoved(), later.toString());
                assertEquals(USERS - 100, later.getUnchanged());
                assertEquals(100, iterable.deleted().size());
                assertEquals(List.copyOf(Reliability.users(USERS - 99, USERS)
                        .stream()
                        .map(u -> (String) u.get("email"))
                        .toList()),
                        iterable.deleted().stream().sorted((a, b) -> Integer.compare(number(a), number(b))).toList());
                assertEquals(USERS - 100, iterable.users().size());
            }
        }
    }

    private static int number(String email) {
        return Integer.parseInt(email.replaceAll("\\D", ""));
    }

    private static String tail(Path log) throws Exception {
        List<String> lines = Files.readAllLines(log);
        return String.join(File.separator.equals("/") ? "\n" : "\r\n",
                lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
