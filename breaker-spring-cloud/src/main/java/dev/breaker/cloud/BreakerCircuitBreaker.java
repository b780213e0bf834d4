package dev.breaker.cloud;

import dev.breaker.Guard;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.cloud.client.circuitbreaker.CircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.NoFallbackAvailableException;

/**
 * One breaker as Spring Cloud's {@link CircuitBreaker}: {@code run} goes through the breaker's {@link Guard}
 * (retry, breaker, bulkhead, timeout). As Spring Cloud's contract asks, the fallback answers whatever the call
 * threw: a rejection ({@code CallNotPermittedException}, {@code BulkheadFullException}), a timeout
 * ({@code CallTimeoutException}) or the call's own exception, unwrapped. Without a fallback, Spring Cloud's
 * {@code run(supplier)} wraps it in {@code NoFallbackAvailableException}.
 */
final class BreakerCircuitBreaker implements CircuitBreaker {

    private final Guard guard;

    BreakerCircuitBreaker(Guard guard) {
        this.guard = guard;
    }

    /** Spring Cloud's contract without a fallback: the failure wrapped in {@link NoFallbackAvailableException}. */
    @Override
    public <T> T run(Supplier<T> toRun) {
        try {
            return guard.get(toRun);
        } catch (RuntimeException | Error failure) {
            Throwable cause = Guard.unwrap(failure);
            if (cause instanceof VirtualMachineError fatal) {
                throw fatal;
            }
            throw new NoFallbackAvailableException("No fallback available.", cause);
        }
    }

    @Override
    public <T> T run(Supplier<T> toRun, Function<Throwable, T> fallback) {
        try {
            return guard.get(toRun);
        } catch (RuntimeException | Error failure) {
            Throwable cause = Guard.unwrap(failure);
            if (cause instanceof VirtualMachineError fatal) {
                throw fatal;
            }
            // Told to the fallback listener (fallback meters) when the breaker itself would fall back on it.
            boolean counted = guard.fallsBackOn(cause);
            T answer;
            try {
                answer = fallback.apply(cause);
            } catch (RuntimeException | Error fallbackFailure) {
                // A fallback that throws the very error it was given declines to fall back: not told.
                if (counted && fallbackFailure != cause) {
                    guard.fallbackFailed(cause, fallbackFailure);
                }
                throw fallbackFailure;
            }
            if (counted) {
                guard.fallbackSucceeded(cause);
            }
            return answer;
        }
    }

    @Override
    public String toString() {
        return "BreakerCircuitBreaker[" + guard.name() + "]";
    }
}
