package io.github.cameliterable.examples;

import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.examples.routes.AlertsRoute;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run with a failed record alerts the webhook with the report; a clean run does not. */
class AlertsRouteTest {

    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    @TempDir
    Path state;

    private ExampleCamel camel() throws Exception {
        ExampleCamel camel = new ExampleCamel(iterable.emulator(), state).property("examples.alerts.uri", "mock:alerts");
        camel.add(new AlertsRoute());
        camel.camel.start();
        return camel;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFailedRecordPostsTheReportToTheWebhook() throws Exception {
        try (ExampleCamel camel = camel()) {
            camel.warehouse.execute("INSERT INTO customers VALUES (900, 'u-00900', 'not-an-email', 'Bad', 'Row',"
                    + " 'Nowhere', 'free', 0, TIMESTAMP '2026-01-01 00:00:00')");
            MockEndpoint alerts = camel.camel.getEndpoint("mock:alerts", MockEndpoint.class);
            alerts.expectedMessageCount(1);
            alerts.expectedHeaderReceived(Exchange.CONTENT_TYPE, "application/json");

            Object body = camel.camel.createProducerTemplate().requestBody("direct:users-alerted", (Object) null);
            alerts.assertIsSatisfied();

            Map<String, Object> message = new ObjectMapper().readValue(
                    alerts.getExchanges().get(0).getMessage().getBody(String.class), Map.class);
            String text = (String) message.get("text");
            assertTrue(text.startsWith(":rotating_light: Iterable sync failed on route users-alerted"), text);
            assertTrue(text.contains("201 received, 200 succeeded, 1 failed"), text);
            assertTrue(text.contains("not-an-email"), text);
            // the other customers still landed: the threshold alerts, it does not roll back
            assertEquals(200, iterable.emulator().users().size());
            assertFalse(body instanceof SyncReport, "handled by onException: the body is the alert, not a report");
        }
    }

    @Test
    void aCleanRunAlertsNobody() throws Exception {
        try (ExampleCamel camel = camel()) {
            MockEndpoint alerts = camel.camel.getEndpoint("mock:alerts", MockEndpoint.class);
            alerts.expectedMessageCount(0);
            SyncReport report = camel.camel.createProducerTemplate()
                    .requestBody("direct:users-alerted", null, SyncReport.class);
            assertEquals(200, report.getSucceeded(), report.toString());
            alerts.assertIsSatisfied();
            assertNull(report.getFatalError());
        }
    }
}
