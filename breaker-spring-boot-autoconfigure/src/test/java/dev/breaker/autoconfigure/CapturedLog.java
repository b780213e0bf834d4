package dev.breaker.autoconfigure;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** What a logger logs while an action runs, at any level, captured instead of printed (logback-test.xml). */
final class CapturedLog {

    private CapturedLog() {
    }

    static List<ILoggingEvent> during(String logger, Runnable action) {
        Logger target = (Logger) LoggerFactory.getLogger(logger);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Level level = target.getLevel();
        boolean additive = target.isAdditive();
        target.addAppender(appender);
        target.setLevel(Level.TRACE);
        target.setAdditive(false);
        try {
            action.run();
            return List.copyOf(appender.list);
        } finally {
            target.detachAppender(appender);
            target.setLevel(level);
            target.setAdditive(additive);
        }
    }
}
