package dev.breaker.autoconfigure;

import dev.breaker.definition.LayerSettings;
import dev.breaker.Bulkhead;
import dev.breaker.Retry;
import dev.breaker.Timeout;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The running layers of one breaker: its bulkhead's slots and the counters of its timeout, bulkhead and
 * retry. One per breaker name, shared by every method that uses the breaker, so that a bulkhead of 10 means
 * 10 calls to the dependency, however many methods call it.
 */
public final class BreakerLayers {

    private final String name;
    private final LayerSettings settings;
    private final @Nullable Timeout timeout;
    private final @Nullable Bulkhead bulkhead;
    private final @Nullable Retry retry;

    /** The layers of the breaker named {@code name}, as {@code settings} describe them. */
    public BreakerLayers(String name, LayerSettings settings) {
        this.name = Objects.requireNonNull(name, "name");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.timeout = (settings.timeout() != null) ? Timeout.of(name, settings.timeout()) : null;
        this.bulkhead = (settings.bulkhead() != null) ? Bulkhead.of(name, settings.bulkhead()) : null;
        this.retry = (settings.retry() != null) ? Retry.of(name, settings.retry()) : null;
    }

    public String name() {
        return name;
    }

    public LayerSettings settings() {
        return settings;
    }

    /** The timeout, or {@code null} when off. */
    public @Nullable Timeout timeout() {
        return timeout;
    }

    /** The bulkhead, or {@code null} when off. */
    public @Nullable Bulkhead bulkhead() {
        return bulkhead;
    }

    /** The retry, or {@code null} when off. */
    public @Nullable Retry retry() {
        return retry;
    }

    @Override
    public String toString() {
        return "BreakerLayers[" + name + ": timeout=" + timeout + ", bulkhead=" + bulkhead + ", retry=" + retry + "]";
    }
}
