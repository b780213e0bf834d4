package dev.breaker;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Value checks shared by the layer configs ({@link BulkheadConfig}, {@link RetryConfig},
 * {@link TimeoutConfig}), worded like {@link BreakerConfig}'s so that every startup report reads the same.
 */
final class Checks {

    private Checks() {
    }

    static Duration positive(String setting, @Nullable Duration value) {
        if (value == null || value.isNegative() || value.isZero() || value.compareTo(BreakerConfig.MAX_DURATION) > 0) {
            throw new InvalidBreakerConfigException(setting, value,
                    "a positive duration of at most " + BreakerConfig.MAX_DURATION.toDays() + " days");
        }
        return value;
    }

    static Duration zeroOrPositive(String setting, @Nullable Duration value, String zeroMeans) {
        if (value == null || value.isNegative() || value.compareTo(BreakerConfig.MAX_DURATION) > 0) {
            throw new InvalidBreakerConfigException(setting, value, "zero (" + zeroMeans
                    + ") or a positive duration of at most " + BreakerConfig.MAX_DURATION.toDays() + " days");
        }
        return value;
    }

    static <T> T require(String setting, @Nullable T value, String accepted) {
        if (value == null) {
            throw new InvalidBreakerConfigException(setting, null, accepted);
        }
        return value;
    }

    static List<Class<? extends Throwable>> exceptionTypes(String setting,
            @Nullable List<Class<? extends Throwable>> types) {
        if (types == null) {
            throw new InvalidBreakerConfigException(setting, null, "a list of Throwable classes");
        }
        for (Class<?> type : types) {
            if (type == null || !Throwable.class.isAssignableFrom(type)) {
                throw new InvalidBreakerConfigException(setting, type, "a list of Throwable classes");
            }
        }
        return List.copyOf(types);
    }

    /** Whether {@code error} is an instance of one of {@code types}. */
    static boolean matches(List<Class<? extends Throwable>> types, Throwable error) {
        for (Class<? extends Throwable> type : types) {
            if (type.isInstance(error)) {
                return true;
            }
        }
        return false;
    }
}
