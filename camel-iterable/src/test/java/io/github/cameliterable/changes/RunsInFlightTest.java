package io.github.cameliterable.changes;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.cameliterable.emulator.FaultPlan;
import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.state.JdbcStateStore;
import io.github.cameliterable.state.StateStore;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run told that nothing else of its sync is in flight may take an empty state to stay empty (a first run on
 * PostgreSQL then reads no hashes): the run loop says so only when no other run of the endpoint is open, since an
 * open run's acknowledgements may still reach the state while the new run goes on.
 */
class RunsInFlightTest {
    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    @TempDir
    Path stateDirectory;

    private SyncHarness harness;
    private JdbcStateStore real;

    @AfterEach
    void close() {
        if (harness != null) {
            harness.close();
        }
        if (real != null) {
            real.close();
        }
    }

    @Test
    void aModelThatComesWhileAnotherRunsAnswersAreInFlightWaitsForThemAndSendsNothingTwice() throws Exception {
        real = JdbcStateStore.embedded(stateDirectory.resolve("state"));
        List<AtomicBoolean> toldAlone = Collections.synchronizedList(new ArrayList<>());
        harness = new SyncHarness(iterable.emulator(), stateDirectory, null)
                .bind("store", recording(real, toldAlone))
                .route("users", "iterable:users?stateStore=#store");
        // the first run's request is answered after 2 s; the second exchange comes while it waits (an async timer
        // firing again, two threads with the same model): classified against the state as it was, it sent it all again
        iterable.emulator().faults(FaultPlan.builder().latencyMillis(2000).build());
        var template = harness.camel().createProducerTemplate();
        CompletableFuture<SyncReport> first = template.asyncRequestBody("direct:users",
                ChangeDetectionContract.customers(1, 5, "free"), SyncReport.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        // once the first run began and was told it is alone (the loop tells it right after beginRun)
        while ((toldAlone.isEmpty() || !toldAlone.get(0).get()) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        SyncReport two = template.requestBody("direct:users", ChangeDetectionContract.customers(1, 5, "free"),
                SyncReport.class);
        SyncReport one = first.get(30, TimeUnit.SECONDS);
        assertEquals(5, one.getSucceeded(), one.toString());
        assertEquals(5, two.getUnchanged(), two.toString());
        assertEquals(0, two.getSent(), two.toString());
        assertEquals(1, iterable.emulator().requestCount("/api/users/bulkUpdate"), "the five users were sent once");
        assertEquals(2, toldAlone.size());
        assertTrue(toldAlone.get(0).get(), "the first run began with nothing else in flight");
        assertTrue(toldAlone.get(1).get(), "the second run began once the first one's answers were in");

        iterable.emulator().faults(FaultPlan.none());
        SyncReport third = harness.sync("users", ChangeDetectionContract.customers(1, 6, "free"));
        assertEquals(3, toldAlone.size());
        assertTrue(toldAlone.get(2).get(), "the third run began with nothing else in flight");
        assertEquals(5, third.getUnchanged(), third.toString());
        assertEquals(1, third.getNew());
    }

    @Test
    void aModelBegunWhileAStreamsRecordIsInFlightIsNotToldItIsAlone() throws Exception {
        real = JdbcStateStore.embedded(stateDirectory.resolve("state"));
        List<AtomicBoolean> toldAlone = Collections.synchronizedList(new ArrayList<>());
        harness = new SyncHarness(iterable.emulator(), stateDirectory, null)
                .bind("store", recording(real, toldAlone))
                .route("users", "iterable:users?stateStore=#store&linger=0");
        iterable.emulator().faults(FaultPlan.builder().latencyMillis(2000).build());
        var template = harness.camel().createProducerTemplate();
        // a stream's message in flight: its acknowledgement may reach the state while the model's run goes on
        CompletableFuture<SyncReport> message = template.asyncRequestBody("direct:users",
                ChangeDetectionContract.customer(9, "pro"), SyncReport.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (iterable.emulator().requests().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        SyncReport model = template.requestBody("direct:users", ChangeDetectionContract.customers(1, 5, "free"),
                SyncReport.class);
        assertEquals(1, message.get(30, TimeUnit.SECONDS).getSucceeded());
        assertEquals(5, model.getSucceeded(), model.toString());
        assertEquals(1, toldAlone.size(), "a stream's record runs outside any staged run");
        assertFalse(toldAlone.get(0).get(), "the model began with the stream's record in flight");
    }

    /** The store, with each run's {@code nothingElseInFlight} call recorded in order of {@code beginRun}. */
    private static StateStore recording(StateStore store, List<AtomicBoolean> toldAlone) {
        return proxy(StateStore.class, store, (method, result) -> {
            if (!method.getName().equals("beginRun")) {
                return result;
            }
            AtomicBoolean told = new AtomicBoolean();

            toldAlone.add(told);
            return proxy(StateStore.Run.class, (StateStore.Run) result, (runMethod, runResult) -> {
                if (runMethod.getName().equals("nothingElseInFlight")) {
                    told.set(true);

                }
                return runResult;
            });
        });
    }

    private interface After {
        Object apply(Method method, Object result);
    }

    private static <T> T proxy(Class<T> type, T target, After after) {
        InvocationHandler handler = (self, method, args) -> {
            try {
                return after.apply(method, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, handler));
    }
}
