package dev.breaker.tuning;

import dev.breaker.InvalidBreakerConfigException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people and configuration files write them: {@code 15s}, {@code 250ms}, {@code 2m}, {@code PT15S}. */
final class Durations {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|µs|ms|s|m|h|d)?");
    private static final String ACCEPTED = "a duration such as 15s, 250ms, 2m, 1h or PT15S (a number alone is"
            + " milliseconds)";

    private static final long MICRO = 1_000;
    private static final long MILLI = 1_000_000;
    private static final long SECOND = 1_000_000_000;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    private Durations() {
    }

    /**
     * Reads {@code text}: a number with a unit ({@code ns}, {@code us}, {@code ms}, {@code s}, {@code m}, {@code h},
     * {@code d}; none means milliseconds, as in Spring Boot), or ISO-8601 ({@code PT15S}, what
     * {@link Duration#toString()} writes).
     *
     * @throws InvalidBreakerConfigException naming {@code setting} otherwise
     */
    static Duration parse(String setting, String text) {
        String trimmed = text.trim();
        if (trimmed.regionMatches(true, 0, "P", 0, 1) || trimmed.regionMatches(true, 0, "-P", 0, 2)) {
            try {
                return Duration.parse(trimmed);
            } catch (DateTimeParseException notIso) {
                throw new InvalidBreakerConfigException(setting, text, ACCEPTED);
            }
        }
        Matcher simple = SIMPLE.matcher(trimmed.toLowerCase(Locale.ROOT));
        if (!simple.matches()) {
            throw new InvalidBreakerConfigException(setting, text, ACCEPTED);
        }
        String unit = simple.group(2) == null ? "ms" : simple.group(2);
        long nanosPerUnit = switch (unit) {
            case "ns" -> 1;
            case "us", "µs" -> MICRO;
            case "ms" -> MILLI;
            case "s" -> SECOND;
            case "m" -> MINUTE;
            case "h" -> HOUR;
            default -> DAY;
        };
        try {
            return Duration.ofNanos(new BigDecimal(simple.group(1)).multiply(BigDecimal.valueOf(nanosPerUnit))
                    .setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
        } catch (ArithmeticException tooLong) {
            throw new InvalidBreakerConfigException(setting, text, ACCEPTED + ", of at most 292 years");
        }
    }

    /** {@code 60s}, {@code 250ms}, {@code 2m}, {@code 0s}: the largest unit that writes the duration exactly. */
    static String config(Duration duration) {
        long nanos;
        try {
            nanos = duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return duration.toString();
        }
        if (nanos == 0) {
            return "0s";
        }
        if (nanos < 0) {
            return duration.toString();
        }
        long[] units = {DAY, HOUR, MINUTE, SECOND, MILLI, MICRO, 1};
        String[] names = {"d", "h", "m", "s", "ms", "us", "ns"};
        for (int i = 0; i < units.length; i++) {
            if (nanos % units[i] == 0) {
                return (nanos / units[i]) + names[i];
            }
        }
        throw new AssertionError("every duration is a whole number of nanoseconds");
    }

    /** {@code 245ms}, {@code 1.2s}, {@code 60s}, {@code 2m 30s}, {@code 1h 5m}: for reports, rounded. */
    static String human(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos < 10 * MILLI) {
            return trim(String.format(Locale.ROOT, "%.1f", nanos / (double) MILLI)) + "ms";
        }
        if (nanos < SECOND) {
            return Math.round(nanos / (double) MILLI) + "ms";
        }
        if (nanos < MINUTE) {
            return trim(String.format(Locale.ROOT, "%.1f", nanos / (double) SECOND)) + "s";
        }
        long seconds = Math.round(nanos / (double) SECOND);
        if (seconds < 3600) {
            return seconds / 60 + "m" + (seconds % 60 != 0 ? " " + seconds % 60 + "s" : "");
        }
        long minutes = Math.round(seconds / 60.0);
        return minutes / 60 + "h" + (minutes % 60 != 0 ? " " + minutes % 60 + "m" : "");
    }

    private static String trim(String decimal) {
        return decimal.endsWith(".0") ? decimal.substring(0, decimal.length() - 2) : decimal;
    }
}
