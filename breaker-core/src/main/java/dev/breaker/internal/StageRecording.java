package dev.breaker.internal;

import dev.breaker.CallNotPermittedException;
import dev.breaker.Guard;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A {@link DefaultBreaker}'s calls that return a {@link CompletionStage}: permitted and timed as a synchronous
 * call is, but recorded when the stage completes, against the state that let the call in. A rejection, or a
 * call that throws or returns null, gives a failed stage rather than an exception.
 */
final class StageRecording {

    private StageRecording() {
    }

    /** See {@link dev.breaker.Breaker#executeCompletionStageWith}. */
    static <A, T> CompletionStage<T> execute(DefaultBreaker breaker, A argument,
            Function<? super A, ? extends CompletionStage<T>> call) {
        State permit;
        try {
            permit = breaker.acquire();
        } catch (CallNotPermittedException rejected) {
            return CompletableFuture.failedFuture(rejected);
        }
        long start = breaker.callTime(permit);
        CompletionStage<T> stage;
        try {
            stage = Objects.requireNonNull(call.apply(argument), "the call returned a null CompletionStage");
        } catch (Throwable error) {
            breaker.recordError(permit, breaker.elapsedSince(permit, start), error);
            return CompletableFuture.failedFuture(error);
        }
        return recordWhenComplete(breaker, permit, start, stage);
    }

    /**
     * Records the outcome of {@code stage} when it completes, and returns {@code stage} itself. A plain
     * {@link CompletableFuture} that already completed normally is recorded at once, allocating nothing; any other
     * stage (one still running, a failed one, a subclass that may redefine completion) through {@code whenComplete}.
     */
    private static <T> CompletionStage<T> recordWhenComplete(DefaultBreaker breaker, State permit, long start,
            CompletionStage<T> stage) {
        if (stage.getClass() == CompletableFuture.class) {
            CompletableFuture<T> future = (CompletableFuture<T>) stage;
            if (future.isDone() && !future.isCompletedExceptionally()) {
                breaker.recordResult(permit, breaker.elapsedSince(permit, start), future.getNow(null));
                return stage;
            }
        }
        recordOnCompletion(breaker, permit, start, stage);
        return stage;
    }

    /** Records the outcome of {@code stage} when it completes, on the thread that completes it. */
    private static <T> void recordOnCompletion(DefaultBreaker breaker, State permit, long start,
            CompletionStage<T> stage) {
        stage.whenComplete((result, error) -> {
            long duration = breaker.elapsedSince(permit, start);
            if (error == null) {
                breaker.recordResult(permit, duration, result);
                return;
            }
            Throwable cause = Guard.unwrap(error);
            if (cause instanceof CancellationException) {
                breaker.recordIgnored(permit, duration, cause);
            } else {
                breaker.recordError(permit, duration, cause);
            }
        });
    }
}
