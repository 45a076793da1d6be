package io.github.cameliterable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.cameliterable.client.SharedRateLimits;
import io.github.cameliterable.sync.SyncPipeline;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.spi.annotations.DevConsole;
import org.apache.camel.support.console.AbstractDevConsole;
import org.apache.camel.util.json.JsonObject;

/** The {@code iterable} dev console: each endpoint's last run report, and the rate limiters' state. */
@DevConsole(name = "iterable", displayName = "Iterable", description = "Iterable syncs: last run per endpoint and rate limiters")
public class IterableDevConsole extends AbstractDevConsole {

    public IterableDevConsole() {
        super("camel", "iterable", "Iterable", "Iterable syncs: last run per endpoint and rate limiters");
    }

    private List<IterableEndpoint> endpoints() {
        return getCamelContext().getEndpoints()
                .stream()
                .filter(IterableEndpoint.class::isInstance)
                .map(IterableEndpoint.class::cast)
                .toList();
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        StringBuilder text = new StringBuilder();
        for (IterableEndpoint endpoint : endpoints()) {
            SyncReport last = endpoint.getLastReport();
            text.append(endpoint.getSyncType())
                    .append(" (syncId ")
                    .append(endpoint.getSyncId())
                    .append("): ")
                    .append(last == null ? "no run yet" : last.toString())
                    .append('\n');
            SyncPipeline pipeline = endpoint.pipeline();
            if (pipeline != null && pipeline.queuedRecords() >= 0) {
                text.append("  durable intake: ")
                        .append(pipeline.queuedRecords())
                        .append(" queued, ")
                        .append(pipeline.failedRecords())
                        .append(" failed\n");
                pipeline.latestFailedRecords(20)
                        .forEach(f -> text.append("  failed record (primary key '")
                                .append(f.primaryKey())
                                .append("'): ")
                                .append(f.reason())
                                .append('\n'));
            }
        }
        IterableComponent component = getCamelContext().getComponent("iterable", IterableComponent.class);
        component.getRateLimits()
                .describe()
                .forEach((limiter, state) -> text.append("rate limit ")
                        .append(limiter)
                        .append(": ")
                        .append(state)
                        .append('\n'));
        for (SharedRateLimits shared : component.getSharedRateLimits()) {
            shared.describe()
                    .forEach((limiter, state) -> text.append("shared rate limit ")
                            .append(limiter)
                            .append(" in ")
                            .append(shared.storeName())
                            .append(": ")
                            .append(state)
                            .append('\n'));
        }
        return text.toString();
    }

    @Override
    protected JsonObject doCallJson(Map<String, Object> options) {
        JsonObject root = new JsonObject();
        List<JsonObject> syncs = new ArrayList<>();
        for (IterableEndpoint endpoint : endpoints()) {
            JsonObject sync = new JsonObject();
            sync.put("syncType", endpoint.getSyncType());
            sync.put("syncId", endpoint.getSyncId());
            SyncReport last = endpoint.getLastReport();
            if (last != null) {
                JsonObject report = new JsonObject();
                report.putAll(last.counts());
                report.put("durationMillis", last.getDuration().toMillis());
                report.put("startedAt", last.getStartedAt().toString());
                report.put("fatalError", last.getFatalError());
                report.put("failures", last.getFailures().stream().limit(100).map(Object::toString).toList());
                sync.put("lastRun", report);
            }
            SyncPipeline pipeline = endpoint.pipeline();
            if (pipeline != null && pipeline.queuedRecords() >= 0) {
                JsonObject intake = new JsonObject();
                intake.put("queued", pipeline.queuedRecords());
                intake.put("failed", pipeline.failedRecords());
                intake.put("latestFailed", pipeline.latestFailedRecords(100)
                        .stream()
                        .map(f -> f.primaryKey() + (f.field() == null ? "" : " field " + f.field()) + ": " + f.reason())
                        .toList());
                sync.put("durableIntake", intake);
            }
            syncs.add(sync);
        }
        root.put("syncs", syncs);
        IterableComponent component = getCamelContext().getComponent("iterable", IterableComponent.class);
        Map<String, Object> limiters = new LinkedHashMap<>(component.getRateLimits().describe());
        root.put("rateLimiters", limiters);
        List<JsonObject> shared = new ArrayList<>();
        for (SharedRateLimits limits : component.getSharedRateLimits()) {
            JsonObject store = new JsonObject();
            store.put("store", limits.storeName());
            store.put("endpoints", new LinkedHashMap<String, Object>(limits.describe()));
            shared.add(store);
        }
        root.put("sharedRateLimiters", shared);
        return root;
    }
}
