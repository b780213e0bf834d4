package dev.breaker.aop;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The overloads of one protected method's fallback, and which of them serves each exception type. The
 * choice is made once per exception class, so a failing call does no reflection search.
 */
final class FallbackMethods {

    private final Map<Class<?>, FallbackMethod> byErrorType;
    private final @Nullable FallbackMethod withoutError;
    private final ConcurrentHashMap<Class<?>, Optional<FallbackMethod>> chosen = new ConcurrentHashMap<>();

    FallbackMethods(Map<Class<?>, FallbackMethod> byErrorType, @Nullable FallbackMethod withoutError) {
        this.byErrorType = Map.copyOf(byErrorType);
        this.withoutError = withoutError;
    }

    /**
     * The overload whose exception parameter is the closest supertype of {@code errorType}; else the one
     * without an exception parameter; else {@code null}.
     */
    @Nullable FallbackMethod select(Class<? extends Throwable> errorType) {
        Optional<FallbackMethod> choice = chosen.get(errorType);
        if (choice == null) {
            choice = chosen.computeIfAbsent(errorType, this::closest);
        }
        return choice.orElse(null);
    }

    private Optional<FallbackMethod> closest(Class<?> errorType) {
        // Exception parameters are classes (an interface cannot extend Throwable), so the superclass chain
        // visits every type such a parameter can have, nearest first.
        for (Class<?> type = errorType; type != null; type = type.getSuperclass()) {
            FallbackMethod match = byErrorType.get(type);
            if (match != null) {
                return Optional.of(match);
            }
        }
        return Optional.ofNullable(withoutError);
    }
}
