package io.github.cameliterable.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Captures every log event of the JVM while a test class runs (the component and Camel at DEBUG, the rest at its
 * configured level) and fails the class when any line, argument or stack trace holds {@link Reliability#API_KEY}.
 * Lines are checked as they arrive and not kept, so it can watch a run of 100,000 records.
 */
public final class NoApiKeyInLogs implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NoApiKeyInLogs.class);
    private static final String[] DEBUG_LOGGERS = {"io.github.cameliterable", "org.apache.camel"};

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NS).put("watch", new Watch());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Watch watch = context.getStore(NS).remove("watch", Watch.class);
        watch.close();
        if (watch.seen.get() == 0) {
            throw new AssertionError("no log line was captured: the watch is broken");
        }
        if (!watch.leaks.isEmpty()) {
            throw new AssertionError("the API key appeared in " + watch.leaks.size() + " log lines, first: "
                    + watch.leaks.get(0).replace(Reliability.API_KEY, "<THE KEY>"));
        }
    }

    /** How many lines the current watch saw, for tests that check it really watches. */
    static final class Watch extends AppenderBase<ILoggingEvent> implements AutoCloseable {
        final AtomicLong seen = new AtomicLong();
        final AtomicLong callLogLines = new AtomicLong();
        final List<String> leaks = new ArrayList<>();
        private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        private final List<Level> previous = new ArrayList<>();

        Watch() {
            LoggerContext loggers = root.getLoggerContext();
            setName("no-api-key-in-logs");
            setContext(loggers);
            start();
            for (String name : DEBUG_LOGGERS) {
                Logger logger = loggers.getLogger(name);
                previous.add(logger.getLevel());
                logger.setLevel(Level.DEBUG);
            }
            root.addAppender(this);
        }

        @Override
        protected void append(ILoggingEvent event) {
            seen.incrementAndGet();
            if (event.getLoggerName().endsWith("CallLog")) {
                callLogLines.incrementAndGet();
            }
            StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
            if (event.getArgumentArray() != null) {
                for (Object argument : event.getArgumentArray()) {
                    line.append(' ').append(argument);
                }
            }
            event.getMDCPropertyMap().forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
                for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
                    line.append(' ').append(frame.getSTEAsString());
                }
            }
            if (line.indexOf(Reliability.API_KEY) >= 0) {
                synchronized (leaks) {
                    leaks.add(line.toString());
                }
            }
        }

        @Override
        public void close() {
            root.detachAppender(this);
            LoggerContext loggers = root.getLoggerContext();
            for (int i = 0; i < DEBUG_LOGGERS.length; i++) {
                loggers.getLogger(DEBUG_LOGGERS[i]).setLevel(previous.get(i));
            }
            stop();
        }
    }
}
