package io.chatgateway.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.io.PrintWriter;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/** Log levels of the command: WARN by default (see {@code logback.xml}), DEBUG with {@code -v}. */
final class Logging {

    private Logging() {}

    /** Turns on debug logging of the gateway and the adapters. */
    static void verbose() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger("io.chatgateway").setLevel(Level.DEBUG);
        }
    }

    /**
     * Copies the events of one logger at INFO and above to a sink while the returned handle is open
     * (used by the demo to show the gateway's retry log line).
     *
     * @param loggerName the logger, e.g. {@code io.chatgateway.retry}
     * @param sink       receives each formatted message
     * @return closing it detaches the sink and restores the level
     */
    static AutoCloseable tap(String loggerName, Consumer<String> sink) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return () -> { };
        }
        Logger logger = context.getLogger(loggerName);
        Level before = logger.getLevel();
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                String cause = event.getThrowableProxy() == null ? ""
                        : " (" + event.getThrowableProxy().getClassName() + ": " + event.getThrowableProxy().getMessage() + ")";
                sink.accept(event.getLevel() + " " + event.getLoggerName() + " - " + event.getFormattedMessage() + cause);
            }
        };
        appender.setContext(context);
        appender.setName("chatgw-tap-" + loggerName);
        appender.start();
        logger.addAppender(appender);
        boolean additive = logger.isAdditive();
        logger.setAdditive(false);
        if (!logger.isInfoEnabled()) {
            logger.setLevel(Level.INFO);
        }
        return () -> {
            logger.detachAppender(appender);
            appender.stop();
            logger.setLevel(before);
            logger.setAdditive(additive);
        };
    }

    /** @param out where to write @return a sink printing each line to it */
    static Consumer<String> printer(PrintWriter out) {
        return line -> {
            synchronized (out) {
                out.println("   log: " + line);
                out.flush();
            }
        };
    }
}
