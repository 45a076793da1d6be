package io.github.cameliterable.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/** Captures every log line (message, arguments and stack traces) of the whole JVM while open, DEBUG included. */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final List<String> lines = new ArrayList<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Map<Logger, Level> previous = new HashMap<>();
    private final List<Appender<ILoggingEvent>> quieted = new ArrayList<>();

    public LogCapture() {
        this(Level.DEBUG);
    }

    private LogCapture(Level level) {
        setName("capture");
        LoggerContext loggers = root.getLoggerContext();
        setContext(loggers);
        start();
        if (level == Level.TRACE) {
            // every logger, those the configuration sets included; the console stays quiet meanwhile
            for (Logger logger : loggers.getLoggerList()) {
                previous.put(logger, logger.getLevel());
                logger.setLevel(Level.TRACE);
            }
            root.iteratorForAppenders().forEachRemaining(quieted::add);
            quieted.forEach(root::detachAppender);
        } else {
            previous.put(root, root.getLevel());
            root.setLevel(level);
        }
        root.addAppender(this);
    }

    /** Every logger of the JVM at TRACE, arguments, MDC and stack traces included; nothing printed meanwhile. */
    public static LogCapture everyLogger() {
        return new LogCapture(Level.TRACE);
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
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
        lines.add(line.toString());
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        root.detachAppender(this);
        previous.forEach(Logger::setLevel);
        quieted.forEach(root::addAppender);
        stop();
    }
}
