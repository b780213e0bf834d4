package dev.breaker.aop;

import dev.breaker.Attempt;
import dev.breaker.BreakerScheduler;
import dev.breaker.CallNotPermittedException;
import dev.breaker.Fallback;
import dev.breaker.Guard;
import dev.breaker.Retry;
import dev.breaker.Timeout;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Calls returning a Reactor {@link Mono} or {@link Flux}, run under the {@link Guard}'s rules with Reactor's
 * own operators. The only class of the package that names Reactor types: it is loaded only when Reactor is on
 * the classpath.
 *
 * <p>The method is called once and only assembles its publisher; nothing happens until subscription. Each
 * attempt is a subscription to that publisher (so a cold publisher, such as a WebClient call, is made again):
 * a permit, a bulkhead slot taken without waiting (a subscription must never block), and Reactor's
 * {@code timeout} triggered at the guard's deadline. A method called while the breaker is OPEN returns
 * normally, and subscribing to its result fails with {@link CallNotPermittedException}. Each attempt reports
 * exactly one outcome. Retries wait on the retry's scheduler; a Flux is retried only if it failed before its
 * first element, so a subscriber never gets an element twice.
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
            Flux<Object> calls = retried(attempts(guard, source), guard, 1);
            return !plan.hasFallback() ? calls : calls.onErrorResume(error -> recover(plan, guard, target, arguments,
                    error, Flux::error, Flux.empty(), fallback -> fallback
                            .doOnComplete(() -> guard.fallbackSucceeded(error))
                            .doOnError(failure -> guard.fallbackFailed(error, failure))));
        }
        Mono<Object> source = assemble(plan, invocation, Mono::error);
        Mono<Object> calls = retried(attempts(guard, source), guard, 1);
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

    /** One attempt per subscription to a Mono: permit, slot, deadline; exactly one report. */
    private static Mono<Object> attempts(Guard guard, Mono<Object> source) {
        Timeout deadline = guard.timeout();
        return Mono.defer(() -> {
            Attempt attempt = guard.startAttemptNow();
            Throwable rejection = attempt.rejection();
            if (rejection != null) {
                return Mono.error(rejection);
            }
            Mono<Object> timed = (deadline == null) ? source
                    : source.timeout(at(deadline), Mono.error(deadline::timedOut));
            return timed.doOnSuccess(value -> {
                // An empty Mono completed; a value is checked by the result predicate.
                if (value == null) {
                    attempt.completed();
                } else {
                    attempt.succeeded(value);
                }
            }).doOnError(attempt::failed).doOnCancel(attempt::cancelled);
        });
    }

    /** One attempt per subscription to a Flux: the whole stream must complete by the deadline, not each element. */
    private static Flux<Object> attempts(Guard guard, Flux<Object> source) {
        Timeout deadline = guard.timeout();
        return Flux.defer(() -> {
            Attempt attempt = guard.startAttemptNow();
            Throwable rejection = attempt.rejection();
            if (rejection != null) {
                return Flux.error(rejection);
            }
            Flux<Object> timed = source;
            if (deadline != null) {
                AtomicBoolean expired = new AtomicBoolean();
                timed = source.takeUntilOther(at(deadline).doOnNext(tick -> expired.set(true)))
                        .concatWith(Mono.defer(() -> expired.get() ? Mono.error(deadline.timedOut()) : Mono.empty()));
            }
            return timed.doOnComplete(attempt::completed).doOnError(attempt::failed).doOnCancel(attempt::cancelled);
        });
    }

    private static Mono<Object> retried(Mono<Object> attempt, Guard guard, int number) {
        Retry retry = guard.retry();
        if (retry == null) {
            return attempt;
        }
        return attempt.doOnSuccess(value -> retry.recordCall(number, true)).onErrorResume(error -> {
            if (!retry.shouldRetry(number, error, guard.breaker())) {
                retry.recordCall(number, false);
                return Mono.error(error);
            }
            return waitBeforeRetry(retry, guard, number, error)
                    .then(Mono.defer(() -> retried(attempt, guard, number + 1)));
        });
    }

    private static Flux<Object> retried(Flux<Object> attempt, Guard guard, int number) {
        Retry retry = guard.retry();
        if (retry == null) {
            return attempt;
        }
        return Flux.defer(() -> {
            AtomicBoolean emitted = new AtomicBoolean();
            return attempt.doOnNext(element -> emitted.set(true))
                    .doOnComplete(() -> retry.recordCall(number, true))
                    .onErrorResume(error -> {
                        if (emitted.get() || !retry.shouldRetry(number, error, guard.breaker())) {
                            retry.recordCall(number, false);
                            return Flux.error(error);
                        }
                        return waitBeforeRetry(retry, guard, number, error)
                                .thenMany(Flux.defer(() -> retried(attempt, guard, number + 1)));
                    });
        });
    }

    /**
     * Completes after the wait before the next attempt (on the retry's scheduler, resuming on its executor),
     * or fails with {@code error} if the breaker opened meanwhile: no attempt hits an open breaker.
     */
    private static Mono<Void> waitBeforeRetry(Retry retry, Guard guard, int number, Throwable error) {
        Duration delay = retry.delayBeforeRetry(number);
        Mono<Boolean> waited = Mono.create(sink -> {
            BreakerScheduler.Cancellable wait = retry.afterDelay(delay, () -> sink.success(Boolean.TRUE));
            sink.onDispose(wait::cancel);
        });
        return waited.then(Mono.defer(() -> {
            if (Retry.stopsRetries(guard.breaker())) {
                retry.recordCall(number, false);
                return Mono.error(error);
            }
            retry.recordRetry();
            return Mono.empty();
        }));
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

    /** A Mono that emits at the deadline of a call starting at subscription, on the timeout's scheduler. */
    private static Mono<Long> at(Timeout deadline) {
        return Mono.create(sink -> {
            BreakerScheduler.Cancellable timer = deadline.atDeadline(() -> sink.success(0L));
            sink.onDispose(timer::cancel);
        });
    }

    @Override
    public String toString() {
        return flux ? "Flux" : "Mono";
    }
}
