package io.github.cameliterable.safety;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.state.IntakeQueue;
import io.github.cameliterable.state.RocksStateStore;
import io.github.cameliterable.state.StateStore;
import io.github.cameliterable.support.Proxies;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An Error of the JVM (an OutOfMemoryError) on the run loop's thread outside the reading of a model, here while an
 * acknowledgement is written: the exchanges open on the endpoint fail with it and the loop goes on. Before (a probe of
 * 2026-12-04: two endpoints of one syncId in a 64 MB heap), the loop's thread died or its run was left open, and the
 * exchange waited for ever.
 */
class ErrorInLoopTest {
    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    @TempDir
    Path state;

    @Test
    void anErrorOnTheLoopFailsTheOpenExchangesAndTheLoopGoesOn() throws Exception {
        try (RocksStateStore store = RocksStateStore.open(state.resolve("state"));
                SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.bind("store", failingFirstAcknowledgement(store)).route("users", "iterable:users?stateStore=#store");
            CompletableFuture<SyncReport> first = harness.camel()
                    .createProducerTemplate()
                    .asyncRequestBody("direct:users", Map.of("email", "ann@example.com", "plan", "pro"), SyncReport.class);
            ExecutionException failed = assertThrows(ExecutionException.class, () -> first.get(30, TimeUnit.SECONDS));
            StringBuilder messages = new StringBuilder();
            for (Throwable t = failed; t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append(" | ");
            }
            assertTrue(messages.toString().contains("OutOfMemoryError: Java heap space (thrown by the test)"),
                    messages.toString());
            SyncReport next = harness.sync("users", Map.of("email", "bob@example.com", "plan", "pro"));
            assertEquals(1, next.getSucceeded(), next.toString());
        }
    }

    /**
     * An Error outside any run (the durable intake's claim) killed the loop's thread: nothing queued was ever sent. The
     * loop goes on now, and the queued user reaches Iterable.
     */
    @Test
    void anErrorOutsideAnyRunLeavesTheLoopGoingOn() throws Exception {
        try (RocksStateStore store = RocksStateStore.open(state.resolve("state"));
                SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.bind("store", failingFirstClaim(store))
                    .route("users", "iterable:users?stateStore=#store&durableIntake=true");
            harness.sync("users", Map.of("email", "cy@example.com", "plan", "pro"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (iterable.emulator().user("cy@example.com").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(iterable.emulator().user("cy@example.com").isPresent(), "the queued user was sent");
        }
    }

    /** The store, whose durable intake's first claim throws an OutOfMemoryError. */
    private static StateStore failingFirstClaim(StateStore store) {
        AtomicBoolean thrown = new AtomicBoolean();
        IntakeQueue failing = Proxies.passingOn(IntakeQueue.class, store.intakeQueue(), (method, args) -> {
            if (method.getName().equals("claim") && thrown.compareAndSet(false, true)) {
                throw new OutOfMemoryError("Java heap space (thrown by the test)");
            }
            return Proxies.PASS;
        });
        return Proxies.passingOn(StateStore.class, store,
                (method, args) -> method.getName().equals("intakeQueue") ? failing : Proxies.PASS);
    }

    /** The store, whose first stream acknowledgement throws an OutOfMemoryError. */
    private static StateStore failingFirstAcknowledgement(StateStore store) {
        AtomicBoolean thrown = new AtomicBoolean();
        return Proxies.passingOn(StateStore.class, store, (method, args) -> {
            if (method.getName().equals("acknowledge") && thrown.compareAndSet(false, true)) {
                throw new OutOfMemoryError("Java heap space (thrown by the test)");
            }
            return Proxies.PASS;
        });
    }
}
