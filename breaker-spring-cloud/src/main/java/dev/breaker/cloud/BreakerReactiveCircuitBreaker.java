package dev.breaker.cloud;

import dev.breaker.Guard;
import dev.breaker.reactor.GuardedPublishers;
import org.jspecify.annotations.Nullable;
import java.util.function.Function;
import org.springframework.cloud.client.circuitbreaker.NoFallbackAvailableException;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One breaker as Spring Cloud's {@link ReactiveCircuitBreaker}. Each subscription runs under the breaker's
 * {@link Guard} ({@link GuardedPublishers}: retry, permit, bulkhead slot without waiting, timeout); a rejection
 * errors the publisher without subscribing to the call. The fallback answers whatever the call errored with, as
 * Spring Cloud's contract asks; without one, the error arrives wrapped in {@link NoFallbackAvailableException}.
 */
final class BreakerReactiveCircuitBreaker implements ReactiveCircuitBreaker {

    private final Guard guard;

    BreakerReactiveCircuitBreaker(Guard guard) {
        this.guard = guard;
    }

    @Override
    public <T> Mono<T> run(Mono<T> toRun) {
        return GuardedPublishers.mono(guard, toRun)
                .onErrorMap(error -> !(error instanceof VirtualMachineError), BreakerReactiveCircuitBreaker::noFallback);
    }

    @Override
    public <T> Mono<T> run(Mono<T> toRun, Function<Throwable, Mono<T>> fallback) {
        return GuardedPublishers.mono(guard, toRun).onErrorResume(error -> {
            if (error instanceof VirtualMachineError) {
                return Mono.error(error);
            }
            Mono<T> answer;
            try {
                answer = fallback.apply(error);
            } catch (RuntimeException fallbackFailure) {
                told(error, fallbackFailure);
                return Mono.error(fallbackFailure);
            }
            return answer.doOnSuccess(value -> told(error, null)).doOnError(failure -> told(error, failure));
        });
    }

    @Override
    public <T> Flux<T> run(Flux<T> toRun) {
        return GuardedPublishers.flux(guard, toRun)
                .onErrorMap(error -> !(error instanceof VirtualMachineError), BreakerReactiveCircuitBreaker::noFallback);
    }

    @Override
    public <T> Flux<T> run(Flux<T> toRun, Function<Throwable, Flux<T>> fallback) {
        return GuardedPublishers.flux(guard, toRun).onErrorResume(error -> {
            if (error instanceof VirtualMachineError) {
                return Flux.error(error);
            }
            Flux<T> answer;
            try {
                answer = fallback.apply(error);
            } catch (RuntimeException fallbackFailure) {
                told(error, fallbackFailure);
                return Flux.error(fallbackFailure);
            }
            return answer.doOnComplete(() -> told(error, null)).doOnError(failure -> told(error, failure));
        });
    }

    /**
     * Tells the fallback listener how a fallback ended, when the breaker itself would have fallen back. A fallback
     * that answers with the very error it was given declines to fall back, and is not told: Gateway's
     * {@code CircuitBreaker} filter passes one on every route without a {@code fallbackUri}.
     */
    private void told(Throwable cause, @Nullable Throwable fallbackFailure) {
        if (!guard.fallsBackOn(cause) || fallbackFailure == cause) {
            return;
        }
        if (fallbackFailure == null) {
            guard.fallbackSucceeded(cause);
        } else {
            guard.fallbackFailed(cause, fallbackFailure);
        }
    }

    private static Throwable noFallback(Throwable error) {
        return new NoFallbackAvailableException("No fallback available.", error);
    }

    @Override
    public String toString() {
        return "BreakerReactiveCircuitBreaker[" + guard.name() + "]";
    }
}
