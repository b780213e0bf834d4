package dev.breaker.tuning;

import dev.breaker.BreakerConfig;
import dev.breaker.BreakerMode;
import dev.breaker.InvalidBreakerConfigException;
import dev.breaker.SlidingWindowType;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * A config's settings under their configuration-file names (those of {@code BreakerConfig.toString()}), and the
 * way back: {@link Replayer#apply} and {@link ReplayCommand}'s {@code --set} use {@link #apply}.
 *
 * <p>{@link #of} builds from the config's getters the map {@code BreakerConfig.settings()} is to return, so that
 * this package does not wait for it; once it has landed, {@link #of} can simply call it.
 */
final class Settings {

    /** The settings a replay can change, in the order of {@code BreakerConfig.toString()}. */
    static final List<String> NAMES = List.of("sliding-window-type", "sliding-window-size",
            "sliding-window-max-age", "minimum-number-of-calls", "failure-rate-threshold", "slow-call-rate-threshold",
            "slow-call-duration-threshold", "consecutive-failure-threshold", "wait-duration-in-open-state",
            "wait-duration-jitter", "wait-duration-multiplier", "max-wait-duration-in-open-state",
            "automatic-transition-to-half-open", "permitted-number-of-calls-in-half-open-state",
            "max-wait-duration-in-half-open-state", "mode", "success-threshold-in-half-open-state");

    /**
     * Settings a recording's header may list that no replay can use: outcomes were classified when they were
     * recorded, and functions and the fleet do not travel in a file. Skipped when a recording is read.
     */
    static final Set<String> NOT_REPLAYABLE = Set.of("record-exceptions", "ignore-exceptions", "open-wait", "shared");

    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d{1,10}");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,3})?");

    private Settings() {
    }

    /** The settings of {@code config} by name, in {@code toString()} order, written as a configuration file would. */
    static Map<String, String> of(BreakerConfig config) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("sliding-window-type", config.slidingWindowType().name());
        settings.put("sliding-window-size", Integer.toString(config.slidingWindowSize()));
        settings.put("sliding-window-max-age", Durations.config(config.slidingWindowMaxAge()));
        settings.put("minimum-number-of-calls", Integer.toString(config.minimumNumberOfCalls()));
        settings.put("failure-rate-threshold", number(config.failureRateThreshold()));
        settings.put("slow-call-rate-threshold", number(config.slowCallRateThreshold()));
        settings.put("slow-call-duration-threshold", Durations.config(config.slowCallDurationThreshold()));
        settings.put("consecutive-failure-threshold", Integer.toString(config.consecutiveFailureThreshold()));
        settings.put("wait-duration-in-open-state", Durations.config(config.waitDurationInOpenState()));
        settings.put("wait-duration-jitter", number(config.waitDurationJitter()));
        settings.put("wait-duration-multiplier", number(config.waitDurationMultiplier()));
        settings.put("max-wait-duration-in-open-state", Durations.config(config.maxWaitDurationInOpenState()));
        settings.put("automatic-transition-to-half-open", Boolean.toString(config.automaticTransitionToHalfOpen()));
        settings.put("permitted-number-of-calls-in-half-open-state",
                Integer.toString(config.permittedNumberOfCallsInHalfOpenState()));
        settings.put("max-wait-duration-in-half-open-state", Durations.config(config.maxWaitDurationInHalfOpenState()));
        settings.put("record-exceptions", classNames(config.recordExceptions()));
        settings.put("ignore-exceptions", classNames(config.ignoreExceptions()));
        settings.put("mode", config.mode().name());
        settings.put("success-threshold-in-half-open-state", Integer.toString(config.successThresholdInHalfOpenState()));
        return settings;
    }

    /**
     * The settings of {@code candidate} a shadow uses that differ from {@code live}'s, as {@code name=value, ...};
     * "" when none do. The mode is left out: a shadow always enforces, in the shadow.
     */
    static String difference(BreakerConfig live, BreakerConfig candidate) {
        Map<String, String> before = of(live);
        Map<String, String> after = of(candidate);
        StringJoiner changed = new StringJoiner(", ");
        for (String name : NAMES) {
            if (!name.equals("mode") && !after.get(name).equals(before.get(name))) {
                changed.add(name + "=" + after.get(name));
            }
        }
        return changed.toString();
    }

    /** {@code base} with {@code settings} (name to value) applied: see {@link Replayer#apply}. */
    static BreakerConfig apply(BreakerConfig base, Map<String, String> settings) {
        BreakerConfig.Builder builder = base.toBuilder();
        settings.forEach((name, value) -> set(builder, name, value == null ? "" : value.trim()));
        return builder.build();
    }

    /**
     * Sets one setting on {@code builder}.
     *
     * @throws InvalidBreakerConfigException naming it, for an unknown name or a bad value
     */
    static void set(BreakerConfig.Builder builder, String name, String value) {
        switch (name) {
            case "sliding-window-type" -> builder.slidingWindowType(
                    constant(SlidingWindowType.class, name, value, "COUNT_BASED or TIME_BASED"));
            case "sliding-window-size" -> builder.slidingWindowSize(whole(name, value));
            case "sliding-window-max-age" -> builder.slidingWindowMaxAge(Durations.parse(name, value));
            case "minimum-number-of-calls" -> builder.minimumNumberOfCalls(whole(name, value));
            case "failure-rate-threshold" -> builder.failureRateThreshold((float) percent(name, value));
            case "slow-call-rate-threshold" -> builder.slowCallRateThreshold((float) percent(name, value));
            case "slow-call-duration-threshold" -> builder.slowCallDurationThreshold(Durations.parse(name, value));
            case "consecutive-failure-threshold" -> builder.consecutiveFailureThreshold(whole(name, value));
            case "wait-duration-in-open-state" -> builder.waitDurationInOpenState(Durations.parse(name, value));
            case "wait-duration-jitter" -> builder.waitDurationJitter(decimal(name, value, "a ratio in [0, 1]"));
            case "wait-duration-multiplier" -> builder.waitDurationMultiplier(
                    decimal(name, value, "a finite number >= 1"));
            case "max-wait-duration-in-open-state" -> builder.maxWaitDurationInOpenState(Durations.parse(name, value));
            case "automatic-transition-to-half-open" -> builder.automaticTransitionToHalfOpen(bool(name, value));
            case "permitted-number-of-calls-in-half-open-state" ->
                    builder.permittedNumberOfCallsInHalfOpenState(whole(name, value));
            case "max-wait-duration-in-half-open-state" ->
                    builder.maxWaitDurationInHalfOpenState(Durations.parse(name, value));
            case "mode" -> builder.mode(constant(BreakerMode.class, name, value, "ENFORCE or OBSERVE"));
            case "success-threshold-in-half-open-state" -> builder.successThresholdInHalfOpenState(whole(name, value));
            default -> throw unknown(name, value);
        }
    }

    private static InvalidBreakerConfigException unknown(String name, String value) {
        if (NOT_REPLAYABLE.contains(name)) {
            return new InvalidBreakerConfigException(name, value, "left to the live breaker: a replay takes outcomes"
                    + " as they were classified when recorded, and no function or fleet travels in a recording");
        }
        String guess = closest(name);
        return new InvalidBreakerConfigException(name, value, "given under a setting's name, which \"" + name
                + "\" is not" + (guess != null ? " (did you mean " + guess + "?)" : "") + "; the settings are "
                + String.join(", ", NAMES));
    }

    /** The known name nearest to {@code name} by edit distance, if near enough to be a slip. */
    private static String closest(String name) {
        String best = null;
        int bestDistance = Math.max(3, name.length() / 3) + 1;
        for (String known : NAMES) {
            int distance = known.startsWith(name) && name.length() >= 8 ? 1 : distance(name, known);
            if (distance < bestDistance) {
                best = known;
                bestDistance = distance;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static int whole(String name, String value) {
        if (WHOLE.matcher(value).matches()) {
            long parsed = Long.parseLong(value);
            if (parsed == (int) parsed) {
                return (int) parsed;
            }
        }
        throw new InvalidBreakerConfigException(name, value, "a whole number");
    }

    private static double percent(String name, String value) {
        String number = value.endsWith("%") ? value.substring(0, value.length() - 1).trim() : value;
        return decimal(name, number, "a percentage in (0, 100]");
    }

    private static double decimal(String name, String value, String accepted) {
        if (!DECIMAL.matcher(value).matches()) {
            throw new InvalidBreakerConfigException(name, value, accepted);
        }
        return Double.parseDouble(value);
    }

    private static boolean bool(String name, String value) {
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new InvalidBreakerConfigException(name, value, "true or false");
    }

    private static <E extends Enum<E>> E constant(Class<E> type, String name, String value, String accepted) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException notOne) {
            throw new InvalidBreakerConfigException(name, value, accepted);
        }
    }

    /** {@code 50}, {@code 12.5}: a percentage as a configuration file writes it, without a useless {@code .0}. */
    static String number(float value) {
        return new BigDecimal(Float.toString(value)).stripTrailingZeros().toPlainString();
    }

    /** {@code 1}, {@code 0.25}, {@code 1.5}: a ratio or a factor as a configuration file writes it. */
    static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String classNames(List<Class<? extends Throwable>> types) {
        StringJoiner names = new StringJoiner(", ");
        types.forEach(type -> names.add(type.getName()));
        return names.toString();
    }
}
