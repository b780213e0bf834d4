package dev.breaker.reactor;

import dev.breaker.Attempt;
import dev.breaker.BreakerScheduler;
import dev.breaker.BulkheadFullException;
import dev.breaker.CallNotPermittedException;
import dev.breaker.Guard;
import dev.breaker.Retry;
import dev.breaker.Timeout;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A Reactor {@link Mono} or {@link Flux} run under a {@link Guard}'s rules with Reactor's own operators: what
 * {@code @CircuitBreaker} methods, WebClient and Spring Cloud's reactive circuit breaker share.
 *
 * <p>Nothing happens until subscription. Each attempt is a subscription to the source (so a cold publisher,
 * such as a WebClient call, is made again): a permit, a bulkhead slot taken without waiting (a subscription
 * must never block), and Reactor's {@code timeout} triggered at the guard's deadline. Subscribing while the
 * breaker is OPEN fails with {@link CallNotPermittedException}, and a full bulkhead with
 * {@link BulkheadFullException}, without subscribing to the source. Each attempt reports exactly one outcome;
 * a cancelled attempt gives its permit and slot back, recording nothing against the dependency. Retries wait
 * on the retry's scheduler; a Flux is retried only if it failed before its first element, so a subscriber
 * never gets an element twice, and the whole stream, not each element, must complete by the deadline.
 *
 * <p>There is no fallback here: callers recover with {@code onErrorResume} where {@link Guard#fallsBackOn}
 * says so, and tell the guard how it ended ({@link Guard#fallbackSucceeded}, {@link Guard#fallbackFailed}).
 */
public final class GuardedPublishers {

    private GuardedPublishers() {
    }

    /** {@code source} under {@code guard}: each subscription runs the retry's attempts, each attempt resubscribes. */
    public static <T> Mono<T> mono(Guard guard, Mono<T> source) {
        if (!guard.hasLayers()) {
            // The breaker alone: one operator, one subscriber per subscription, the same rules.
            return BreakerMono.of(source, guard.breaker());
        }
        return retried(attempts(guard, source), guard, 1);
    }

    /**
     * {@code source} under {@code guard}: each subscription runs the retry's attempts (retried only before the
     * first element), each attempt resubscribes and must complete by the deadline.
     */
    public static <T> Flux<T> flux(Guard guard, Flux<T> source) {
        return retried(attempts(guard, source), guard, 1);
    }

    /** One attempt per subscription to a Mono: permit, slot, deadline; exactly one report. */
    private static <T> Mono<T> attempts(Guard guard, Mono<T> source) {
        Timeout deadline = guard.timeout();
        return Mono.defer(() -> {
            Attempt attempt = guard.startAttemptNow();
            Throwable rejection = attempt.rejection();
            if (rejection != null) {
                return Mono.error(rejection);
            }
            Mono<T> timed = (deadline == null) ? source
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
    private static <T> Flux<T> attempts(Guard guard, Flux<T> source) {
        Timeout deadline = guard.timeout();
        return Flux.defer(() -> {
            Attempt attempt = guard.startAttemptNow();
            Throwable rejection = attempt.rejection();
            if (rejection != null) {
                return Flux.error(rejection);
            }
            Flux<T> timed = source;
            if (deadline != null) {
                AtomicBoolean expired = new AtomicBoolean();
                timed = source.takeUntilOther(at(deadline).doOnNext(tick -> expired.set(true)))
                        .concatWith(Mono.defer(() -> expired.get() ? Mono.error(deadline.timedOut()) : Mono.empty()));
            }
            return timed.doOnComplete(attempt::completed).doOnError(attempt::failed).doOnCancel(attempt::cancelled);
        });
    }

    private static <T> Mono<T> retried(Mono<T> attempt, Guard guard, int number) {
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

    private static <T> Flux<T> retried(Flux<T> attempt, Guard guard, int number) {
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

    /** A Mono that emits at the deadline of a call starting at subscription, on the timeout's scheduler. */
    private static Mono<Long> at(Timeout deadline) {
        return Mono.create(sink -> {
            BreakerScheduler.Cancellable timer = deadline.atDeadline(() -> sink.success(0L));
            sink.onDispose(timer::cancel);
        });
    }
}
