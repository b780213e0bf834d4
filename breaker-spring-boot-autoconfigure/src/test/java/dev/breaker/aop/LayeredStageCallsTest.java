package dev.breaker.aop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breaker.BreakerMetrics;
import dev.breaker.BreakerState;
import dev.breaker.BulkheadFullException;
import dev.breaker.CallTimeoutException;
import dev.breaker.annotation.CircuitBreaker;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Methods returning {@link CompletionStage} or {@link CompletableFuture} behind a breaker with layers: the
 * timeout completes the stage at the deadline, retries call the method again after their wait, the bulkhead
 * slot is held until the stage completes, and the fallback is composed once onto the last attempt.
 */
class LayeredStageCallsTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    @Test
    void aStageThatMissesItsDeadlineIsAnsweredByTheFallbackAndCountedAsASlowFailure() {
        LayersFixture fixture = new LayersFixture("profiles.quotes.timeout=1500ms");
        Quotes target = new Quotes();
        Quotes quotes = fixture.proxy(target);
        CompletableFuture<String> late = new CompletableFuture<>();
        target.next = () -> late;

        CompletableFuture<String> quote = quotes.quote("ACME");
        fixture.clock.advance(Duration.ofMillis(1499));
        assertThat(quote).isNotDone();
        fixture.clock.advance(Duration.ofMillis(1));

        assertThat(quote).isCompletedWithValue("cached ACME after CallTimeoutException");
        assertThat(late).as("the late call is cancelled").isCancelled();
        BreakerMetrics metrics = fixture.breaker("quotes").metrics();
        assertThat(metrics.failedCallsTotal()).isEqualTo(1);
        assertThat(metrics.slowFailedCallsTotal()).isEqualTo(1);
        assertThat(fixture.layers("quotes").timeout().timeouts()).isEqualTo(1);
        assertThat(fixture.fallbacks).singleElement()
                .satisfies(event -> assertThat(event.cause()).isInstanceOf(CallTimeoutException.class));
    }

    @Test
    void eachRetryCallsTheMethodAgainAndTheFallbackRunsOnceWhenTheBreakerOpens() {
        LayersFixture fixture = new LayersFixture("profiles.quotes.retry.max-attempts=10",
                "profiles.quotes.retry.wait-duration=0");
        Quotes target = new Quotes();
        Quotes quotes = fixture.proxy(target);
        target.next = () -> CompletableFuture.failedFuture(new IOException("refused"));

        CompletionStage<String> quote = quotes.quote("ACME");

        await().atMost(BOUND).until(() -> quote.toCompletableFuture().isDone());
        assertThat(quote.toCompletableFuture().join()).isEqualTo("cached ACME after IOException");
        assertThat(target.calls).as("the fourth failure opened the breaker").hasSize(4);
        BreakerMetrics metrics = fixture.breaker("quotes").metrics();
        assertThat(metrics.state()).isEqualTo(BreakerState.OPEN);
        assertThat(metrics.failedCallsTotal()).isEqualTo(4);
        assertThat(metrics.notPermittedCallsTotal()).isZero();
        assertThat(fixture.fallbacks).hasSize(1);
    }

    @Test
    void aRetryWaitsOnTheSchedulerAndASuccessfulRetryNeedsNoFallback() {
        LayersFixture fixture = new LayersFixture("profiles.quotes.retry.max-attempts=3",
                "profiles.quotes.retry.wait-duration=300ms");
        Quotes target = new Quotes();
        Quotes quotes = fixture.proxy(target);
        List<CompletableFuture<String>> attempts = new CopyOnWriteArrayList<>();
        target.next = () -> {
            CompletableFuture<String> attempt = new CompletableFuture<>();
            attempts.add(attempt);
            return attempt;
        };

        CompletableFuture<String> quote = quotes.quote("ACME");
        attempts.get(0).completeExceptionally(new IOException("refused"));
        fixture.clock.advance(Duration.ofMillis(299));
        assertThat(attempts).hasSize(1);
        fixture.clock.advance(Duration.ofMillis(1));
        await().atMost(BOUND).until(() -> attempts.size() == 2);
        attempts.get(1).complete("42.0");

        assertThat(quote).isCompletedWithValue("42.0");
        assertThat(fixture.fallbacks).isEmpty();
        assertThat(fixture.layers("quotes").retry().successfulCallsWithRetry()).isEqualTo(1);
    }

    @Test
    void aStageHoldsItsBulkheadSlotUntilItCompletes() {
        LayersFixture fixture = new LayersFixture("profiles.quotes.max-concurrent-calls=1");
        Quotes target = new Quotes();
        Quotes quotes = fixture.proxy(target);
        CompletableFuture<String> pending = new CompletableFuture<>();
        target.next = () -> pending;

        CompletableFuture<String> first = quotes.quote("ACME");
        CompletableFuture<String> second = quotes.quote("INITECH");

        assertThat(second).isCompletedWithValue("cached INITECH after BulkheadFullException");
        assertThat(fixture.fallbacks).singleElement()
                .satisfies(event -> assertThat(event.cause()).isInstanceOf(BulkheadFullException.class));
        assertThat(fixture.layers("quotes").bulkhead().availableCalls()).isZero();
        pending.complete("42.0");
        assertThat(first).isCompletedWithValue("42.0");
        assertThat(fixture.layers("quotes").bulkhead().availableCalls()).isEqualTo(1);
        assertThat(fixture.breaker("quotes").metrics().failedCallsTotal()).isZero();
    }

    @Test
    void aCancelledStageGivesBackItsSlotAndPermit() {
        LayersFixture fixture = new LayersFixture("profiles.quotes.max-concurrent-calls=1",
                "profiles.quotes.timeout=5s");
        Quotes target = new Quotes();
        Quotes quotes = fixture.proxy(target);
        CompletableFuture<String> pending = new CompletableFuture<>();
        target.next = () -> pending;

        CompletableFuture<String> quote = quotes.plainQuote("ACME");
        quote.cancel(true);

        assertThat(pending).isCancelled();
        assertThat(fixture.layers("quotes").bulkhead().availableCalls()).isEqualTo(1);
        assertThat(fixture.breaker("quotes").metrics().ignoredCallsTotal()).isEqualTo(1);
        assertThat(fixture.clock.pendingTasks()).as("the deadline is cancelled too").isZero();
    }

    static class Quotes {

        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile Supplier<CompletableFuture<String>> next = () -> CompletableFuture.completedFuture("42.0");

        @CircuitBreaker(name = "quotes", fallbackMethod = "cached")
        public CompletableFuture<String> quote(String symbol) {
            calls.add(symbol);
            return next.get();
        }

        @CircuitBreaker(name = "quotes")
        public CompletableFuture<String> plainQuote(String symbol) {
            calls.add(symbol);
            return next.get();
        }

        CompletableFuture<String> cached(String symbol, Throwable cause) {
            return CompletableFuture.completedFuture("cached " + symbol + " after " + cause.getClass().getSimpleName());
        }
    }
}
