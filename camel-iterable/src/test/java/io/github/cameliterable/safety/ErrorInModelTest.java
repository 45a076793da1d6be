package io.github.cameliterable.safety;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An Error of the JVM (an OutOfMemoryError, a class missing) while a model is read fails its exchange, and nothing
 * is removed for it. Before (a probe of 2026-12-04), the run was sealed as if the model ended there: the exchange
 * completed with a report of the rows read (4,500 of 5,000) and no word of the error.
 */
class ErrorInModelTest {
    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    @TempDir
    Path state;

    private static List<Map<String, Object>> users(int count) {
        List<Map<String, Object>> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(Map.of("email", "user" + i + "@example.com", "plan", "pro"));
        }
        return users;
    }

    /** The model's rows, and an Error instead of the row after the first {@code rows}. */
    private static Iterator<Map<String, Object>> breakingAfter(List<Map<String, Object>> model, int rows) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < model.size();
            }

            @Override
            public Map<String, Object> next() {
                if (next >= model.size()) {
                    throw new NoSuchElementException();
                }
                if (next == rows) {
                    throw new OutOfMemoryError("Java heap space (thrown by the test)");
                }
                return model.get(next++);
            }
        };
    }

    @Test
    void anErrorWhileTheModelIsReadFailsTheExchangeAndRemovesNothing() {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.route("users", "iterable:users?snapshot=true&deleteBehavior=delete&maxRemovalPercent=100");
            List<Map<String, Object>> model = users(500);
            assertEquals(500, harness.sync("users", model).getSucceeded());

            Exception failed = assertThrows(Exception.class, () -> harness.sync("users", breakingAfter(model, 450)));
            List<String> messages = new ArrayList<>();
            for (Throwable t = failed; t != null; t = t.getCause()) {
                messages.add(String.valueOf(t.getMessage()));
            }
            assertTrue(messages.stream()
                    .anyMatch(m -> m.startsWith("The run stopped on an error of the JVM while reading"
                            + " the model: java.lang.OutOfMemoryError: Java heap space (thrown by the test)")),
                    messages.toString());
            assertEquals(0, iterable.emulator().deleted().size(), "nothing removed for a model read in part");

            // the run loop goes on: the next body is synced, the state whole
            SyncReport next = harness.sync("users", model);
            assertEquals(500, next.getUnchanged(), next.toString());
            assertEquals(0, next.getRemoved(), next.toString());
        }
    }
}
