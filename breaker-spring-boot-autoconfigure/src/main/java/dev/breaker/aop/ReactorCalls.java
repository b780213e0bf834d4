package dev.breaker.aop;

import dev.breaker.CallNotPermittedException;
import dev.breaker.Fallback;
import dev.breaker.Guard;
import dev.breaker.reactor.GuardedPublishers;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Calls returning a Reactor {@link Mono} or {@link Flux}, run under the {@link Guard}'s rules by
 * {@link GuardedPublishers}. The only class of the package that names Reactor types: it is loaded only when
 * Reactor is on the classpath.
 *
 * <p>The method is called once and only assembles its publisher; nothing happens until subscription, and each
 * subscription runs the attempts {@link GuardedPublishers} describes. A method called while the breaker is OPEN
 * returns normally, and subscribing to its result fails with {@link CallNotPermittedException}, or gets the
 * fallback's answer. What this class adds is the annotation's part: a method that throws or returns null
 * instead of a publisher still gives one, and the fallback method recovers after the last attempt.
 */
final class ReactorCalls implements CallStrategy {

    private static final ReactorCalls MONO = new ReactorCalls(false);
    private static final ReactorCalls FLUX = new ReactorCalls(true);

    private final boolean flux;

    private ReactorCalls(boolean flux) {
        this.flux = flux;
    }

    /** The strategy for {@code returnType}, or {@code null} if it is neither {@code Mono} nor {@code Flux}. */
    static @Nullable CallStrategy forReturnType(Class<?> returnType) {
        // Exact types only: a subclass of Mono could not hold the Mono this advice returns.
        if (returnType == Mono.class) {
            return MONO;
        }
        if (returnType == Flux.class) {
            return FLUX;
        }
        return null;
    }

    @Override
    public Object invoke(MethodPlan plan, MethodInvocation invocation) {
        Guard guard = plan.guard();
        Object target = invocation.getThis();
        @Nullable Object[] arguments = invocation.getArguments();
        if (flux) {
            Flux<Object> source = assemble(plan, invocation, Flux::error);
            Flux<Object> calls = GuardedPublishers.flux(guard, source);
            return !plan.hasFallback() ? calls : calls.onErrorResume(error -> recover(plan, guard, target, arguments,
                    error, Flux::error, Flux.empty(), fallback -> fallback
                            .doOnComplete(() -> guard.fallbackSucceeded(error))
                            .doOnError(failure -> guard.fallbackFailed(error, failure))));
        }
        Mono<Object> source = assemble(plan, invocation, Mono::error);
        Mono<Object> calls = GuardedPublishers.mono(guard, source);
        return !plan.hasFallback() ? calls : calls.onErrorResume(error -> recover(plan, guard, target, arguments,
                error, Mono::error, Mono.empty(), fallback -> fallback
                        .doOnSuccess(value -> guard.fallbackSucceeded(error))
                        .doOnError(failure -> guard.fallbackFailed(error, failure))));
    }

    /**
     * Calls the method, which only assembles its publisher. If it throws instead, or returns null, the
     * caller still gets a publisher, and subscribing to it takes a permit and records the failure.
     */
    @SuppressWarnings("unchecked")
    private static <P> P assemble(MethodPlan plan, MethodInvocation invocation, Function<Throwable, P> failed) {
        Object publisher;
        try {
            publisher = invocation.proceed();
        } catch (Throwable error) {
            return failed.apply(error);
        }
        return (publisher != null) ? (P) publisher
                : failed.apply(new NullPointerException(plan + " returned null instead of a publisher"));
    }

    /**
     * The publisher answering a call that failed with {@code error}: the fallback's, observed by {@code tell}
     * so the listener hears how it ended, or a failed one when the guard does not fall back on {@code error}.
     */
    @SuppressWarnings("unchecked")
    private static <P> P recover(MethodPlan plan, Guard guard, @Nullable Object target, @Nullable Object[] arguments,
            Throwable error, Function<Throwable, P> failed, P empty, UnaryOperator<P> tell) {
        Fallback<Object> fallback = plan.fallback(target, arguments);
        if (!guard.fallsBackOn(error) || !fallback.handles(error)) {
            return failed.apply(error);
        }
        Object result;
        try {
            result = fallback.apply(error);
        } catch (Throwable failure) {
            guard.fallbackFailed(error, failure);
            return failed.apply(failure);
        }
        return tell.apply((result != null) ? (P) result : empty);
    }

    @Override
    public String toString() {
        return flux ? "Flux" : "Mono";
    }
}
