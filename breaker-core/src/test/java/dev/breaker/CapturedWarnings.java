package dev.breaker;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The breakers' log ({@code dev.breaker.Breaker}: {@link System.Logger} onto java.util.logging), taken
 * for the length of one test, so that a test that provokes a failure on purpose can check it is reported
 * without printing its stack trace into the build output. A test asks for one as a parameter, under
 * {@code @ExtendWith(CapturedWarnings.Resolver.class)}; the logger is restored when the test ends.
 */
final class CapturedWarnings implements AutoCloseable {

    /** Held strongly: java.util.logging keeps loggers only weakly, and would forget the handler. */
    private final Logger logger = Logger.getLogger("dev.breaker.Breaker");
    private final boolean usedParentHandlers = logger.getUseParentHandlers();
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private CapturedWarnings() {
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
        logger.setUseParentHandlers(false);
    }

    /** The messages logged at WARNING or above, in order. */
    List<String> messages() {
        return records.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogRecord::getMessage).toList();
    }

    /** The exceptions logged with them. */
    List<Throwable> thrown() {
        return records.stream().map(LogRecord::getThrown).filter(Objects::nonNull).toList();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setUseParentHandlers(usedParentHandlers);
    }

    /** Opens a {@link CapturedWarnings} for a test that declares one, closed by JUnit when the test ends. */
    static final class Resolver implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == CapturedWarnings.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getStore(ExtensionContext.Namespace.create(CapturedWarnings.class))
                    .computeIfAbsent(CapturedWarnings.class, key -> new CapturedWarnings(), CapturedWarnings.class);
        }
    }
}
