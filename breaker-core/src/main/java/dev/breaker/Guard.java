package dev.breaker;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One protected operation: a {@link Breaker} and the layers around it, always composed in the same order, from
 * the outside in: fallback, retry, circuit breaker, bulkhead, timeout, the call. It is what
 * {@code @CircuitBreaker} builds for a breaker name, and what every other entry point (HTTP clients, Spring
 * Cloud) runs its calls through, so they all follow the same rules:
 * <ul>
 * <li>Each attempt first asks the breaker: a rejection ends the call and is never retried. It then takes a
 * bulkhead slot: a full bulkhead gives the permit back, records nothing against the dependency, and ends the
 * call too. Then the call runs, on the timeout's executor when there is a timeout, so the caller is released
 * at the deadline.</li>
 * <li>An attempt is timed from its slot on: waiting for the bulkhead is not the dependency being slow. A
 * timed-out attempt counts as a failure and as slow, whatever clock measured it. An interrupted caller's
 * attempt is given back, recording nothing. A cancelled stage is given back too.</li>
 * <li>Retries follow {@link Retry}: only what the breaker counts as a failure, and no attempt while it is open.</li>
 * <li>The fallback runs once, after the last attempt, for rejections (breaker or bulkhead) and for what the
 * breaker counts as a failure; ignored exceptions and business exceptions reach the caller. It sees that
 * error itself (unwrapped from {@link CompletionException}); a cancelled stage is not a failure to fall back
 * from. The {@link FallbackListener} hears how each fallback ended.</li>
 * </ul>
 * A guard without layers runs a call through the breaker alone, at the breaker's own cost. Thread-safe: share
 * one per dependency, so that a bulkhead of 10 means 10 calls to it however many callers there are.
 *
 * <pre>{@code
 * Guard payment = Guard.builder(registry.breaker("payment"))
 *         .timeout(TimeoutConfig.of(Duration.ofSeconds(2)))
 *         .retry(RetryConfig.builder().maxAttempts(3).build())
 *         .build();
 * Receipt receipt = payment.get(() -> gateway.charge(order), failure -> queue.later(order));
 * }</pre>
 */
public final class Guard {

    private static final System.Logger LOG = System.getLogger(Guard.class.getName());

    private final Breaker breaker;
    private final @Nullable Retry retry;
    private final @Nullable Bulkhead bulkhead;
    private final @Nullable Timeout timeout;
    private final FallbackListener fallbackListener;
    private final boolean layered;

    private Guard(Builder builder) {
        this.breaker = builder.breaker;
        this.retry = builder.retry;
        this.bulkhead = builder.bulkhead;
        this.timeout = builder.timeout;
        this.fallbackListener = builder.fallbackListener;
        this.layered = retry != null || bulkhead != null || timeout != null;
    }

    /** A guard of {@code breaker} alone, without layers. */
    public static Guard of(Breaker breaker) {
        return builder(breaker).build();
    }

    /** Builds a guard of {@code breaker}; layers left unset are off. */
    public static Builder builder(Breaker breaker) {
        return new Builder(breaker);
    }

    public Breaker breaker() {
        return breaker;
    }

    /** The breaker's name, which its layers share. */
    public String name() {
        return breaker.name();
    }

    /** The retry, or {@code null} when off. */
    public @Nullable Retry retry() {
        return retry;
    }

    /** The bulkhead, or {@code null} when off. */
    public @Nullable Bulkhead bulkhead() {
        return bulkhead;
    }

    /** The timeout, or {@code null} when off. */
    public @Nullable Timeout timeout() {
        return timeout;
    }

    /** Whether any layer (retry, bulkhead, timeout) is on. */
    public boolean hasLayers() {
        return layered;
    }

    // ---- synchronous calls -------------------------------------------------------------------

    /**
     * Runs {@code call} through the layers and returns its result. A timeout or an interrupted wait, which
     * are checked exceptions, reach the caller wrapped in a {@link CompletionException} (the interrupt flag
     * is kept); rejections are {@link CallNotPermittedException} and {@link BulkheadFullException}.
     */
    public <T> T get(Supplier<T> call) {
        try {
            return executeChecked(call::get);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable checked) {
            throw unchecked(checked);
        }
    }

    /** Like {@link #get(Supplier)}, answering with {@code fallback} when the call fails or is rejected. */
    public <T> T get(Supplier<T> call, Function<Throwable, ? extends T> fallback) {
        try {
            return executeChecked(call::get, fallback::apply);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable checked) {
            throw unchecked(checked);
        }
    }

    /** Runs {@code call} through the layers, as {@link #get(Supplier)}. */
    public void run(Runnable call) {
        get(() -> {
            call.run();
            return null;
        });
    }

    /** Runs {@code call} through the layers; its exceptions, and a {@link CallTimeoutException}, propagate. */
    public <T> T call(Callable<T> call) throws Exception {
        try {
            return executeChecked(call::call);
        } catch (Exception | Error thrown) {
            throw thrown;
        } catch (Throwable other) {
            throw unchecked(other);
        }
    }

    /** Runs {@code call} through the layers; anything it throws propagates unchanged. */
    public <T> T executeChecked(CheckedSupplier<T> call) throws Throwable {
        // CheckedSupplier::get is unbound (a constant): one path for both forms, nothing allocated.
        return executeWith(call, CheckedSupplier::get);
    }

    /**
     * Runs {@code call} on {@code argument} through the layers; anything it throws propagates unchanged. The
     * input is passed rather than captured, so a constant {@code call} (an unbound method reference such as
     * {@code MethodInvocation::proceed}) costs no allocation: a guard without layers runs it through
     * {@link Breaker#executeWith(Object, CheckedFunction)}. With layers, each attempt calls it again on the
     * same argument.
     */
    public <A, T> T executeWith(A argument, CheckedFunction<? super A, ? extends T> call) throws Throwable {
        if (!layered) {
            return breaker.executeWith(argument, call);
        }
        Retry retrying = retry;
        return (retrying == null) ? attempt(argument, call) : retrying.executeAttempts(this, argument, call);
    }

    /** Runs {@code call} through the layers, answering with {@code fallback} when it fails or is rejected. */
    public <T> T executeChecked(CheckedSupplier<T> call, Fallback<? extends T> fallback) throws Throwable {
        try {
            return executeChecked(call);
        } catch (Throwable error) {
            return recover(error, fallback);
        }
    }

    /**
     * The answer for a call that ended with {@code error}: the fallback's, if the guard falls back on
     * {@code error} and the fallback handles it; else {@code error} is thrown unchanged. What the fallback
     * throws propagates, with {@code error} added to it as suppressed.
     */
    public <T> T recover(Throwable error, Fallback<? extends T> fallback) throws Throwable {
        if (!fallsBackOn(error) || !fallback.handles(error)) {
            throw error;
        }
        T result;
        try {
            result = fallback.apply(error);
        } catch (Throwable failure) {
            fallbackFailed(error, failure);
            throw failure;
        }
        fallbackSucceeded(error);
        return result;
    }

    /**
     * One attempt through breaker, bulkhead and timeout; its outcome is recorded on its permit. The rules of
     * {@link Attempt}, without one: a synchronous attempt reports exactly once, on this thread.
     */
    <A, T> T attempt(A argument, CheckedFunction<? super A, ? extends T> call) throws Throwable {
        Breaker.Permit permit = breaker.acquirePermit();
        Bulkhead slots = bulkhead;
        if (slots != null && !slots.tryAcquire()) {
            // Not the dependency's fault: nothing is recorded against it.
            permit.release();
            throw slots.rejection();
        }
        BreakerConfig config = breaker.config();
        BreakerClock clock = config.clock();
        boolean recent = Attempt.timedRecently(config);
        long start = Attempt.time(clock, recent);
        T result;
        try {
            Timeout deadline = timeout;
            result = (deadline == null) ? call.apply(argument) : deadline.executeWith(argument, call);
        } catch (Throwable error) {
            if (slots != null) {
                slots.release();
            }
            Attempt.reportFailure(permit, Attempt.since(clock, recent, start), error);
            throw error;
        }
        if (slots != null) {
            slots.release();
        }
        permit.onResult(Attempt.since(clock, recent, start), result);
        return result;
    }

    // ---- completion stages -------------------------------------------------------------------

    /**
     * Starts {@code call} through the layers. The returned stage completes like the last attempt's: the
     * breaker records each attempt when its stage completes, not when {@code call} returns; retries wait on
     * the retry's scheduler. A {@code call} that throws or returns null gives a failed attempt. Cancelling
     * the returned stage cancels the attempt in flight.
     */
    public <T> CompletionStage<T> executeStage(Supplier<? extends CompletionStage<T>> call) {
        if (!layered) {
            return breaker.executeCompletionStage(call);
        }
        Retry retrying = retry;
        return (retrying == null) ? GuardStages.attempt(this, call)
                : retrying.executeCompletionStage(breaker, () -> GuardStages.attempt(this, call));
    }

    /**
     * Starts the stage {@code call} makes of {@code argument} through the layers, as {@link #executeStage(Supplier)}.
     * The input is passed rather than captured, so a constant {@code call} costs no allocation: a guard without
     * layers runs it through {@link Breaker#executeCompletionStageWith}, and the stage returned is then the one
     * {@code call} returned. With layers, each attempt calls it again on the same argument.
     */
    public <A, T> CompletionStage<T> executeStageWith(A argument,
            Function<? super A, ? extends CompletionStage<T>> call) {
        if (!layered) {
            return breaker.executeCompletionStageWith(argument, call);
        }
        return executeStage(() -> call.apply(argument));
    }

    /** Like {@link #executeStage(Supplier)}, answering with {@code fallback}'s stage when the call fails. */
    public <T> CompletionStage<T> executeStage(Supplier<? extends CompletionStage<T>> call,
            Fallback<? extends CompletionStage<T>> fallback) {
        return executeStage(call).exceptionallyCompose(error -> recoverStage(error, fallback));
    }

    /**
     * The stage answering a call that failed with {@code received}: the fallback's, under the rules of
     * {@link #recover}, or a stage failed with {@code received}. The listener hears about the fallback when
     * its stage completes.
     */
    public <T> CompletionStage<T> recoverStage(Throwable received, Fallback<? extends CompletionStage<T>> fallback) {
        return GuardStages.recover(this, received, fallback);
    }

    // ---- building blocks for integrations that run attempts with their own operators -----------

    /**
     * Asks the breaker, then the bulkhead (waiting up to its {@code max-wait-duration}), for one attempt.
     * Check {@link Attempt#rejection()}, then report exactly one outcome on the attempt.
     */
    public Attempt startAttempt() {
        return Attempt.start(breaker, bulkhead, true);
    }

    /** Like {@link #startAttempt()}, but never waits for a bulkhead slot: for callers that must not block. */
    public Attempt startAttemptNow() {
        return Attempt.start(breaker, bulkhead, false);
    }

    /**
     * Whether a call that ended with {@code error} is answered by a fallback: rejections by the breaker or the
     * bulkhead always; any other error when the breaker counts it as a failure.
     */
    public boolean fallsBackOn(Throwable error) {
        return error instanceof CallNotPermittedException || error instanceof BulkheadFullException
                || breaker.config().classify(error) == CallOutcome.FAILURE;
    }

    /** Tells the listener a fallback for {@code cause} produced its answer. */
    public void fallbackSucceeded(Throwable cause) {
        tell(cause, true);
    }

    /** Tells the listener a fallback for {@code cause} failed, keeping {@code cause} visible on {@code failure}. */
    public void fallbackFailed(Throwable cause, Throwable failure) {
        if (failure != cause) {
            failure.addSuppressed(cause);
        }
        tell(cause, false);
    }

    private void tell(Throwable cause, boolean succeeded) {
        try {
            fallbackListener.onFallback(breaker, cause, succeeded);
        } catch (RuntimeException | LinkageError listenerFailure) {
            // A listener must never change what the caller gets back.
            LOG.log(System.Logger.Level.WARNING, "FallbackListener " + fallbackListener + " failed for breaker '"
                    + breaker.name() + "'", listenerFailure);
        }
    }

    /** The cause of a {@link CompletionException}, else {@code error} itself. */
    public static Throwable unwrap(Throwable error) {
        return (error instanceof CompletionException && error.getCause() != null) ? error.getCause() : error;
    }

    private static CompletionException unchecked(Throwable checked) {
        if (checked instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new CompletionException(checked);
    }

    @Override
    public String toString() {
        return "Guard[" + breaker.name() + (layered ? ": retry=" + retry + ", bulkhead=" + bulkhead + ", timeout="
                + timeout : "") + "]";
    }

    /** Builds a {@link Guard}. */
    public static final class Builder {

        private final Breaker breaker;
        private @Nullable Retry retry;
        private @Nullable Bulkhead bulkhead;
        private @Nullable Timeout timeout;
        private FallbackListener fallbackListener = FallbackListener.NONE;

        private Builder(Breaker breaker) {
            this.breaker = Objects.requireNonNull(breaker, "breaker");
        }

        /** Retries with {@code config}; {@code null} for none. */
        public Builder retry(@Nullable RetryConfig config) {
            return retry((config != null) ? Retry.of(breaker.name(), config) : null);
        }

        /** Retries with {@code retry} (its counters are shared with whoever else holds it). */
        public Builder retry(@Nullable Retry retry) {
            this.retry = retry;
            return this;
        }

        /** Limits concurrent calls with {@code config}; {@code null} for no bulkhead. */
        public Builder bulkhead(@Nullable BulkheadConfig config) {
            return bulkhead((config != null) ? Bulkhead.of(breaker.name(), config) : null);
        }

        /** Limits concurrent calls with {@code bulkhead} (its slots are shared with whoever else holds it). */
        public Builder bulkhead(@Nullable Bulkhead bulkhead) {
            this.bulkhead = bulkhead;
            return this;
        }

        /** Bounds each attempt with {@code config}; {@code null} for no timeout. */
        public Builder timeout(@Nullable TimeoutConfig config) {
            return timeout((config != null) ? Timeout.of(breaker.name(), config) : null);
        }

        /** Bounds each attempt with {@code timeout}. */
        public Builder timeout(@Nullable Timeout timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Hears about every fallback the guard runs. */
        public Builder fallbackListener(FallbackListener listener) {
            this.fallbackListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public Guard build() {
            return new Guard(this);
        }
    }
}
