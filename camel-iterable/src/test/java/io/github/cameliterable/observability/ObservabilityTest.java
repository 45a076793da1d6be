package io.github.cameliterable.observability;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.api.management.JmxSystemPropertyKeys;
import org.apache.camel.console.DevConsole;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.util.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** After a sync, Micrometer, Camel's management (the endpoint's MBean) and the iterable dev console show its counts. */
class ObservabilityTest {
    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    @TempDir
    Path state;

    private static final List<Map<String, Object>> ROWS = List.of(
            Map.of("email", "a@example.com", "plan", "pro"),
            Map.of("email", "b@example.com", "plan", "free"),
            Map.of("email", "not-an-email", "plan", "free"));

    @Test
    void micrometerMetricsCountRecordsAndCalls() {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            harness.bind("meterRegistry", registry);
            harness.route("users", "iterable:users?syncId=metered");
            SyncReport report = harness.sync("users", ROWS);
            assertEquals(2, report.getSucceeded(), report.toString());

            assertEquals(2.0,
                    registry.get("iterable.records").tags("syncId", "metered", "outcome", "succeeded").counter().count());
            assertEquals(1.0,
                    registry.get("iterable.records").tags("syncId", "metered", "outcome", "failed").counter().count());
            assertEquals(1.0, registry.get("iterable.api.calls")
                    .tags("endpoint", "USERS_BULK_UPDATE", "status", "200")
                    .counter()
                    .count());
            assertEquals(1, registry.get("iterable.api.latency").timer().count());
            assertTrue(registry.get("iterable.request.bytes").summary().totalAmount() > 50);
        }
    }

    /** Spring Boot with two exporters: a registry each, and a primary composite over both that must get the meters. */
    @Test
    void severalRegistriesMeterIntoTheirComposite() {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            SimpleMeterRegistry prometheus = new SimpleMeterRegistry();
            SimpleMeterRegistry otlp = new SimpleMeterRegistry();
            CompositeMeterRegistry composite = new CompositeMeterRegistry(Clock.SYSTEM, List.of(prometheus, otlp));
            harness.bind("prometheusMeterRegistry", prometheus);
            harness.bind("otlpMeterRegistry", otlp);
            harness.bind("compositeMeterRegistry", composite);
            harness.route("users", "iterable:users?syncId=composite");
            harness.sync("users", ROWS);

            for (SimpleMeterRegistry exporter : List.of(prometheus, otlp)) {
                assertEquals(2.0, exporter.get("iterable.records")
                        .tags("syncId", "composite", "outcome", "succeeded")
                        .counter()
                        .count());
            }
        }
    }

    @Test
    void camelManagementAndTheDevConsoleShowTheLastRun() throws Exception {
        // the build turns Camel's MBeans off for the other tests; this one reads them
        String jmxDisabled = System.clearProperty(JmxSystemPropertyKeys.DISABLED);
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.route("users", "iterable:users?syncId=jmx-users");
            harness.sync("users", ROWS);
            SyncReport second = harness.sync("users", ROWS);
            assertEquals(2, second.getUnchanged(), second.toString());

            MBeanServer server = harness.camel().getManagementStrategy().getManagementAgent().getMBeanServer();
            ObjectName name = iterableEndpoint(server, harness.camel().getManagementName());
            assertEquals("jmx-users", server.getAttribute(name, "SyncId"));
            assertEquals(2L, server.getAttribute(name, "Runs"));
            @SuppressWarnings("unchecked")
            Map<String, Long> records = (Map<String, Long>) server.getAttribute(name, "Records");
            assertEquals(2L, records.get("succeeded"));
            assertEquals(2L, records.get("unchanged"));
            assertEquals(2L, records.get("failed"), "the invalid record failed in both runs");
            @SuppressWarnings("unchecked")
            Map<String, Long> calls = (Map<String, Long>) server.getAttribute(name, "ApiCalls");
            assertEquals(1L, calls.get("USERS_BULK_UPDATE 200"));
            assertTrue(((String) server.getAttribute(name, "LastRun")).contains("unchanged=2"));
            server.invoke(name, "resetStatistics", null, null);
            assertEquals(0L, server.getAttribute(name, "Runs"));

            DevConsole console = PluginHelper.getDevConsoleResolver(harness.camel()).resolveDevConsole("iterable");
            assertNotNull(console, "the iterable dev console is registered");
            JsonObject json = (JsonObject) console.call(DevConsole.MediaType.JSON);
            @SuppressWarnings("unchecked")
            List<JsonObject> syncs = (List<JsonObject>) json.get("syncs");
            JsonObject lastRun = (JsonObject) syncs.get(0).get("lastRun");
            assertEquals("jmx-users", syncs.get(0).get("syncId"));
            assertEquals(2L, lastRun.get("unchanged"));
            assertEquals(1L, lastRun.get("failed"));
            assertTrue(((Map<?, ?>) json.get("rateLimiters")).containsKey("USERS_BULK_UPDATE"), json.toJson());
            String text = (String) console.call(DevConsole.MediaType.TEXT);
            assertTrue(text.contains("unchanged=2"), text);
        } finally {
            if (jmxDisabled != null) {
                System.setProperty(JmxSystemPropertyKeys.DISABLED, jmxDisabled);
            }
        }
    }

    @Test
    void withCamelsJmxOffNothingIsRegistered() throws Exception {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.disableJmx();
            harness.route("users", "iterable:users?syncId=no-jmx");
            assertEquals(2, harness.sync("users", ROWS).getSucceeded());
            assertNull(harness.camel().getManagementStrategy().getManagementAgent(), "Camel's JMX is off");
            Set<ObjectName> ours = ManagementFactory.getPlatformMBeanServer()
                    .queryNames(null, null)
                    .stream()
                    .filter(n -> n.toString().contains("no-jmx") || n.getDomain().startsWith("io.github.cameliterable"))
                    .collect(Collectors.toSet());
            assertEquals(Set.of(), ours, "no MBean of our own beside Camel's switch");
        }
    }

    /** The iterable endpoint's MBean among Camel's endpoints of this context. */
    private static ObjectName iterableEndpoint(MBeanServer server, String context) throws Exception {
        Set<ObjectName> endpoints = server.queryNames(
                new ObjectName("org.apache.camel:context=" + context + ",type=endpoints,*"), null);
        return endpoints.stream()
                .filter(n -> n.getKeyProperty("name").contains("iterable"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no iterable endpoint among " + endpoints));
    }
}
