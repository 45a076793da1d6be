package io.github.cameliterable.emulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The extension restores the emulator before each test: a fault plan or a switch one test sets is not met by the next
 * (a leaked plan answered the next test's requests 429, and a request that broke the contract was then answered 429
 * before the contract was checked: its test passed).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmulatorExtensionTest {
    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    private static boolean contractModeAsBuilt;

    @Test
    @Order(1)
    void aTestSetsAFaultPlanAndSwitches() throws Exception {
        contractModeAsBuilt = iterable.emulator().contractMode();
        iterable.emulator()
                .faults(FaultPlan.builder().endpoint("/api/users/bulkUpdate", new FaultPlan.Rates(1.0, 0, 0, 0)).build())
                .rateLimits(false)
                .contractMode(false);
        assertEquals(429, bulkUpdate());
        assertFalse(iterable.emulator().rateLimits());
    }

    @Test
    @Order(2)
    void theNextTestMeetsTheEmulatorAsBuilt() throws Exception {
        assertEquals(200, bulkUpdate(), "the last test's fault plan is gone");
        assertTrue(iterable.emulator().rateLimits());
        assertEquals(contractModeAsBuilt, iterable.emulator().contractMode());
        assertEquals(1, iterable.emulator().users().size());
    }

    private static int bulkUpdate() throws Exception {
        IterableEmulator emulator = iterable.emulator();
        HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.baseUri() + "/api/users/bulkUpdate"))
                .header("Api-Key", emulator.apiKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"users\":[{\"email\":\"ann@example.com\",\"dataFields\":{}}]}"))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
