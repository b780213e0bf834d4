package dev.breaker.actuate;

import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/**
 * A breaker's rates as operators read them, in the endpoint and in the health details alike, so both views
 * show the same figure.
 */
public final class Rates {

    private Rates() {
    }

    /**
     * A percentage rounded to two decimals ({@code 33.33}), or {@code null} while the window holds fewer than
     * the minimum number of calls.
     */
    public static @Nullable Double percent(OptionalDouble rate) {
        return rate.isPresent() ? Math.round(rate.getAsDouble() * 100) / 100.0 : null;
    }
}
