package dev.breaker;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Value checks shared by {@link BreakerConfig} and the layer configs ({@link BulkheadConfig},
 * {@link RetryConfig}, {@link TimeoutConfig}), so that every startup report reads the same. Each names the
 * setting, the bad value and what the setting accepts (see {@link InvalidBreakerConfigException}).
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

    /** A whole number from {@code min} to {@code max}; {@code accepted} says so in the setting's own words. */
    static int between(String setting, int value, int min, int max, String accepted) {
        if (value < min || value > max) {
            throw new InvalidBreakerConfigException(setting, value, accepted);
        }
        return value;
    }

    static float percent(String setting, float value) {
        if (!(value > 0 && value <= 100)) {
            throw new InvalidBreakerConfigException(setting, value, "a percentage in (0, 100]");
        }
        return value;
    }

    static double ratio(String setting, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new InvalidBreakerConfigException(setting, value, "a ratio in [0, 1]");
        }
        return value;
    }

    /** A growth factor: 1 keeps a wait as it is. */
    static double multiplier(String setting, double value) {
        if (!(value >= 1) || Double.isInfinite(value)) {
            throw new InvalidBreakerConfigException(setting, value, "a finite number >= 1");
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
