package io.github.cameliterable.examples;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/observability.md: {@code camel.component.iterable.call-log=true} turns the call log on under plain Camel Main
 * with logback, whose configuration (logback-test.xml: the component's loggers at INFO) is left as it is;
 * {@code logging.level.*=DEBUG}, a Spring Boot property, changes nothing there.
 */
class CallLogTest {

    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    @TempDir
    Path state;

    private List<ILoggingEvent> callLogOfASync(String property, String value) throws Exception {
        Logger callLog = (Logger) LoggerFactory.getLogger("io.github.cameliterable.client.CallLog");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        callLog.addAppender(appender);
        Main main = new Main();
        main.addInitialProperty("camel.component.iterable.api-key", iterable.emulator().apiKey());
        main.addInitialProperty("camel.component.iterable.base-uri", iterable.emulator().baseUri());
        main.addInitialProperty("camel.component.iterable.state-directory", state.resolve(value).toString());
        main.addInitialProperty(property, value);
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:users").to("iterable:users");
            }
        });
        main.start();
        try {
            SyncReport report = main.getCamelContext()
                    .createProducerTemplate()
                    .requestBody("direct:users",
                            List.of(Map.of("email", "ann@example.com", "plan", "pro")), SyncReport.class);
            assertEquals(1, report.getSucceeded(), report.toString());
            return List.copyOf(appender.list);
        } finally {
            main.stop();
            callLog.detachAppender(appender);
        }
    }

    @Test
    void theCallLogOptionShowsEveryCallAtInfo() throws Exception {
        List<ILoggingEvent> events = callLogOfASync("camel.component.iterable.call-log", "true");
        assertEquals(1, events.size(), events.toString());
        assertEquals(Level.INFO, events.get(0).getLevel());
        String line = events.get(0).getFormattedMessage();
        assertTrue(line.startsWith("POST /api/users/bulkUpdate attempt 1 -> 200 in "), line);
        assertTrue(line.contains("ann@example.com"), "the body, truncated: " + line);
        assertFalse(line.contains(iterable.emulator().apiKey()), line);
    }

    @Test
    void springBootsLoggingLevelPropertyDoesNothingUnderCamelMain() throws Exception {
        assertEquals(List.of(), callLogOfASync("logging.level.io.github.cameliterable.client.CallLog", "DEBUG"));
    }
}
