package io.github.cameliterable.reliability;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.github.cameliterable.IterableComponent;
import io.github.cameliterable.IterableSyncException;
import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.support.LogCapture;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.api.management.JmxSystemPropertyKeys;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A key read from a secret file ends with a line break: it is trimmed and works, and neither it nor any part of it
 * shows anywhere a user or an attacker can look: every log line at TRACE, the report, the exceptions, the exchanges'
 * properties and headers, every attribute of every MBean and Camel's route dumps, every dev console.
 */
class ApiKeyHardeningTest {
    private static final String KEY = Reliability.API_KEY;
    /** Consoles that act rather than show (dump the heap, collect garbage, send, reload): not called. */
    private static final Set<String> ACTING_CONSOLES = Set.of("heap-dump", "gc", "send", "reload", "jfr-memory-leak",
            "receive", "eval-language", "sql-query");

    @Test
    void aKeyEndingInALineBreakIsTrimmedWorksAndShowsNowhere(@TempDir Path state) throws Exception {
        // the build turns Camel's MBeans off for the other tests; this one searches them
        String jmxDisabled = System.clearProperty(JmxSystemPropertyKeys.DISABLED);
        try (IterableEmulator iterable = IterableEmulator.builder().apiKey(KEY).start();
                LogCapture logs = LogCapture.everyLogger()) {
            CamelContext camel = new DefaultCamelContext();
            camel.setDevConsole(true);
            IterableComponent component = camel.getComponent("iterable", IterableComponent.class);
            component.getConfiguration().setApiKey(" " + KEY + "\r\n");
            component.getConfiguration().setBaseUri(iterable.baseUri());
            component.getConfiguration().setStateDirectory(state.toString());
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:sync").routeId("sync")
                            .log("${body}")
                            .to("iterable:users?" + Reliability.FAST_RETRIES)
                            .log("${body}");
                    from("direct:strict").routeId("strict").to("iterable:users?syncId=strict&maxFailedRecords=0");
                }
            });
            camel.start();

            Exchange ok = camel.createProducerTemplate()
                    .request("direct:sync",
                            e -> e.getMessage().setBody(Reliability.users(1, 20)));
            SyncReport report = ok.getMessage().getBody(SyncReport.class);
            assertEquals(20, report.getSucceeded(), report.toString());
            assertEquals(20, iterable.users().size(), "the trimmed key was accepted by Iterable");
            Exchange failed = camel.createProducerTemplate()
                    .request("direct:strict",
                            e -> e.getMessage().setBody(List.of(Map.of("email", "not-an-email"))));
            IterableSyncException exception = assertInstanceOf(IterableSyncException.class, failed.getException());

            StringBuilder shown = new StringBuilder();
            int logLines = logs.lines().size();
            logs.lines().forEach(line -> shown.append(line).append('\n'));
            shown.append(report).append(report.getFailures()).append(exception.getReport());
            for (Throwable t = exception; t != null; t = t.getCause()) {
                shown.append(t).append(Arrays.toString(t.getStackTrace()));
            }
            for (Exchange exchange : List.of(ok, failed)) {
                shown.append(exchange.getProperties()).append(exchange.getMessage().getHeaders());
            }
            int dumps = appendJmx(shown);
            int consoles = appendConsoles(camel, shown);
            camel.stop();

            assertTrue(logLines > 100 && dumps > 10 && consoles > 20,
                    "searched " + logLines + " log lines, every MBean and " + dumps + " Camel dumps, " + consoles
                            + " consoles");
            assertEquals(-1, shown.indexOf(KEY), () -> "the key shows in: " + around(shown, shown.indexOf(KEY)));
        } finally {
            if (jmxDisabled != null) {
                System.setProperty(JmxSystemPropertyKeys.DISABLED, jmxDisabled);
            }
        }
    }

    @Test
    void aKeyWithALineBreakInsideIsRefusedAtStartAndNeverRepeated() throws Exception {
        String first = "a1b2c3d4e5f6";
        String second = "0918273645ab";
        try (LogCapture logs = LogCapture.everyLogger()) {
            CamelContext camel = new DefaultCamelContext();
            camel.getComponent("iterable", IterableComponent.class).getConfiguration().setApiKey(first + "\r\n" + second);
            Exception refused = assertThrows(Exception.class, () -> {
                camel.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("direct:sync").to("iterable:users?baseUri=http://127.0.0.1:1");
                    }
                });
                camel.start();
            });
            camel.stop();
            StringBuilder shown = new StringBuilder();
            for (Throwable t = refused; t != null; t = t.getCause()) {
                shown.append(t).append('\n');
            }
            assertTrue(shown.toString().contains("control character such as a line break"), shown.toString());
            logs.lines().forEach(line -> shown.append(line).append('\n'));
            assertFalse(shown.toString().contains(first), shown.toString());
            assertFalse(shown.toString().contains(second), shown.toString());
        }
    }

    @Test
    void aKeyInTheEndpointUriWarnsAtStartWithoutShowingIt() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            for (String uri : List.of("iterable:users?apiKey=" + KEY,
                    "iterable:events?eventName=signup&apiKey=RAW(" + KEY + ")")) {
                CamelContext camel = new DefaultCamelContext();
                camel.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("direct:sync").to(uri + "&baseUri=http://127.0.0.1:1");
                    }
                });
                camel.start();
                camel.stop();
            }
            CamelContext safe = new DefaultCamelContext();
            safe.getComponent("iterable", IterableComponent.class).getConfiguration().setApiKey(KEY);
            safe.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:sync").to("iterable:cart?baseUri=http://127.0.0.1:1");
                }
            });
            safe.start();
            safe.stop();
            List<String> warnings = logs.lines().stream().filter(l -> l.contains("is set in the endpoint URI")).toList();
            assertEquals(2, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("iterable:users") && warnings.get(1).contains("iterable:events"),
                    warnings.toString());
            assertTrue(warnings.get(0).contains("camel.component.iterable.api-key"), warnings.get(0));
            warnings.forEach(w -> assertFalse(w.contains(KEY), w));
        }
    }

    /**
     * Every readable attribute of every MBean of the JVM, and the result of each of Camel's dump operations; returns
     * how many dumps were made.
     */
    private static int appendJmx(StringBuilder shown) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = server.queryNames(null, null);
        int dumps = 0;
        for (ObjectName name : names) {
            shown.append(name).append('\n');
            for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
                if (attribute.isReadable()) {
                    try {
                        Object value = server.getAttribute(name, attribute.getName());
                        shown.append(value instanceof Object[] array ? Arrays.deepToString(array) : value).append('\n');
                    } catch (Exception | Error unreadable) {
                        // some platform attributes are unsupported on this JVM
                    }
                }
            }
            if ("org.apache.camel".equals(name.getDomain())) {
                for (MBeanOperationInfo operation : server.getMBeanInfo(name).getOperations()) {
                    MBeanParameterInfo[] parameters = operation.getSignature();
                    if (operation.getName().startsWith("dump")
                            && Arrays.stream(parameters).allMatch(p -> p.getType().equals("boolean"))) {
                        Object[] yes = new Object[parameters.length];
                        Arrays.fill(yes, Boolean.TRUE);
                        String[] types = Arrays.stream(parameters).map(MBeanParameterInfo::getType).toArray(String[]::new);
                        try {
                            shown.append(server.invoke(name, operation.getName(), yes, types)).append('\n');
                            dumps++;
                        } catch (Exception notApplicable) {
                            shown.append(notApplicable).append('\n');
                        }
                    }
                }
            }
        }
        return dumps;
    }

    /** Every dev console of the CamelContext, as text and as JSON. */
    private static int appendConsoles(CamelContext camel, StringBuilder shown) {
        DevConsoleRegistry registry = camel.getCamelContextExtension().getContextPlugin(DevConsoleRegistry.class);
        registry.loadDevConsoles(true);
        List<DevConsole> consoles = new ArrayList<>(registry.stream().toList());
        for (DevConsole console : consoles) {
            if (ACTING_CONSOLES.contains(console.getId())) {
                continue;
            }
            shown.append(console.getId()).append(": ");
            for (DevConsole.MediaType type : DevConsole.MediaType.values()) {
                if (console.supportMediaType(type)) {
                    try {
                        shown.append(console.call(type, Map.of())).append('\n');
                    } catch (RuntimeException failed) {
                        shown.append(failed).append('\n');
                    }
                }
            }
        }
        return consoles.size();
    }

    private static String around(CharSequence text, int at) {
        return text.subSequence(Math.max(0, at - 300), Math.min(text.length(), at + 100)).toString().replace(KEY, "<THE KEY>");
    }
}
