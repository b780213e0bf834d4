package dev.breaker.aop;

import dev.breaker.Breaker;
import dev.breaker.BreakerClock;
import dev.breaker.BreakerScheduler;
import dev.breaker.Bulkhead;
import dev.breaker.CallNotPermittedException;
import dev.breaker.Retry;
import dev.breaker.Timeout;
import dev.breaker.autoconfigure.BreakerLayers;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Calls returning a Reactor {@link Mono} or {@link Flux} of a breaker with layers. As in {@link ReactorCalls},
 * the method is called once and nothing happens until subscription; each attempt is a subscription to the
 * publisher it returned (so a cold publisher, such as a WebClient call, is made again). Per attempt: a
 * permit, a bulkhead slot taken without waiting (a subscription must never block), Reactor's own
 * {@code timeout} operator triggered at the breaker scheduler's deadline. Retries wait on that scheduler; a
 * Flux is retried only if it failed before its first element, so a subscriber never gets an element twice.
 */
final class LayeredReactorCalls implements CallStrategy {

    private final boolean flux;
    private final @Nullable Retry retry;
    private final @Nullable Bulkhead bulkhead;
    private final @Nullable Timeout timeout;

    private LayeredReactorCalls(BreakerLayers layers, boolean flux) {
        this.flux = flux;
        this.retry = layers.retry();
        this.bulkhead = layers.bulkhead();
        this.timeout = layers.timeout();
    }

    /** The strategy for {@code returnType}, or {@code null} if it is neither {@code Mono} nor {@code Flux}. */
    static @Nullable CallStrategy forReturnType(Class<?> returnType, BreakerLayers layers) {
        if (returnType == Mono.class) {
            return new LayeredReactorCalls(layers, false);
        }
        if (returnType == Flux.class) {
            return new LayeredReactorCalls(layers, true);
        }
        return null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object invoke(MethodPlan plan, MethodInvocation invocation) {
        Breaker breaker = plan.breaker();
        Object target = invocation.getThis();
        @Nullable Object[] arguments = invocation.getArguments();
        if (flux) {
            Flux<Object> source = ReactorCalls.assemble(plan, invocation, Flux::error);
            Flux<Object> calls = retried(attemptFlux(breaker, source), breaker, 1);
            return !plan.hasFallback() ? calls : calls.onErrorResume(error -> {
                Object result = ReactorCalls.fallback(plan, breaker, target, arguments, error);
                if (result instanceof Throwable failure) {
                    return Flux.error(failure);
                }
                return ((result != null) ? (Flux<Object>) result : Flux.empty())
                        .doOnComplete(() -> plan.fallbackSucceeded(breaker, error))
                        .doOnError(failure -> plan.fallbackFailed(breaker, error, failure));
            });
        }
        Mono<Object> source = ReactorCalls.assemble(plan, invocation, Mono::error);
        Mono<Object> calls = retried(attemptMono(breaker, source), breaker, 1);
        return !plan.hasFallback() ? calls : calls.onErrorResume(error -> {
            Object result = ReactorCalls.fallback(plan, breaker, target, arguments, error);
            if (result instanceof Throwable failure) {
                return Mono.error(failure);
            }
            return ((result != null) ? (Mono<Object>) result : Mono.empty())
                    .doOnSuccess(value -> plan.fallbackSucceeded(breaker, error))
                    .doOnError(failure -> plan.fallbackFailed(breaker, error, failure));
        });
    }

    /** One attempt at a Mono: permit, slot, deadline; exactly one report per subscription. */
    private Mono<Object> attemptMono(Breaker breaker, Mono<Object> source) {
        return Mono.defer(() -> {
            AttemptReport report = start(breaker);
            if (report.rejection != null) {
                return Mono.error(report.rejection);
            }
            Timeout deadline = timeout;
            Mono<Object> timed = (deadline == null) ? source
                    : source.timeout(at(deadline), Mono.error(deadline::timedOut));
            return timed.doOnSuccess(report::value).doOnError(report::error).doOnCancel(report::cancel);
        });
    }

    /** One attempt at a Flux: the whole stream must complete by the deadline, not each element. */
    private Flux<Object> attemptFlux(Breaker breaker, Flux<Object> source) {
        return Flux.defer(() -> {
            AttemptReport report = start(breaker);
            if (report.rejection != null) {
                return Flux.error(report.rejection);
            }
            Timeout deadline = timeout;
            Flux<Object> timed = source;
            if (deadline != null) {
                AtomicBoolean expired = new AtomicBoolean();
                timed = source.takeUntilOther(at(deadline).doOnNext(tick -> expired.set(true)))
                        .concatWith(Mono.defer(() -> expired.get() ? Mono.error(deadline.timedOut()) : Mono.empty()));
            }
            return timed.doOnComplete(report::complete).doOnError(report::error).doOnCancel(report::cancel);
        });
    }

    private Mono<Object> retried(Mono<Object> attempt, Breaker breaker, int number) {
        Retry retrying = retry;
        if (retrying == null) {
            return attempt;
        }
        return attempt.doOnSuccess(value -> retrying.recordCall(number, true)).onErrorResume(error -> {
            if (!retrying.shouldRetry(number, error, breaker)) {
                retrying.recordCall(number, false);
                return Mono.error(error);
            }
            return waitBeforeRetry(retrying, breaker, number, error)
                    .then(Mono.defer(() -> retried(attempt, breaker, number + 1)));
        });
    }

    private Flux<Object> retried(Flux<Object> attempt, Breaker breaker, int number) {
        Retry retrying = retry;
        if (retrying == null) {
            return attempt;
        }
        return Flux.defer(() -> {
            AtomicBoolean emitted = new AtomicBoolean();
            return attempt.doOnNext(element -> emitted.set(true))
                    .doOnComplete(() -> retrying.recordCall(number, true))
                    .onErrorResume(error -> {
                        if (emitted.get() || !retrying.shouldRetry(number, error, breaker)) {
                            retrying.recordCall(number, false);
                            return Flux.error(error);
                        }
                        return waitBeforeRetry(retrying, breaker, number, error)
                                .thenMany(Flux.defer(() -> retried(attempt, breaker, number + 1)));
                    });
        });
    }

    /**
     * Completes after the wait before the next attempt (on the breaker's scheduler, resuming on the retry's
     * executor), or fails with {@code error} if the breaker opened meanwhile: no attempt hits an open breaker.
     */
    private static Mono<Void> waitBeforeRetry(Retry retry, Breaker breaker, int number, Throwable error) {
        Duration delay = retry.delayBeforeRetry(number);
        Mono<Boolean> waited = Mono.create(sink -> {
            BreakerScheduler.Cancellable wait = retry.afterDelay(delay, () -> sink.success(Boolean.TRUE));
            sink.onDispose(wait::cancel);
        });
        return waited.then(Mono.defer(() -> {
            if (Retry.stopsRetries(breaker)) {
                retry.recordCall(number, false);
                return Mono.error(error);
            }
            retry.recordRetry();
            return Mono.empty();
        }));
    }

    private AttemptReport start(Breaker breaker) {
        Breaker.Permit permit;
        try {
            permit = breaker.acquirePermit();
        } catch (CallNotPermittedException rejected) {
            return new AttemptReport(null, null, breaker.config().clock(), rejected);
        }
        Bulkhead slots = bulkhead;
        if (slots != null && !slots.tryAcquireNow()) {
            permit.release();
            return new AttemptReport(null, null, breaker.config().clock(), slots.rejection());
        }
        return new AttemptReport(permit, slots, breaker.config().clock(), null);
    }

    /** A Mono that emits at the deadline of a call starting at subscription, on the breaker's scheduler. */
    private static Mono<Long> at(Timeout deadline) {
        return Mono.create(sink -> {
            BreakerScheduler.Cancellable timer = deadline.atDeadline(() -> sink.success(0L));
            sink.onDispose(timer::cancel);
        });
    }

    @Override
    public String toString() {
        return (flux ? "Flux" : "Mono") + ", with layers";
    }
}
