package io.github.cameliterable.safety;

import java.nio.file.Path;

import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.support.SyncHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Camel reads a number from a text as a duration, so {@code listId=abc} was list 0 and {@code linger=abc} 0 ms, both
 * silently; values out of range were accepted. Each is refused as the route starts, naming the option and the value.
 */
class OptionValuesTest {
    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    @TempDir
    Path state;

    private String refusal(String uri) {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.route("r", uri);
            Throwable cause = assertThrows(Exception.class, harness::camel);
            while (!(cause instanceof IllegalArgumentException) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            return cause.getMessage();
        }
    }

    @Test
    void aNumberOrADurationThatIsNotOneIsRefused() {
        assertEquals("Option listId='abc' of iterable:lists is not a whole number", refusal("iterable:lists?listId=abc"));
        assertEquals("Option campaignId='abc' of iterable:events is not a whole number",
                refusal("iterable:events?eventName=e&campaignId=abc"));
        assertEquals("Option batchSize='12.5' of iterable:users is not a whole number",
                refusal("iterable:users?batchSize=12.5"));
        assertEquals("Option linger='abc' of iterable:users is not a duration (such as 100ms, 5s, 2m or milliseconds)",
                refusal("iterable:users?linger=abc"));
    }

    /** A URI whose options follow the type without a '?': refused as such, not as a missing API key (the probe's). */
    @Test
    void optionsWithoutAQuestionMarkAreRefusedAsSuchWithoutTheirValues() {
        String refusal = refusal("iterable:users&syncId=people&apiKey=pk_probe_0123456789abcdef");
        assertEquals("The URI iterable:users&... has options without a '?' before them: write"
                + " iterable:users?option=value&option=value", refusal);
        assertEquals("The URI iterable:lists&... has options without a '?' before them: write"
                + " iterable:lists?option=value&option=value", refusal("iterable:lists=vip"));
    }

    @Test
    void aValueOutOfItsRangeIsRefused() {
        assertEquals("Option maxRemovalPercent=150 of iterable:users must be between 0 and 100",
                refusal("iterable:users?snapshot=true&maxRemovalPercent=150"));
        assertEquals("Option batchSize=-5 of iterable:users must be at least 0", refusal("iterable:users?batchSize=-5"));
        assertEquals("Option linger=-1 of iterable:users must be at least 0", refusal("iterable:users?linger=-1"));
        assertEquals("Option maxConcurrentRequests=0 of iterable:users must be at least 1",
                refusal("iterable:users?maxConcurrentRequests=0"));
        assertEquals("Option listId=0 of iterable:lists must be an id Iterable gave (a positive number)",
                refusal("iterable:lists?listId=0"));
        assertEquals("Option campaignId=3000000000 of iterable:events must be at most 2147483647 for purchases (a 32-bit id"
                + " in Iterable's trackPurchase)", refusal("iterable:events?eventType=purchase&campaignId=3000000000"));
    }

    @Test
    void durationsInCamelsFormsAreTaken() throws Exception {
        for (String linger : new String[]{"250", "250ms", "5s", "1m30s", "PT0.5S"}) {
            try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
                harness.route("r", "iterable:users?linger=" + linger);
                harness.camel();
            }
        }
    }
}
