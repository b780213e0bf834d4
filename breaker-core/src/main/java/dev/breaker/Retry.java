package dev.breaker;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Tries a failed call again, up to {@code retry.max-attempts} attempts, waiting between them as the
 * {@link RetryConfig} says. Made to sit outside a breaker, so that each attempt passes through it and is
 * recorded, and to never work against it:
 * <ul>
 * <li>a rejection ({@link CallNotPermittedException}, {@link BulkheadFullException}) is never retried;</li>
 * <li>no attempt is made while the breaker is open: the retries stop, and the call ends with the last
 * failure, before the wait and again after it;</li>
 * <li>by default only what the breaker counts as a failure is retried: an ignored exception, or a business
 * exception the breaker counts as a success, is the caller's to handle, not the dependency's.</li>
 * </ul>
 * Thread-safe; one per breaker, shared by its calls.
 */
public final class Retry {

    private final String name;
    private final RetryConfig config;
    private final LongAdder successWithoutRetry = new LongAdder();
    private final LongAdder successWithRetry = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder retries = new LongAdder();

    private Retry(String name, RetryConfig config) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** A retry for the breaker named {@code name}. */
    public static Retry of(String name, RetryConfig config) {
        return new Retry(name, config);
    }

    public String name() {
        return name;
    }

    public RetryConfig config() {
        return config;
    }

    /**
     * Runs {@code attempt} until it succeeds or the retries stop, waiting with the config's {@link Sleeper};
     * the last failure propagates unchanged. An interrupted wait ends the retries (the flag is kept).
     *
     * @param breaker the breaker each attempt passes through, consulted before every retry; may be null
     */
    public <T> T executeChecked(@Nullable Breaker breaker, CheckedSupplier<T> attempt) throws Throwable {
        for (int attempts = 1;; attempts++) {
            try {
                T result = attempt.get();
                recordCall(attempts, true);
                return result;
            } catch (Throwable error) {
                if (!shouldRetry(attempts, error, breaker) || !waitBeforeRetry(attempts, breaker)) {
                    recordCall(attempts, false);
                    throw error;
                }
            }
            retries.increment();
        }
    }

    /**
     * {@link #executeChecked} of the guard's attempts at {@code call} on {@code argument}, without a supplier of
     * attempts to allocate per call.
     */
    <A, T> T executeAttempts(Guard guard, A argument, CheckedFunction<? super A, ? extends T> call) throws Throwable {
        Breaker breaker = guard.breaker();
        for (int attempts = 1;; attempts++) {
            try {
                T result = guard.attempt(argument, call);
                recordCall(attempts, true);
                return result;
            } catch (Throwable error) {
                if (!shouldRetry(attempts, error, breaker) || !waitBeforeRetry(attempts, breaker)) {
                    recordCall(attempts, false);
                    throw error;
                }
            }
            retries.increment();
        }
    }

    private boolean waitBeforeRetry(int attempts, @Nullable Breaker breaker) {
        try {
            config.sleeper().sleep(delayBeforeRetry(attempts));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
        // The breaker may have opened during the wait, on other calls' failures.
        return breaker == null || !stopsRetries(breaker);
    }

    /**
     * Starts {@code attempt}, and again after each retryable failure, waiting on the config's scheduler
     * and starting the next attempt on its executor. The returned stage completes with the first success
     * or the last failure (unwrapped from {@link CompletionException}); cancelling it cancels the attempt
     * in flight and any further ones.
     */
    public <T> CompletionStage<T> executeCompletionStage(@Nullable Breaker breaker,
            Supplier<? extends CompletionStage<T>> attempt) {
        CompletableFuture<T> result = new CompletableFuture<>();
        AsyncCall<T> call = new AsyncCall<>(breaker, attempt, result);
        result.whenComplete((value, error) -> {
            if (result.isCancelled()) {
                call.cancel();
            }
        });
        call.attempt(1);
        return result;
    }

    /**
     * Whether the call should be tried again after {@code attemptsMade} attempts ended with {@code error}:
     * attempts are left, the error is retryable and {@code breaker} (if any) is not open.
     */
    public boolean shouldRetry(int attemptsMade, Throwable error, @Nullable Breaker breaker) {
        return attemptsMade < config.maxAttempts() && isRetryable(error, breaker)
                && (breaker == null || !stopsRetries(breaker));
    }

    /**
     * Whether {@code error} is worth another attempt: never a rejection, an interruption or a
     * {@link VirtualMachineError}, nor one of {@code retry.ignore-exceptions}; then one of
     * {@code retry.retry-exceptions} if set, else whatever {@code breaker} counts as a failure (anything
     * without a breaker).
     */
    public boolean isRetryable(Throwable error, @Nullable Breaker breaker) {
        if (error instanceof CallNotPermittedException || error instanceof BulkheadFullException
                || error instanceof InterruptedException || error instanceof VirtualMachineError
                || Checks.matches(config.ignoreExceptions(), error)) {
            return false;
        }
        if (!config.retryExceptions().isEmpty()) {
            return Checks.matches(config.retryExceptions(), error);
        }
        return breaker == null || breaker.config().classify(error) == CallOutcome.FAILURE;
    }

    /**
     * Whether {@code breaker} would reject an attempt now: FORCED_OPEN, or OPEN with wait left. Retrying
     * against it would only add rejections, so the retries stop.
     */
    public static boolean stopsRetries(Breaker breaker) {
        BreakerState state = breaker.state();
        return state == BreakerState.FORCED_OPEN
                || (state == BreakerState.OPEN && !breaker.retryAfter().isZero());
    }

    /**
     * The wait before retry number {@code retry} (1 before the second attempt): the backoff's wait, capped
     * by {@code retry.max-wait-duration}, spread by {@code retry.jitter} and capped again.
     */
    public Duration delayBeforeRetry(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry counts from 1, but was " + retry);
        }
        double wait = config.waitDuration().toNanos();
        if (wait == 0) {
            return Duration.ZERO;
        }
        wait *= switch (config.backoff()) {
            case FIXED -> 1;
            case LINEAR -> retry;
            case EXPONENTIAL -> Math.pow(config.multiplier(), retry - 1);
        };
        double cap = (config.maxWaitDuration().isZero() ? BreakerConfig.MAX_DURATION : config.maxWaitDuration())
                .toNanos();
        wait = Math.min(wait, cap);
        if (config.jitter() > 0) {
            double random = Math.min(Math.max(config.random().getAsDouble(), 0), 1);
            wait = Math.min(wait * (1 + config.jitter() * (2 * random - 1)), cap);
        }
        return Duration.ofNanos((long) wait);
    }

    /**
     * Schedules {@code task} after {@code delay} on the config's scheduler and runs it on the config's
     * executor: for integrations that retry with their own operators.
     */
    public BreakerScheduler.Cancellable afterDelay(Duration delay, Runnable task) {
        Runnable start = () -> config.executor().execute(task);
        if (delay.isZero()) {
            start.run();
            return () -> { };
        }
        return config.scheduler().schedule(start, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Counts a call that ended after {@code attempts} attempts, for integrations that run the attempts. */
    public void recordCall(int attempts, boolean succeeded) {
        if (!succeeded) {
            failed.increment();
        } else if (attempts > 1) {
            successWithRetry.increment();
        } else {
            successWithoutRetry.increment();
        }
    }

    /** Counts one retry (an attempt after the first), for integrations that run the attempts. */
    public void recordRetry() {
        retries.increment();
    }

    /** Calls that succeeded at the first attempt. */
    public long successfulCallsWithoutRetry() {
        return successWithoutRetry.sum();
    }

    /** Calls that succeeded after one or more retries. */
    public long successfulCallsWithRetry() {
        return successWithRetry.sum();
    }

    /** Calls that failed after their last attempt (including those stopped by a rejection or an open breaker). */
    public long failedCalls() {
        return failed.sum();
    }

    /** Attempts made after a first one, in all. */
    public long retryAttempts() {
        return retries.sum();
    }

    @Override
    public String toString() {
        return "Retry[" + name + ", " + config.maxAttempts() + " attempts]";
    }

    /** One asynchronous call: its attempts, one after the other. */
    private final class AsyncCall<T> {

        private final @Nullable Breaker breaker;
        private final Supplier<? extends CompletionStage<T>> supplier;
        private final CompletableFuture<T> result;
        private volatile @Nullable CompletionStage<T> current;
        private volatile BreakerScheduler.@Nullable Cancellable wait;

        AsyncCall(@Nullable Breaker breaker, Supplier<? extends CompletionStage<T>> supplier,
                CompletableFuture<T> result) {
            this.breaker = breaker;
            this.supplier = supplier;
            this.result = result;
        }

        void attempt(int number) {
            if (result.isDone()) {
                return;
            }
            CompletionStage<T> stage;
            try {
                stage = Objects.requireNonNull(supplier.get(), "the attempt returned a null CompletionStage");
            } catch (Throwable error) {
                stage = CompletableFuture.failedFuture(error);
            }
            current = stage;
            stage.whenComplete((value, error) -> {
                if (error == null) {
                    recordCall(number, true);
                    result.complete(value);
                    return;
                }
                Throwable cause = Guard.unwrap(error);
                if (result.isDone()) {
                    return;
                }
                if (!shouldRetry(number, cause, breaker)) {
                    recordCall(number, false);
                    result.completeExceptionally(cause);
                    return;
                }
                wait = afterDelay(delayBeforeRetry(number), () -> {
                    Breaker b = breaker;
                    if (b != null && stopsRetries(b)) {
                        recordCall(number, false);
                        result.completeExceptionally(cause);
                    } else if (!result.isDone()) {
                        retries.increment();
                        attempt(number + 1);
                    }
                });
            });
        }

        void cancel() {
            BreakerScheduler.Cancellable pending = wait;
            if (pending != null) {
                pending.cancel();
            }
            CompletionStage<T> inFlight = current;
            if (inFlight != null) {
                try {
                    inFlight.toCompletableFuture().cancel(true);
                } catch (UnsupportedOperationException notCancellable) {
                    // It finishes on its own; nobody waits for it any more.
                }
            }
        }
    }
}
