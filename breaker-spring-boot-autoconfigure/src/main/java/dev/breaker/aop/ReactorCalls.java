package dev.breaker.aop;

import dev.breaker.Breaker;
import dev.breaker.BreakerClock;
import dev.breaker.CallNotPermittedException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Calls returning a Reactor {@link Mono} or {@link Flux}. The only class of the package that names Reactor
 * types: it is loaded only when Reactor is on the classpath.
 *
 * <p>Nothing happens until subscription, so the breaker is asked there, once per subscription: a method
 * called while the breaker is OPEN returns normally, and subscribing to its result fails with
 * {@link CallNotPermittedException}. Each subscription reports exactly one outcome on its permit.
 */
final class ReactorCalls {

    private ReactorCalls() {
    }

    /** The strategy for {@code returnType}, or {@code null} if it is neither {@code Mono} nor {@code Flux}. */
    static @Nullable CallStrategy forReturnType(Class<?> returnType) {
        // Exact types only: a subclass of Mono could not hold the Mono this advice returns.
        if (returnType == Mono.class) {
            return ReactorCalls::mono;
        }
        if (returnType == Flux.class) {
            return ReactorCalls::flux;
        }
        return null;
    }

    private static Mono<Object> mono(MethodPlan plan, MethodInvocation invocation) {
        Mono<Object> source = assemble(plan, invocation, Mono::error);
        Breaker breaker = plan.breaker();
        Mono<Object> guarded = Mono.defer(() -> {
            Breaker.Permit permit;
            try {
                permit = breaker.acquirePermit();
            } catch (CallNotPermittedException rejected) {
                return Mono.error(rejected);
            }
            Report report = new Report(permit, breaker.config().clock());
            return source.doOnSuccess(report::value).doOnError(report::error).doOnCancel(report::cancel);
        });
        if (!plan.hasFallback()) {
            return guarded;
        }
        Object target = invocation.getThis();
        @Nullable Object[] arguments = invocation.getArguments();
        return guarded.onErrorResume(error -> {
            Object result = fallback(plan, breaker, target, arguments, error);
            if (result instanceof Throwable failure) {
                return Mono.error(failure);
            }
            @SuppressWarnings("unchecked")
            Mono<Object> mono = (result != null) ? (Mono<Object>) result : Mono.empty();
            return mono.doOnSuccess(value -> plan.fallbackSucceeded(breaker, error))
                    .doOnError(failure -> plan.fallbackFailed(breaker, error, failure));
        });
    }

    private static Flux<Object> flux(MethodPlan plan, MethodInvocation invocation) {
        Flux<Object> source = assemble(plan, invocation, Flux::error);
        Breaker breaker = plan.breaker();
        Flux<Object> guarded = Flux.defer(() -> {
            Breaker.Permit permit;
            try {
                permit = breaker.acquirePermit();
            } catch (CallNotPermittedException rejected) {
                return Flux.error(rejected);
            }
            Report report = new Report(permit, breaker.config().clock());
            return source.doOnComplete(report::complete).doOnError(report::error).doOnCancel(report::cancel);
        });
        if (!plan.hasFallback()) {
            return guarded;
        }
        Object target = invocation.getThis();
        @Nullable Object[] arguments = invocation.getArguments();
        return guarded.onErrorResume(error -> {
            Object result = fallback(plan, breaker, target, arguments, error);
            if (result instanceof Throwable failure) {
                return Flux.error(failure);
            }
            @SuppressWarnings("unchecked")
            Flux<Object> flux = (result != null) ? (Flux<Object>) result : Flux.empty();
            return flux.doOnComplete(() -> plan.fallbackSucceeded(breaker, error))
                    .doOnError(failure -> plan.fallbackFailed(breaker, error, failure));
        });
    }

    /**
     * Calls the method, which only assembles its publisher. If it throws instead, or returns null, the
     * caller still gets a publisher, and subscribing to it takes a permit and records the failure.
     */
    @SuppressWarnings("unchecked")
    static <P> P assemble(MethodPlan plan, MethodInvocation invocation,
            Function<Throwable, P> failed) {
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
     * Runs the fallback for {@code error}: its result (a publisher, or null), or the Throwable to fail with,
     * which is {@code error} itself when no fallback applies.
     */
    static @Nullable Object fallback(MethodPlan plan, Breaker breaker, @Nullable Object target,
            @Nullable Object[] arguments, Throwable error) {
        FallbackMethod fallback = plan.fallbackFor(breaker, error);
        if (fallback == null) {
            return error;
        }
        try {
            return fallback.invoke(target, arguments, error);
        } catch (Throwable failure) {
            plan.fallbackFailed(breaker, error, failure);
            return failure;
        }
    }

    /**
     * One subscription's permit: the first terminal signal or cancellation reports, later ones do nothing
     * (a Mono's consumer may cancel after its value, an error may follow a failing value hook).
     */
    private static final class Report extends AtomicBoolean {

        private final Breaker.Permit permit;
        private final BreakerClock clock;
        private final long start;

        Report(Breaker.Permit permit, BreakerClock clock) {
            this.permit = permit;
            this.clock = clock;
            this.start = clock.nanoTime();
        }

        /** A Mono's value (checked by the result predicate, like a synchronous result) or its empty completion. */
        void value(@Nullable Object value) {
            if (compareAndSet(false, true)) {
                long duration = clock.nanoTime() - start;
                if (value == null) {
                    permit.onSuccess(duration);
                } else {
                    permit.onResult(duration, value);
                }
            }
        }

        void complete() {
            if (compareAndSet(false, true)) {
                permit.onSuccess(clock.nanoTime() - start);
            }
        }

        void error(Throwable error) {
            if (compareAndSet(false, true)) {
                permit.onError(clock.nanoTime() - start, error);
            }
        }

        /** A cancelled call neither succeeded nor failed: give the permit back (a HALF_OPEN trial slot too). */
        void cancel() {
            if (compareAndSet(false, true)) {
                permit.release();
            }
        }
    }
}
