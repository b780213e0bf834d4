package dev.breaker.shared;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** How a failed exchange with Redis is told in the sync status, the logs and the endpoint. */
final class RedisErrors {

    private RedisErrors() {
    }

    /**
     * What went wrong, by its root cause rather than the wrappers Reactor, Spring Data and Lettuce put around it:
     * {@code Connection refused: localhost/127.0.0.1:6379 (AnnotatedConnectException)}, or, for the timeout
     * every exchange is bounded by, {@code Redis did not answer within PT0.5S}.
     */
    static String describe(Throwable error, Duration timeout) {
        Throwable root = error;
        Throwable parent = null;
        while (root.getCause() != null && root.getCause() != root) {
            parent = root;
            root = root.getCause();
        }
        if (root instanceof TimeoutException) {
            return "Redis did not answer within " + timeout;
        }
        String message = root.getMessage();
        // Netty's connect exception repeats its cause's text with the address added: keep the fuller one.
        if (parent != null && parent.getMessage() != null && (message == null || parent.getMessage().contains(message))) {
            message = parent.getMessage();
        }
        String type = root.getClass().getSimpleName();
        return (message != null && !message.isBlank()) ? message + " (" + type + ")" : type;
    }
}
