package dev.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The call forms that take the call's input as an argument ({@link Breaker#executeWith},
 * {@link Breaker#executeCompletionStageWith} and their {@link Guard} twins): the same rules as the capturing
 * forms, and nothing allocated to run a constant call.
 */
class ArgumentCallFormsTest {

    private final ManualClock clock = new ManualClock();
    private final Breaker breaker = Breaker.of("payment", BreakerConfig.builder().clock(clock).scheduler(clock)
            .slidingWindowSize(10).minimumNumberOfCalls(10).slowCallDurationThreshold(Duration.ofSeconds(1))
            .ignoreExceptions(List.of(IllegalArgumentException.class))
            .recordResult(result -> "declined".equals(result)).build());

    /** The input a call reads; the calls below are constants that capture nothing. */
    static final class Order {

        final String answer;
        final AtomicInteger calls = new AtomicInteger();

        Order(String answer) {
            this.answer = answer;
        }

        String charge() throws IOException {
            calls.incrementAndGet();
            if (answer.equals("io")) {
                throw new IOException("gateway down");
            }
            if (answer.equals("bad")) {
                throw new IllegalArgumentException("amount must be positive");
            }
            return answer;
        }
    }

    private static final CheckedFunction<Order, String> CHARGE = Order::charge;

    @Test
    void executeWithRunsTheCallOnItsArgumentAndRecordsEachOutcomeAsExecuteCheckedDoes() throws Throwable {
        Order paid = new Order("paid");

        assertThat(breaker.executeWith(paid, CHARGE)).isEqualTo("paid");
        assertThat(breaker.executeWith(new Order("declined"), CHARGE)).isEqualTo("declined");
        clock.advance(Duration.ofSeconds(2));

        assertThat(paid.calls).hasValue(1);
        BreakerMetrics metrics = breaker.metrics();
        assertThat(metrics.successfulCallsTotal()).as("the paid order").isEqualTo(1);
        assertThat(metrics.failedCallsTotal()).as("the declined result, by the result predicate").isEqualTo(1);
    }

    @Test
    void whatTheCallThrowsPropagatesUnchangedCheckedOrNotAndIsClassified() {
        assertThatThrownBy(() -> breaker.executeWith(new Order("io"), CHARGE))
                .isExactlyInstanceOf(IOException.class).hasMessage("gateway down");
        assertThatThrownBy(() -> breaker.executeWith(new Order("bad"), CHARGE))
                .isExactlyInstanceOf(IllegalArgumentException.class);

        assertThat(breaker.metrics().failedCallsTotal()).isEqualTo(1);
        assertThat(breaker.metrics().ignoredCallsTotal()).isEqualTo(1);
    }

    @Test
    void aRejectedCallNeverRunsAndIsCountedAsNotPermitted() {
        Order order = new Order("paid");
        breaker.transitionToForcedOpenState();

        assertThatThrownBy(() -> breaker.executeWith(order, CHARGE)).isInstanceOf(CallNotPermittedException.class);
        assertThatThrownBy(() -> Guard.of(breaker).executeWith(order, CHARGE))
                .isInstanceOf(CallNotPermittedException.class);

        assertThat(order.calls).hasValue(0);
        assertThat(breaker.metrics().notPermittedCallsTotal()).isEqualTo(2);
    }

    @Test
    void aLayeredGuardRunsEachAttemptOnTheSameArgument() throws Throwable {
        Guard guard = Guard.builder(breaker).retry(RetryConfig.builder().maxAttempts(3).waitDuration(Duration.ZERO)
                .executor(Runnable::run).build()).build();
        AtomicInteger attempts = new AtomicInteger();
        Order order = new Order("paid");

        String answer = guard.executeWith(order, o -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IOException("attempt " + attempts.get());
            }
            return o.charge();
        });

        assertThat(answer).isEqualTo("paid");
        assertThat(attempts).hasValue(3);
        assertThat(breaker.metrics().failedCallsTotal()).isEqualTo(2);
        assertThat(breaker.metrics().successfulCallsTotal()).isEqualTo(1);
    }

    @Test
    void anotherBreakerImplementationGetsTheArgumentFormsFromItsCapturingOnes() throws Throwable {
        Breaker delegating = delegatingTo(breaker);
        Order order = new Order("paid");

        assertThat(delegating.executeWith(order, CHARGE)).isEqualTo("paid");
        CompletionStage<String> stage = delegating.executeCompletionStageWith(order,
                o -> CompletableFuture.completedFuture(o.answer));

        assertThat(stage.toCompletableFuture().join()).isEqualTo("paid");
        assertThat(breaker.metrics().successfulCallsTotal()).isEqualTo(2);
    }

    @Test
    void anAlreadyCompletedStageIsRecordedAtOnceAndReturnedItself() {
        CompletableFuture<String> done = CompletableFuture.completedFuture("paid");

        CompletionStage<String> stage = breaker.executeCompletionStageWith(done, Function.identity());
        CompletionStage<String> guarded = Guard.of(breaker).executeStageWith(done, Function.identity());

        assertThat(stage).isSameAs(done);
        assertThat(guarded).isSameAs(done);
        assertThat(breaker.metrics().successfulCallsTotal()).isEqualTo(2);
        assertThat(breaker.executeCompletionStageWith(CompletableFuture.completedFuture("declined"),
                Function.<CompletableFuture<String>>identity())).isCompletedWithValue("declined");
        assertThat(breaker.metrics().failedCallsTotal()).as("by the result predicate").isEqualTo(1);
    }

    @Test
    void anAlreadyFailedStageIsRecordedAsItsCauseAndReturnedItself() {
        CompletableFuture<String> failed = CompletableFuture.failedFuture(new IOException("gateway down"));
        CompletableFuture<String> ignored = CompletableFuture.failedFuture(new IllegalArgumentException("bad"));
        CompletableFuture<String> cancelled = new CompletableFuture<>();
        cancelled.cancel(false);

        assertThat(breaker.executeCompletionStageWith(failed, Function.identity())).isSameAs(failed);
        assertThat(breaker.executeCompletionStageWith(ignored, Function.identity())).isSameAs(ignored);
        assertThat(breaker.executeCompletionStageWith(cancelled, Function.identity())).isSameAs(cancelled);

        BreakerMetrics metrics = breaker.metrics();
        assertThat(metrics.failedCallsTotal()).isEqualTo(1);
        assertThat(metrics.ignoredCallsTotal()).as("the ignored exception and the cancelled stage").isEqualTo(2);
        assertThat(metrics.successfulCallsTotal()).isZero();
    }

    @Test
    void aStageStillRunningIsRecordedWhenItCompletesWithItsDuration() {
        CompletableFuture<String> pending = new CompletableFuture<>();

        CompletionStage<String> stage = breaker.executeCompletionStageWith(pending, Function.identity());
        clock.advance(Duration.ofSeconds(2));
        assertThat(breaker.metrics().successfulCallsTotal()).isZero();
        pending.complete("paid");

        assertThat(stage).isSameAs(pending);
        assertThat(breaker.metrics().successfulCallsTotal()).isEqualTo(1);
        assertThat(breaker.metrics().slowSuccessfulCallsTotal()).as("2 s against a 1 s threshold").isEqualTo(1);
    }

    @Test
    void aCallThatThrowsOrReturnsNullGivesAFailedStageRecordedAsAFailureAndARejectionNeverRunsIt() {
        IllegalStateException down = new IllegalStateException("gateway down");
        AtomicInteger calls = new AtomicInteger();
        Function<String, CompletionStage<String>> throwing = order -> {
            calls.incrementAndGet();
            throw down;
        };

        assertThat(breaker.executeCompletionStageWith("order", throwing)).isCompletedExceptionally();
        assertThatThrownBy(() -> breaker.executeCompletionStageWith("order", throwing).toCompletableFuture().join())
                .hasCause(down);
        assertThatThrownBy(() -> breaker.executeCompletionStageWith("order", order -> null).toCompletableFuture()
                .join()).hasCauseInstanceOf(NullPointerException.class);
        assertThat(breaker.metrics().failedCallsTotal()).isEqualTo(3);

        breaker.transitionToForcedOpenState();
        assertThatThrownBy(() -> breaker.executeCompletionStageWith("order", throwing).toCompletableFuture().join())
                .hasCauseInstanceOf(CallNotPermittedException.class);
        assertThat(calls).hasValue(2);
    }

    @Test
    void cancellingAStageStillRunningGivesThePermitBack() {
        Breaker oneTrial = Breaker.of("trial", BreakerConfig.builder().clock(clock).scheduler(clock)
                .permittedNumberOfCallsInHalfOpenState(1).build());
        oneTrial.transitionToHalfOpenState();
        CompletableFuture<String> pending = new CompletableFuture<>();

        oneTrial.executeCompletionStageWith(pending, Function.identity());
        assertThat(oneTrial.executeCompletionStageWith(CompletableFuture.completedFuture("x"),
                Function.<CompletableFuture<String>>identity())).as("the one trial call is taken")
                .isCompletedExceptionally();
        pending.cancel(true);

        assertThat(oneTrial.metrics().ignoredCallsTotal()).isEqualTo(1);
        assertThat(oneTrial.executeCompletionStageWith(CompletableFuture.completedFuture("x"),
                Function.<CompletableFuture<String>>identity())).as("its permit was given back")
                .isCompletedWithValue("x");
    }

    @Test
    void aConstantCallAllocatesNothingPerCallThroughTheBreakerOrAGuardWithoutLayers() throws Throwable {
        Breaker timed = Breaker.of("timed", BreakerConfig.builder().slidingWindowSize(100).build());
        Guard guard = Guard.of(timed);
        Order order = new Order("paid");
        CompletableFuture<String> done = CompletableFuture.completedFuture("paid");
        Function<CompletableFuture<String>, CompletableFuture<String>> same = Function.identity();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 20_000; i++) { // warm up, and fill the window
            timed.executeWith(order, CHARGE);
            guard.executeWith(order, CHARGE);
            guard.executeStageWith(done, same);
        }

        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            timed.executeWith(order, CHARGE);
            guard.executeWith(order, CHARGE);
            guard.executeStageWith(done, same);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(allocated).as("bytes allocated by 300,000 calls").isLessThan(10_000);
        assertThat(timed.metrics().successfulCallsTotal()).isEqualTo(360_000);
    }

    /** A Breaker of another implementation: every abstract method forwarded, the default ones its own. */
    private static Breaker delegatingTo(Breaker target) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException thrown) {
                throw thrown.getCause();
            }
        };
        return (Breaker) Proxy.newProxyInstance(Breaker.class.getClassLoader(), new Class<?>[] {Breaker.class},
                handler);
    }
}
