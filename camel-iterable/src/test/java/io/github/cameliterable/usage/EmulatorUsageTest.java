package io.github.cameliterable.usage;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.github.cameliterable.emulator.EmulatorHttp;
import io.github.cameliterable.emulator.FaultPlan;
import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.emulator.ProjectType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The emulator used as docs/emulator.md shows it outside JUnit's extension; the page quotes the marked regions. */
class EmulatorUsageTest {

    // @formatter:off
    // example-start: without-junit
    public static void main(String[] args) {
        try (IterableEmulator emulator = IterableEmulator.builder()
                .projectType(ProjectType.EMAIL)
                .apiKey("demo-key")
                .start()) {                      // a free port; .port(8089) for a fixed one
            System.out.println("Iterable emulator on " + emulator.baseUri());
            new EmulatorHttp(emulator).post("/api/users/bulkUpdate",
                    Map.of("users", List.of(Map.of("email", "ann@example.com"))));
            System.out.println(emulator.users());  // [{email=ann@example.com, ...}]
        }
    }
    // example-end: without-junit
    // @formatter:on

    @Test
    void withoutJUnit() {
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            main(new String[0]);
        } finally {
            System.setOut(out);
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("Iterable emulator on http://127.0.0.1:"), text);
        assertTrue(text.contains("email=ann@example.com"), text);
    }

    @Test
    void faultInjection() {
        try (IterableEmulator emulator = IterableEmulator.builder().rateLimits(false).start()) {
            // @formatter:off
            // example-start: faults
            emulator.faults(FaultPlan.builder()
                    .seed(42)
                    .rate429(0.05).rate500(0.02).rate503(0.02).connectionResetRate(0.01)      // all endpoints
                    .endpoint("/api/users/bulkUpdate", new FaultPlan.Rates(0.3, 0, 0, 0))     // this one instead
                    .latencyMillis(25)                                                        // added to every answer
                    .force413Above(512 * 1024)                                                // 413 above this body size
                    .build());
            // example-end: faults
            // @formatter:on
            EmulatorHttp http = new EmulatorHttp(emulator);
            int refused = 0;
            for (int i = 0; i < 40; i++) {
                if (http.post("/api/users/bulkUpdate", Map.of("users", List.of(Map.of("email", "u" + i + "@example.com"))))
                        .status() == 429) {
                    refused++;
                }
            }
            assertTrue(refused > 0 && refused < 40, "about 30% refused with 429: " + refused);
            emulator.faults(FaultPlan.none());
            assertEquals(200, http.post("/api/users/bulkUpdate",
                    Map.of("users", List.of(Map.of("email", "last@example.com")))).status());
        }
    }
}
