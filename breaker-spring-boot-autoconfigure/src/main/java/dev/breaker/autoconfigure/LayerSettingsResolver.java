package dev.breaker.autoconfigure;

import dev.breaker.autoconfigure.Layer.Found;
import dev.breaker.definition.LayerSettings;
import dev.breaker.BreakerScheduler;
import dev.breaker.BulkheadConfig;
import dev.breaker.InvalidBreakerConfigException;
import dev.breaker.RetryConfig;
import dev.breaker.TimeoutConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Resolves the timeout, bulkhead and retry settings of one breaker through its layers of configuration
 * (defaults, profile, instance), key by key, so {@code retry.wait-duration} from {@code breaker.defaults}
 * survives a profile that sets only {@code retry.max-attempts}. Every value set is checked, also those of a
 * layer that ends up off, and a bad one is reported with the path of the layer that set it.
 */
final class LayerSettingsResolver {

    private final List<Layer> layers;
    private final BiFunction<String, List<String>, List<Class<? extends Throwable>>> exceptionClasses;
    /** The path of the layer that set each setting, for reporting a check that involves several. */
    private final Map<String, String> paths = new HashMap<>();

    LayerSettingsResolver(List<Layer> layers,
            BiFunction<String, List<String>, List<Class<? extends Throwable>>> exceptionClasses) {
        this.layers = layers;
        this.exceptionClasses = exceptionClasses;
    }

    LayerSettings resolve(BreakerScheduler scheduler) {
        LayerSettings settings = new LayerSettings(timeout(scheduler), bulkhead(), retry(scheduler));
        return settings.any() ? settings : LayerSettings.NONE;
    }

    private @Nullable TimeoutConfig timeout(BreakerScheduler scheduler) {
        Found<Duration> timeout = last("timeout", BreakerSettingsProperties::getTimeout);
        if (timeout == null || timeout.value().isZero()) {
            return null;
        }
        return checked(timeout.path(), "zero (off) or ",
                () -> TimeoutConfig.builder(timeout.value()).scheduler(scheduler).build());
    }

    private @Nullable BulkheadConfig bulkhead() {
        Found<Integer> max = last("max-concurrent-calls", BreakerSettingsProperties::getMaxConcurrentCalls);
        Found<Duration> wait = last("max-wait-duration", BreakerSettingsProperties::getMaxWaitDuration);
        BulkheadConfig.Builder builder = BulkheadConfig.builder(1);
        if (wait != null) {
            checked(wait.path(), "", () -> builder.maxWaitDuration(wait.value()));
        }
        if (max == null || max.value() == 0) {
            return null;
        }
        checked(max.path(), "0 (unlimited) or ", () -> builder.maxConcurrentCalls(max.value()));
        return builder.build();
    }

    private @Nullable RetryConfig retry(BreakerScheduler scheduler) {
        RetryConfig.Builder builder = RetryConfig.builder().scheduler(scheduler);
        apply("retry.max-attempts", RetryProperties::getMaxAttempts, builder::maxAttempts);
        apply("retry.wait-duration", RetryProperties::getWaitDuration, builder::waitDuration);
        apply("retry.backoff", RetryProperties::getBackoff, builder::backoff);
        apply("retry.multiplier", RetryProperties::getMultiplier, builder::multiplier);
        apply("retry.max-wait-duration", RetryProperties::getMaxWaitDuration, builder::maxWaitDuration);
        apply("retry.jitter", RetryProperties::getJitter, builder::jitter);
        Found<List<String>> retryOn = lastRetry("retry.retry-exceptions", RetryProperties::getRetryExceptions);
        if (retryOn != null) {
            builder.retryExceptions(exceptionClasses.apply(retryOn.path() + ".retry.retry-exceptions", retryOn.value()));
        }
        Found<List<String>> ignore = lastRetry("retry.ignore-exceptions", RetryProperties::getIgnoreExceptions);
        if (ignore != null) {
            builder.ignoreExceptions(exceptionClasses.apply(ignore.path() + ".retry.ignore-exceptions", ignore.value()));
        }
        RetryConfig config;
        try {
            config = builder.build();
        } catch (InvalidBreakerConfigException invalid) {
            String path = paths.getOrDefault(invalid.setting(), layers.get(layers.size() - 1).path());
            throw BreakerDefinitions.invalidValue(path + "." + invalid.setting(), invalid);
        }
        return config.maxAttempts() > 1 ? config : null;
    }

    private <T> void apply(String setting, Function<RetryProperties, @Nullable T> getter, Consumer<T> to) {
        Found<T> found = lastRetry(setting, getter);
        if (found != null) {
            checked(found.path(), "", () -> {
                to.accept(found.value());
                return found;
            });
        }
    }

    /** Runs a check, reporting its failure against {@code path}; {@code off} prefixes the accepted values. */
    private static <T> T checked(String path, String off, Supplier<T> check) {
        try {
            return check.get();
        } catch (InvalidBreakerConfigException invalid) {
            throw BreakerDefinitions.invalidValue(path + "." + invalid.setting(),
                    new InvalidBreakerConfigException(invalid.setting(), invalid.value(), off + invalid.accepted()));
        }
    }

    private <T> @Nullable Found<T> lastRetry(String setting, Function<RetryProperties, @Nullable T> getter) {
        return last(setting, s -> s.getRetry() == null ? null : getter.apply(s.getRetry()));
    }

    /** The value of the deepest layer that sets it (the one with the last word), remembering its path. */
    private <T> @Nullable Found<T> last(String setting, Function<BreakerSettingsProperties, @Nullable T> getter) {
        Found<T> found = Layer.deepest(layers, getter);
        if (found != null) {
            paths.put(setting, found.path());
        }
        return found;
    }
}
