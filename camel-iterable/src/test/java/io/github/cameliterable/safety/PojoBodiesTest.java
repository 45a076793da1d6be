package io.github.cameliterable.safety;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POJO bodies with java.time and Optional values convert with the CamelContext's Jackson settings. */
class PojoBodiesTest {
    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    @TempDir
    Path state;

    public record Customer(String email, LocalDate birthday, Instant lastOrderAt, Optional<String> nickname) {
    }

    /** A getter that fails for some rows, as a lazy JPA association or a broken accessor does. */
    public record Fragile(String email, int score) {
        public int getScore() {
            if (score < 0) {
                throw new IllegalStateException("score not loaded");
            }
            return score;
        }
    }

    private static Map<?, ?> fields(String email) {
        return (Map<?, ?>) iterable.emulator().user(email).orElseThrow().get("dataFields");
    }

    @Test
    void javaTimeAndOptionalValuesReachIterable() {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.route("users", "iterable:users");
            SyncReport report = harness.sync("users", List.of(
                    new Customer("ann@example.com", LocalDate.of(2024, 5, 1), Instant.parse("2024-05-02T10:15:30Z"),
                            Optional.of("annie")),
                    new Customer("bob@example.com", LocalDate.of(2023, 1, 31), null, Optional.empty())));
            assertEquals(2, report.getSucceeded(), report.toString());
            assertEquals("2024-05-01", fields("ann@example.com").get("birthday"));
            // as a Map's Instant is sent: Iterable's date format, typed as a date (Jackson's ISO text was not)
            assertEquals("2024-05-02 10:15:30 +00:00", fields("ann@example.com").get("lastOrderAt"));
            assertEquals("date", iterable.emulator().fieldTypes().get("user").get("lastOrderAt"));
            assertEquals("annie", fields("ann@example.com").get("nickname"));
            assertNull(fields("bob@example.com").get("nickname"));
            assertEquals("date", iterable.emulator().fieldTypes().get("user").get("birthday"));
        }
    }

    @Test
    void theObjectMapperOfTheRegistryDecides() {
        ObjectMapper snakeCase = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.bind("jackson", snakeCase).route("users", "iterable:users");
            SyncReport report = harness.sync("users", new Customer[]{
                    new Customer("cy@example.com", LocalDate.of(2022, 2, 2), Instant.parse("2022-02-03T00:00:00Z"),
                            Optional.of("c"))});
            assertEquals(1, report.getSucceeded(), report.toString());
            assertEquals("c", fields("cy@example.com").get("nickname"));
            assertEquals("2022-02-02", fields("cy@example.com").get("birthday"));
            assertTrue(fields("cy@example.com").containsKey("last_order_at"), fields("cy@example.com").toString());
            assertFalse(fields("cy@example.com").containsKey("lastOrderAt"));
        }
    }

    @Test
    void aValueThatCannotConvertFailsItsRecordAloneNamingTheField() {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.route("users", "iterable:users");
            SyncReport report = harness.sync("users", List.of(new Fragile("a@example.com", 1),
                    new Fragile("b@example.com", -1), new Fragile("c@example.com", 3)));
            assertEquals(2, report.getSucceeded(), report.toString());
            assertEquals(1, report.getFailed());
            SyncReport.FailedRecord failure = report.getFailures().get(0);
            assertEquals(2, failure.index());
            assertEquals("score", failure.field());
            assertTrue(failure.reason().contains("score not loaded"), failure.reason());
            assertFalse(iterable.emulator().user("b@example.com").isPresent());
            assertEquals(3, ((Number) fields("c@example.com").get("score")).intValue());
        }
    }
}
