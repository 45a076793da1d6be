package io.github.cameliterable.sync;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.cameliterable.IterableComponent;
import io.github.cameliterable.client.ApiEndpoint;
import io.github.cameliterable.client.ClientSettings;
import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.support.SyncHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stream's user actions over the daily cap, through the durable intake: the deferred records stay queued and are
 * claimed again as the cap's sliding 24 hours give allowances back, without a restart of the endpoint.
 */
class DurableIntakeDeferredTest {
    @TempDir
    Path state;

    private final long retryNanos = DurableIntake.deferredRetryNanos;

    @AfterEach
    void restoreRetry() {
        DurableIntake.deferredRetryNanos = retryNanos;
    }

    @Test
    void forgetsOverTheDailyCapAreSentOnceTheCapAllowsWithoutARestart() throws Exception {
        DurableIntake.deferredRetryNanos = TimeUnit.MILLISECONDS.toNanos(200);
        try (IterableEmulator emulator = IterableEmulator.start();
                SyncHarness harness = new SyncHarness(emulator, state, null)) {
            harness.route("forget", "iterable:userActions?mode=forget&dailyActionCap=3&durableIntake=true");
            for (int i = 1; i <= 5; i++) {
                SyncReport queued = harness.sync("forget", Map.of("EMAIL", "user" + i + "@example.com"));
                assertEquals(1, queued.getQueued(), queued.toString());
            }
            await(() -> emulator.forgotten().size() == 3, "three forgets within the cap");
            Thread.sleep(1000); // the other two are claimed again and deferred again, several times
            assertEquals(3, emulator.forgotten().size(), "the cap holds: " + emulator.forgotten());

            // a day later, as far as the cap goes: two of its 24 hours' calls age out
            String fingerprint = new ClientSettings(URI.create(emulator.baseUri()), emulator.apiKey(), null, null, null,
                    null).apiKeyFingerprint();
            IterableComponent component = harness.camel().getComponent("iterable", IterableComponent.class);
            component.getDailyCaps().giveBack(fingerprint, ApiEndpoint.USERS_FORGET);
            component.getDailyCaps().giveBack(fingerprint, ApiEndpoint.USERS_FORGET);
            await(() -> emulator.forgotten().size() == 5, "the deferred forgets sent once the cap allowed them");
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(condition.getAsBoolean(), what);
    }
}
