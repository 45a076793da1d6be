package io.github.cameliterable.examples.routes;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.cameliterable.IterableSyncException;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.dataformat.JsonLibrary;

/**
 * Alerts: a users sync that must not lose a record. {@code maxFailedRecords=0} turns a single failed record into an
 * {@link IterableSyncException} carrying the run's {@link SyncReport}; the route's {@code onException} turns that
 * report into a Slack-style webhook message ({@code {"text": "..."}}) and posts it to {@code examples.alerts.uri}:
 * a log by default, {@code https://hooks.slack.com/services/...} with camel-http in production.
 */
public class AlertsRoute extends RouteBuilder {
    @Override
    public void configure() {
        onException(IterableSyncException.class)
                .handled(true)
                .process(AlertsRoute::alert)
                .marshal()
                .json(JsonLibrary.Jackson)
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                .setHeader(Exchange.HTTP_METHOD, constant("POST"))
                // a placeholder's default cannot hold query parameters (Camel splits them off first): keep it plain
                .to("{{examples.alerts.uri:log:iterable-alerts}}");

        from("timer:users-alerted?delay={{examples.schedule.delay:5000}}&period={{examples.schedule.period:3600000}}")
                .routeId("users-alerted-schedule")
                .autoStartup("{{examples.schedule.enabled:true}}")
                .to("direct:users-alerted");

        from("direct:users-alerted").routeId("users-alerted")
                .to("sql:select email, first_name, plan from customers?outputType=StreamList")
                .to("iterable:users?syncId=users-alerted&fields=first_name:firstName,plan"
                        + "&maxFailedRecords={{examples.alerts.max-failed-records:0}}")
                .log(LoggingLevel.INFO, "iterable.sync", "${body}");
    }

    /** The webhook's message: what failed, the counts, and the first failed records with their reasons. */
    static void alert(Exchange exchange) {
        IterableSyncException failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, IterableSyncException.class);
        SyncReport report = failure.getReport();
        StringBuilder text = new StringBuilder(":rotating_light: Iterable sync failed on route ")
                .append(exchange.getFromRouteId())
                .append(": ")
                .append(failure.getMessage());
        if (report != null) {
            text.append("\n")
                    .append(report.getSyncType())
                    .append(" sync '")
                    .append(report.getSyncId())
                    .append("': ")
                    .append(report.getReceived())
                    .append(" received, ")
                    .append(report.getSucceeded())
                    .append(" succeeded, ")
                    .append(report.getFailed())
                    .append(" failed");
            text.append(report.getFailures().stream().limit(5).map(f -> "\n- " + f).collect(Collectors.joining()));
            if (report.getFatalError() != null) {
                text.append("\nstopped: ").append(report.getFatalError());
            }
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("text", text.toString());
        exchange.getMessage().setBody(message);
    }
}
