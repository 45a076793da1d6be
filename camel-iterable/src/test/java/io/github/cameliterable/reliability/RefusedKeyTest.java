package io.github.cameliterable.reliability;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.github.cameliterable.IterableSyncException;
import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 401 and 403 stop the run at once: no retry, no further request, a message that says what to check. */
@ExtendWith(NoApiKeyInLogs.class)
class RefusedKeyTest {
    @TempDir
    Path state;

    @Test
    void a401StopsTheRunAfterItsFirstRequest() throws Exception {
        try (IterableEmulator iterable = IterableEmulator.builder().apiKey("another-key").rateLimits(false).start()) {
            IterableSyncException stopped = run(iterable.baseUri(), "users",
                    "changeDetection=false&batchSize=10&maxConcurrentRequests=1",
                    Reliability.users(1, 100));
            assertEquals(1, iterable.requestCount("/api/"), "no retry and no other batch after a 401");
            assertTrue(stopped.getMessage().contains("401"), stopped.getMessage());
            assertTrue(stopped.getMessage().contains("Invalid API key"), stopped.getMessage());
            SyncReport report = stopped.getReport();
            assertEquals(0, report.getSucceeded());
            assertEquals(0, report.getRetries());
            assertTrue(report.getFatalError().contains("401"), report.toString());
        }
    }

    @Test
    void a401OnSingleRecordCallsStopsTheRunToo() throws Exception {
        try (IterableEmulator iterable = IterableEmulator.builder().apiKey("another-key").rateLimits(false).start()) {
            IterableSyncException stopped = run(iterable.baseUri(), "userActions",
                    "mode=delete&maxConcurrentRequests=1&stateDirectory=" + state,
                    Reliability.users(1, 20));
            assertEquals(1, iterable.requestCount("/api/"), "no retry and no other delete after a 401");
            assertTrue(stopped.getMessage().contains("401"), stopped.getMessage());
        }
    }

    @Test
    void a403StopsTheRunWithoutRetry() throws Exception {
        WireMockServer server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        try {
            server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(403)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"msg\":\"This API key does not have server-side permissions\",\"code\":\"Forbidden\"}")));
            IterableSyncException stopped = run("http://127.0.0.1:" + server.port(), "users",
                    "changeDetection=false&batchSize=10&maxConcurrentRequests=1", Reliability.users(1, 50));
            assertEquals(1, server.findAll(anyRequestedFor(anyUrl())).size());
            assertTrue(stopped.getMessage().contains("403"), stopped.getMessage());
        } finally {
            server.stop();
        }
    }

    private static IterableSyncException run(String baseUri, String type, String options, List<Map<String, Object>> body)
            throws Exception {
        CamelContext camel = new DefaultCamelContext();
        String uri = "iterable:" + type + "?apiKey=" + Reliability.API_KEY + "&baseUri=" + baseUri + "&"
                + Reliability.FAST_RETRIES + "&" + options;
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:sync").to(uri);
            }
        });
        camel.start();
        try {
            CamelExecutionException failed = assertThrows(CamelExecutionException.class,
                    () -> camel.createProducerTemplate().requestBody("direct:sync", body));
            return assertInstanceOf(IterableSyncException.class, failed.getCause());
        } finally {
            camel.stop();
        }
    }
}
