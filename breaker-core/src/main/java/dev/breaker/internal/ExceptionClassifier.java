package dev.breaker.internal;

import dev.breaker.BreakerConfig;
import dev.breaker.CallOutcome;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * How an exception that ended a call counts, by the {@code record-exceptions} and {@code ignore-exceptions}
 * rules of a {@link BreakerConfig}: see {@link BreakerConfig#classify}. The class-list part of the answer
 * is cached per exception class, so a failing call does not walk the lists.
 *
 * <p>Not API: public only so that {@link BreakerConfig} can hold one. Immutable and thread-safe.
 */
public final class ExceptionClassifier {

    private final List<Class<? extends Throwable>> recordExceptions;
    private final List<Class<? extends Throwable>> ignoreExceptions;
    private final @Nullable Predicate<Throwable> recordPredicate;
    private final @Nullable Predicate<Throwable> ignorePredicate;
    private final ClassValue<CallOutcome> byClass = new ClassValue<>() {
        @Override
        protected CallOutcome computeValue(Class<?> type) {
            if (matches(ignoreExceptions, type)) {
                return CallOutcome.IGNORED;
            }
            if (recordExceptions.isEmpty() && recordPredicate == null) {
                return CallOutcome.FAILURE;
            }
            return matches(recordExceptions, type) ? CallOutcome.FAILURE : CallOutcome.SUCCESS;
        }
    };

    /**
     * @param recordExceptions exceptions (and subclasses) that count as failures; with no predicate
     *        either, empty means every exception
     * @param ignoreExceptions exceptions (and subclasses) that count as neither; they win over records
     * @param recordPredicate an extra rule for failures, or'ed with {@code recordExceptions}
     * @param ignorePredicate an extra rule for ignored exceptions, or'ed with {@code ignoreExceptions}
     */
    public ExceptionClassifier(List<Class<? extends Throwable>> recordExceptions,
            List<Class<? extends Throwable>> ignoreExceptions, @Nullable Predicate<Throwable> recordPredicate,
            @Nullable Predicate<Throwable> ignorePredicate) {
        this.recordExceptions = List.copyOf(recordExceptions);
        this.ignoreExceptions = List.copyOf(ignoreExceptions);
        this.recordPredicate = recordPredicate;
        this.ignorePredicate = ignorePredicate;
    }

    /**
     * {@link CallOutcome#IGNORED} when {@code error} matches an ignore rule; otherwise
     * {@link CallOutcome#FAILURE} when no record rule is set or it matches one; otherwise
     * {@link CallOutcome#SUCCESS}: a business exception the dependency answered with.
     */
    public CallOutcome classify(Throwable error) {
        Objects.requireNonNull(error, "error");
        CallOutcome byType = byClass.get(error.getClass());
        if (byType == CallOutcome.IGNORED || (ignorePredicate != null && ignorePredicate.test(error))) {
            return CallOutcome.IGNORED;
        }
        if (byType == CallOutcome.SUCCESS && recordPredicate != null && recordPredicate.test(error)) {
            return CallOutcome.FAILURE;
        }
        return byType;
    }

    private static boolean matches(List<Class<? extends Throwable>> types, Class<?> type) {
        for (Class<? extends Throwable> candidate : types) {
            if (candidate.isAssignableFrom(type)) {
                return true;
            }
        }
        return false;
    }
}
