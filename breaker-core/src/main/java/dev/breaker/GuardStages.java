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

    /** One attempt at a stage: reports to its permit and frees its slot when the stage completes, however. */
    static <T> CompletionStage<T> attempt(Guard guard, Supplier<? extends CompletionStage<T>> call) {
        Attempt attempt = guard.startAttempt();
        Throwable rejection = attempt.rejection();
        if (rejection != null) {
            return CompletableFuture.failedFuture(rejection);
        }
        Timeout deadline = guard.timeout();
        CompletionStage<T> stage = (deadline == null) ? start(call) : deadline.executeCompletionStage(call);
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
