package dev.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The deadline is noticed by a {@link ManualClock}: the test moves time while the caller waits, so nothing
 * depends on how fast the machine is.
 */
class TimeoutTest {

    private static final Duration TIMEOUT = Duration.ofMillis(1200);

    private final ManualClock clock = new ManualClock();
    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final Timeout timeout = Timeout.of("payment", TimeoutConfig.builder(TIMEOUT).scheduler(clock).build());

    @AfterEach
    void stopThreads() {
        callers.shutdownNow();
    }

    @Test
    void releasesTheCallerAtTheDeadlineAndInterruptsTheLateCall() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch neverReleased = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Future<String> caller = callers.submit(() -> {
            try {
                return timeout.executeChecked(() -> {
                    started.countDown();
                    try {
                        neverReleased.await();
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                    }
                    return "late";
                });
            } catch (Throwable t) {
                throw (Exception) t;
            }
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        clock.advance(TIMEOUT.minusMillis(1));
        assertThat(caller).isNotDone();

        clock.advance(Duration.ofMillis(1));

        assertThatThrownBy(() -> caller.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(CallTimeoutException.class).isInstanceOf(TimeoutException.class)
                .hasMessage("Call through circuit breaker 'payment' did not finish within 1.200s");
        assertThat(neverReleased.getCount()).as("the method never got to finish").isEqualTo(1);
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the late call was interrupted").isTrue();
        assertThat(timeout.timeouts()).isEqualTo(1);
        assertThat(clock.pendingTasks()).isZero();
    }

    @Test
    void aCallThatFinishesInTimeAnswersAndCancelsItsTimer() throws Throwable {
        assertThat(timeout.executeChecked(() -> "fast")).isEqualTo("fast");
        assertThat(clock.pendingTasks()).as("the timer is cancelled").isZero();
        assertThat(timeout.timeouts()).isZero();
    }

    @Test
    void whatTheCallThrowsPropagatesUnchanged() {
        IOException failure = new IOException("refused");
        assertThatThrownBy(() -> timeout.executeChecked(() -> {
            throw failure;
        })).isSameAs(failure);
        AssertionError error = new AssertionError("boom");
        assertThatThrownBy(() -> timeout.executeChecked(() -> {
            throw error;
        })).isSameAs(error);
        assertThat(timeout.timeouts()).isZero();
    }

    @Test
    void anInterruptedCallerInterruptsTheCallToo() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Thread[] callerThread = new Thread[1];
        Future<Throwable> caller = callers.submit(() -> {
            callerThread[0] = Thread.currentThread();
            try {
                timeout.executeChecked(() -> {
                    started.countDown();
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                    }
                    return null;
                });
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        callerThread[0].interrupt();
        assertThat(caller.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(timeout.timeouts()).isZero();
    }

    @Test
    void aStageThatMissesTheDeadlineFailsAtItAndIsCancelled() {
        CompletableFuture<String> late = new CompletableFuture<>();
        CompletionStage<String> stage = timeout.executeCompletionStage(() -> late);

        clock.advance(TIMEOUT);

        assertThat(stage.toCompletableFuture()).isCompletedExceptionally();
        assertThatThrownBy(() -> stage.toCompletableFuture().join()).hasCauseInstanceOf(CallTimeoutException.class);
        assertThat(late).isCancelled();
        assertThat(timeout.timeouts()).isEqualTo(1);
    }

    @Test
    void aStageThatCompletesInTimeKeepsItsValueOrItsUnwrappedError() {
        CompletableFuture<String> value = new CompletableFuture<>();
        CompletionStage<String> ok = timeout.executeCompletionStage(() -> value);
        value.complete("quote");
        assertThat(ok.toCompletableFuture()).isCompletedWithValue("quote");

        IOException failure = new IOException("refused");
        CompletionStage<String> failed = timeout.executeCompletionStage(
                () -> CompletableFuture.<String>failedFuture(failure).thenApply(s -> s));
        assertThat(failed.toCompletableFuture().handle((v, e) -> e).join()).isSameAs(failure);

        clock.advance(TIMEOUT.multipliedBy(2));
        assertThat(timeout.timeouts()).isZero();
        assertThat(clock.pendingTasks()).isZero();
    }

    @Test
    void cancellingTheStageCancelsTheCallAndItsTimer() {
        CompletableFuture<String> call = new CompletableFuture<>();
        CompletionStage<String> stage = timeout.executeCompletionStage(() -> call);
        stage.toCompletableFuture().cancel(false);
        assertThat(call).isCancelled();
        assertThat(clock.pendingTasks()).isZero();
    }

    // ---- with the system scheduler, the caller waits out the deadline itself ----------------------

    private final Timeout systemTimeout = Timeout.of("payment", TimeoutConfig.builder(Duration.ofMillis(50)).build());

    @Test
    void withTheSystemSchedulerTheCallerIsReleasedAtTheDeadlineAndTheLateCallInterrupted() throws Exception {
        CountDownLatch neverReleased = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Future<String> caller = callers.submit(() -> {
            try {
                return systemTimeout.executeChecked(() -> {
                    try {
                        neverReleased.await();
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                    }
                    return "late";
                });
            } catch (Throwable t) {
                throw (Exception) t;
            }
        });

        assertThatThrownBy(() -> caller.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(CallTimeoutException.class)
                .hasMessage("Call through circuit breaker 'payment' did not finish within 0.050s");
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the late call was interrupted").isTrue();
        assertThat(systemTimeout.timeouts()).isEqualTo(1);
    }

    @Test
    void withTheSystemSchedulerACallInTimeAnswersAndWhatItThrowsPropagatesUnchanged() throws Throwable {
        Thread[] ranOn = new Thread[1];
        assertThat(systemTimeout.executeChecked(() -> {
            ranOn[0] = Thread.currentThread();
            return "fast";
        })).isEqualTo("fast");
        assertThat(ranOn[0]).as("the call ran on another thread").isNotSameAs(Thread.currentThread());
        IOException failure = new IOException("refused");
        assertThatThrownBy(() -> systemTimeout.executeChecked(() -> {
            throw failure;
        })).isSameAs(failure);
        AssertionError error = new AssertionError("boom");
        assertThatThrownBy(() -> systemTimeout.executeChecked(() -> {
            throw error;
        })).isSameAs(error);
        assertThat(systemTimeout.timeouts()).isZero();
    }

    @Test
    void withTheSystemSchedulerAnInterruptedCallerInterruptsTheCallToo() throws Exception {
        Timeout patient = Timeout.of("payment", TimeoutConfig.builder(Duration.ofMinutes(10)).build());
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Thread[] callerThread = new Thread[1];
        Future<Throwable> caller = callers.submit(() -> {
            callerThread[0] = Thread.currentThread();
            try {
                patient.executeChecked(() -> {
                    started.countDown();
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                    }
                    return null;
                });
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        callerThread[0].interrupt();
        assertThat(caller.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(patient.timeouts()).isZero();
    }

    @Test
    void aStageAlreadyCompleteIsReturnedAsItIsWithoutATimer() {
        CompletableFuture<String> cached = CompletableFuture.completedFuture("quote");
        assertThat(timeout.executeCompletionStage(() -> cached)).isSameAs(cached);
        assertThat(clock.pendingTasks()).isZero();

        CompletableFuture<String> running = new CompletableFuture<>();
        timeout.executeCompletionStage(() -> running);
        assertThat(clock.pendingTasks()).as("a running stage is timed").isEqualTo(1);
        running.complete("late");
        assertThat(clock.pendingTasks()).isZero();
    }
}
