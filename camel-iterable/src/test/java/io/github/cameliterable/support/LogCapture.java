package io.github.cameliterable.support;

import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/** Captures every log line (message, arguments and stack traces) of the whole JVM while open, DEBUG included. */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final List<String> lines = new ArrayList<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Level previous;

    public LogCapture() {
        setName("capture");
        setContext(root.getLoggerContext());
        start();
        previous = root.getLevel();
        root.setLevel(Level.DEBUG);
        root.addAppender(this);
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
        }
        lines.add(line.toString());
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        root.detachAppender(this);
        root.setLevel(previous);
        stop();
    }
}
