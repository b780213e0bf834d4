package dev.breaker;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** A {@link Guard}'s rules applied to {@link CompletionStage}s: one attempt, and the fallback's stage. */
final class GuardStages {

    private GuardStages() {
    }

    /** See {@link Guard#recoverStage}. */
    static <T> CompletionStage<T> recover(Guard guard, Throwable received,
            Fallback<? extends CompletionStage<T>> fallback) {
        Throwable error = Guard.unwrap(received);
        if (error instanceof CancellationException || !guard.fallsBackOn(error) || !fallback.handles(error)) {
            return CompletableFuture.failedFuture(received);
        }
        CompletionStage<T> result;
        try {
            result = fallback.apply(error);
        } catch (Throwable failure) {
            guard.fallbackFailed(error, failure);
            return CompletableFuture.failedFuture(failure);
        }
        if (result == null) {
            guard.fallbackSucceeded(error);
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<T> outcome = new CompletableFuture<>();
        result.whenComplete((value, failure) -> {
            if (failure == null) {
                guard.fallbackSucceeded(error);
                outcome.complete(value);
            } else {
                Throwable cause = Guard.unwrap(failure);
                guard.fallbackFailed(error, cause);
                outcome.completeExceptionally(cause);
            }
        });
        return outcome;
    }

    /**
     * One attempt at a stage: reports to its permit and frees its slot when the stage completes, however. A
     * stage that has already completed normally (a cached answer) is reported at once and returned as it is.
     */
    @SuppressWarnings("unchecked") // a completed plain CompletableFuture of the call's T
    static <T> CompletionStage<T> attempt(Guard guard, Supplier<? extends CompletionStage<T>> call) {
        Breaker breaker = guard.breaker();
        Breaker.Permit permit;
        try {
            permit = breaker.acquirePermit();
        } catch (CallNotPermittedException rejected) {
            return CompletableFuture.failedFuture(rejected);
        }
        Bulkhead slots = guard.bulkhead();
        if (slots != null && !slots.tryAcquire()) {
            // Not the dependency's fault: nothing is recorded against it.
            permit.release();
            return CompletableFuture.failedFuture(slots.rejection());
        }
        BreakerConfig config = breaker.config();
        BreakerClock clock = config.clock();
        boolean recent = Attempt.timedRecently(config);
        long start = Attempt.time(clock, recent);
        Timeout deadline = guard.timeout();
        CompletionStage<T> stage = (deadline == null) ? start(call) : deadline.executeCompletionStage(call);
        if (Timeout.completed(stage)) {
            T value = ((CompletableFuture<T>) stage).getNow(null);
            if (slots != null) {
                slots.release();
            }
            permit.onResult(Attempt.since(clock, recent, start), value);
            return stage;
        }
        Attempt attempt = new Attempt(permit, slots, clock, recent, start);
        CompletableFuture<T> outcome = new CompletableFuture<>();
        stage.whenComplete((value, error) -> {
            if (error == null) {
                attempt.succeeded(value);
                outcome.complete(value);
                return;
            }
            Throwable cause = Guard.unwrap(error);
            if (cause instanceof CancellationException) {
                attempt.cancelled();
            } else {
                attempt.failed(cause);
            }
            outcome.completeExceptionally(cause);
        });
        outcome.whenComplete((value, error) -> {
            if (outcome.isCancelled()) {
                cancel(stage);
            }
        });
        return outcome;
    }

    private static <T> CompletionStage<T> start(Supplier<? extends CompletionStage<T>> call) {
        try {
            return Objects.requireNonNull(call.get(), "the call returned a null CompletionStage");
        } catch (Throwable error) {
            return CompletableFuture.failedFuture(error);
        }
    }

    private static void cancel(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().cancel(true);
        } catch (UnsupportedOperationException notCancellable) {
            // It completes on its own, and then gives back its permit and slot.
        }
    }
}
