package io.github.cameliterable.reliability;

import java.nio.file.Path;

import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.support.SyncHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A timeout Camel could not read as a duration ("five") reaches the endpoint as 0: refused at start, naming the
 * option. Before, every record failed with "no answer from Iterable after retries: Invalid duration: PT0S", and the
 * durable intake kept such records queued for ever.
 */
class TimeoutOptionsTest {
    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    @TempDir
    Path state;

    @Test
    void aTimeoutThatIsNotADurationIsRefusedAtStart() {
        for (String option : new String[]{"requestTimeout", "connectTimeout"}) {
            for (String value : new String[]{"five", "0"}) {
                try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
                    harness.route("users", "iterable:users?" + option + "=" + value);
                    Exception failure = assertThrows(Exception.class, harness::camel);
                    Throwable cause = failure;
                    while (!(cause instanceof IllegalArgumentException) && cause.getCause() != null) {
                        cause = cause.getCause();
                    }
                    assertEquals(value.equals("five")
                            ? "Option " + option + "='five' of iterable:users is not a duration (such as 100ms, 5s, 2m or"
                                    + " milliseconds)"
                            : option + " must be a positive duration (such as 30s); it is 0 ms (Camel reads a duration it"
                                    + " cannot parse, such as 'five', as 0)",
                            cause.getMessage());
                }
            }
        }
    }
}
