package io.github.cameliterable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        return getCamelContext().getEndpoints().stream()
                .filter(IterableEndpoint.class::isInstance).map(IterableEndpoint.class::cast).toList();
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        StringBuilder text = new StringBuilder();
        for (IterableEndpoint endpoint : endpoints()) {
            SyncReport last = endpoint.getLastReport();
            text.append(endpoint.getSyncType()).append(" (syncId ").append(endpoint.getSyncId()).append("): ")
                    .append(last == null ? "no run yet" : last.toString()).append('\n');
        }
        IterableComponent component = getCamelContext().getComponent("iterable", IterableComponent.class);
        component.getRateLimits().describe().forEach((limiter, state) -> text.append("rate limit ").append(limiter)
                .append(": ").append(state).append('\n'));
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
            syncs.add(sync);
        }
        root.put("syncs", syncs);
        Map<String, Object> limiters = new LinkedHashMap<>(
                getCamelContext().getComponent("iterable", IterableComponent.class).getRateLimits().describe());
        root.put("rateLimiters", limiters);
        return root;
    }
}
