package dev.breaker;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Bounds how long a call may take. A call that misses the deadline fails with a {@link CallTimeoutException}
 * at the deadline, whatever the call is still doing: a synchronous call runs on the config's executor while
 * its caller waits, and is interrupted when the caller is released; a {@link CompletionStage} is completed
 * exceptionally and the late stage cancelled. Deadlines are noticed by the config's {@link BreakerScheduler},
 * so a {@link ManualClock} drives them in tests; with the {@linkplain BreakerScheduler#system() system
 * scheduler}, the caller of a synchronous call waits for it until the deadline itself, and a stage that is
 * already complete is not timed at all. Thread-safe.
 */
public final class Timeout {

    private final String name;
    private final TimeoutConfig config;
    private final long timeoutNanos;
    private final LongAdder timeouts = new LongAdder();

    private Timeout(String name, TimeoutConfig config) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.timeoutNanos = config.timeout().toNanos();
    }

    /** A timeout for the breaker named {@code name}. */
    public static Timeout of(String name, TimeoutConfig config) {
        return new Timeout(name, config);
    }

    public String name() {
        return name;
    }

    public TimeoutConfig config() {
        return config;
    }

    /** The timeout. */
    public Duration duration() {
        return config.timeout();
    }

    /** Calls that timed out since this was created. */
    public long timeouts() {
        return timeouts.sum();
    }

    /**
     * Runs {@code call} on the executor and waits for it until the deadline. What it throws propagates
     * unchanged. A caller interrupted while waiting interrupts the call too and gets the
     * {@link InterruptedException}.
     *
     * @throws CallTimeoutException if the call has not finished at the deadline (it is interrupted)
     */
    public <T> T executeChecked(CheckedSupplier<T> call) throws Throwable {
        return executeWith(call, CheckedSupplier::get);
    }

    /**
     * Runs {@code call} on {@code argument} as {@link #executeChecked} runs a supplier. The input is passed rather
     * than captured: the task that carries the call to the executor holds both, so a constant {@code call} adds
     * nothing to allocate.
     */
    public <A, T> T executeWith(A argument, CheckedFunction<? super A, ? extends T> call) throws Throwable {
        Task<T> task = new Task<>(argument, call);
        BreakerScheduler scheduler = config.scheduler();
        return (scheduler == BreakerScheduler.system()) ? waitUntilDeadline(task) : expireBy(scheduler, task);
    }

    /**
     * The caller waits for the call with the deadline itself: no task is scheduled per call, so none wakes
     * the scheduler's thread. Only with the system scheduler, whose deadlines are the system clock's too.
     */
    private <T> T waitUntilDeadline(Task<T> task) throws Throwable {
        // The deadline is taken before the call starts, so the call can never outrun it.
        long deadline = System.nanoTime() + timeoutNanos;
        config.executor().execute(task);
        try {
            return task.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException late) {
            if (task.cancel(true)) {
                throw timedOut();
            }
            // It finished at the deadline: its own outcome stands.
            return outcome(task);
        } catch (ExecutionException failed) {
            throw cause(failed);
        } catch (InterruptedException interrupted) {
            task.cancel(true);
            throw interrupted;
        }
    }

    /** The outcome of a task that is done. */
    private static <T> T outcome(Task<T> task) throws Throwable {
        try {
            return task.get();
        } catch (ExecutionException failed) {
            throw cause(failed);
        }
    }

    private static Throwable cause(ExecutionException failed) {
        Throwable cause = failed.getCause();
        return (cause instanceof Wrapped wrapped) ? wrapped.getCause() : cause;
    }

    /** The deadline noticed by {@code scheduler} (a {@link ManualClock} in tests), which cancels the call. */
    private <T> T expireBy(BreakerScheduler scheduler, Task<T> task) throws Throwable {
        // The deadline is set before the call starts, so the call can never outrun it.
        BreakerScheduler.Cancellable timer = scheduler.schedule(task::expire, timeoutNanos, TimeUnit.NANOSECONDS);
        try {
            config.executor().execute(task);
            return task.get();
        } catch (CancellationException cancelled) {
            if (!task.expired) {
                throw cancelled;
            }
            throw timedOut();
        } catch (ExecutionException failed) {
            throw cause(failed);
        } catch (InterruptedException interrupted) {
            task.cancel(true);
            throw interrupted;
        } finally {
            timer.cancel();
        }
    }

    /**
     * Starts {@code call} and returns a stage that completes like the call's, or exceptionally with a
     * {@link CallTimeoutException} at the deadline, when the late stage is cancelled. A supplier that throws
     * gives a failed stage. Cancelling the returned stage cancels the call's too.
     */
    public <T> CompletionStage<T> executeCompletionStage(Supplier<? extends CompletionStage<T>> call) {
        CompletionStage<T> stage;
        try {
            stage = Objects.requireNonNull(call.get(), "the supplier returned a null CompletionStage");
        } catch (Throwable error) {
            return CompletableFuture.failedFuture(error);
        }
        if (completed(stage)) {
            // Nothing left to time out: no timer, and the stage as it is (cancelling it has nothing to stop).
            return stage;
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        BreakerScheduler.Cancellable timer = atDeadline(() -> {
            if (result.completeExceptionally(new CallTimeoutException(name, config.timeout()))) {
                timeouts.increment();
                cancel(stage);
            }
        });
        stage.whenComplete((value, error) -> {
            timer.cancel();
            if (error == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(Guard.unwrap(error));
            }
        });
        result.whenComplete((value, error) -> {
            if (result.isCancelled()) {
                timer.cancel();
                cancel(stage);
            }
        });
        return result;
    }

    /**
     * Runs {@code action} at the deadline of a call starting now, unless cancelled first: for integrations
     * that time out with their own operators (Reactor's {@code timeout(Publisher)}).
     */
    public BreakerScheduler.Cancellable atDeadline(Runnable action) {
        return config.scheduler().schedule(action, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** Counts a timeout noticed by an integration, and gives the exception to fail the call with. */
    public CallTimeoutException timedOut() {
        timeouts.increment();
        return new CallTimeoutException(name, config.timeout());
    }

    /**
     * Whether {@code stage} is a plain {@link CompletableFuture} that has already completed normally. Other
     * stages, which may not answer {@code isDone()} (a minimal stage), are taken as running.
     */
    static boolean completed(CompletionStage<?> stage) {
        if (stage.getClass() != CompletableFuture.class) {
            return false;
        }
        CompletableFuture<?> future = (CompletableFuture<?>) stage;
        return future.isDone() && !future.isCompletedExceptionally();
    }

    private static void cancel(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().cancel(true);
        } catch (UnsupportedOperationException notCancellable) {
            // A stage that cannot be cancelled finishes on its own; its result is simply not waited for.
        }
    }

    @Override
    public String toString() {
        return "Timeout[" + name + ", " + config.timeout() + "]";
    }

    /** One synchronous call on the executor; {@link #expire} cancels it when the deadline passes first. */
    private static final class Task<T> extends FutureTask<T> {

        volatile boolean expired;

        <A> Task(A argument, CheckedFunction<? super A, ? extends T> call) {
            super(() -> {
                try {
                    return call.apply(argument);
                } catch (Exception | Error e) {
                    throw e;
                } catch (Throwable other) {
                    throw new Wrapped(other);
                }
            });
        }

        void expire() {
            // Marked before cancelling: the caller sees the cancellation, then asks whether it was the deadline.
            expired = true;
            cancel(true);
        }
    }

    /** Carries a Throwable that is neither an Exception nor an Error through {@link java.util.concurrent.Callable}. */
    private static final class Wrapped extends Exception {

        private static final long serialVersionUID = 1L;

        Wrapped(Throwable cause) {
            super(cause);
        }
    }
}
