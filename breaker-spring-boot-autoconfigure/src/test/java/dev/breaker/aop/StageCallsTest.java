package dev.breaker.aop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.BreakerMetrics;
import dev.breaker.CallNotPermittedException;
import dev.breaker.annotation.CircuitBreaker;
import dev.breaker.aop.AopFixture.FallbackEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Methods returning {@link CompletionStage} or {@link CompletableFuture}: recorded when the stage completes. */
class StageCallsTest {

    private final AopFixture fixture = new AopFixture(config -> config.slowCallDurationThreshold(Duration.ofSeconds(2))
            .ignoreExceptions(IllegalArgumentException.class));
    private final QuoteService target = new QuoteService();
    private final QuoteService service = fixture.proxy(target);

    private BreakerMetrics metrics(String name) {
        return fixture.breaker(name).metrics();
    }

    @Test
    void theOutcomeIsRecordedWhenTheStageCompletesNotWhenTheMethodReturns() {
        CompletableFuture<String> pending = new CompletableFuture<>();
        target.next = pending;

        CompletionStage<String> stage = service.quote("ACME");
        assertThat(metrics("quotes").bufferedCalls()).isZero();

        pending.complete("42.0");
        assertThat(stage.toCompletableFuture()).isCompletedWithValue("42.0");
        assertThat(metrics("quotes").successfulCallsTotal()).isEqualTo(1);
    }

    @Test
    void theDurationRunsUntilTheStageCompletes() {
        CompletableFuture<String> pending = new CompletableFuture<>();
        target.next = pending;

        service.quote("ACME");
        fixture.clock.advance(Duration.ofSeconds(3));
        pending.complete("42.0");

        assertThat(metrics("quotes").slowSuccessfulCallsTotal()).isEqualTo(1);
    }

    @Test
    void aFailedStageIsRecordedAsAFailureWhenItFails() {
        CompletableFuture<String> pending = new CompletableFuture<>();
        target.next = pending;
        IOException timeout = new IOException("timeout");

        CompletionStage<String> stage = service.plainQuote("ACME");
        assertThat(metrics("plain-quotes").failedCallsTotal()).isZero();
        pending.completeExceptionally(timeout);

        assertThat(stage.toCompletableFuture()).isCompletedExceptionally();
        assertThat(stage.toCompletableFuture().handle((value, error) -> error).join()).isSameAs(timeout);
        assertThat(metrics("plain-quotes").failedCallsTotal()).isEqualTo(1);
    }

    @Test
    void theFallbackAnswersAFailedStageWithTheUnwrappedCause() {
        IOException timeout = new IOException("timeout");
        // A dependent stage hands CompletionException-wrapped errors downstream.
        target.next = CompletableFuture.<String>failedFuture(timeout).thenApply(quote -> quote);

        CompletionStage<String> stage = service.quote("ACME");

        assertThat(stage.toCompletableFuture().join()).isEqualTo("cached ACME after IOException");
        assertThat(fixture.fallbacks).containsExactly(new FallbackEvent("quotes", timeout, true));
        assertThat(metrics("quotes").failedCallsTotal()).isEqualTo(1);
    }

    @Test
    void aRejectedCallGivesTheFallbackCallNotPermittedExceptionWithoutRunningTheMethod() {
        fixture.breaker("quotes").transitionToForcedOpenState();

        CompletionStage<String> stage = service.quote("ACME");

        assertThat(stage.toCompletableFuture().join()).isEqualTo("cached ACME after CallNotPermittedException");
        assertThat(target.calls).hasValue(0);
    }

    @Test
    void withoutAFallbackARejectedCallGivesAStageFailedWithCallNotPermittedException() {
        fixture.open("plain-quotes");

        CompletionStage<String> stage = service.plainQuote("ACME");

        assertThat(stage.toCompletableFuture().handle((value, error) -> error).join())
                .isInstanceOf(CallNotPermittedException.class);
        assertThat(target.calls).hasValue(0);
    }

    @Test
    void aMethodThrowingInsteadOfReturningAStageGivesAFailedStageRecordedAsAFailure() {
        IllegalStateException boom = new IllegalStateException("no connection");
        target.throwing = boom;

        CompletionStage<String> stage = service.plainQuote("ACME");

        assertThat(stage.toCompletableFuture().handle((value, error) -> error).join()).isSameAs(boom);
        assertThat(metrics("plain-quotes").failedCallsTotal()).isEqualTo(1);
    }

    @Test
    void aFailingFallbackStageFailsWithTheOriginalSuppressed() {
        IOException timeout = new IOException("timeout");
        target.next = CompletableFuture.failedFuture(timeout);

        CompletableFuture<String> future = service.price("ACME");

        Throwable failure = future.handle((value, error) -> error).join();
        // A composed stage reports its failure wrapped, as CompletableFuture does for any dependent stage.
        assertThat(failure).isInstanceOf(CompletionException.class).cause()
                .isInstanceOf(IllegalStateException.class).hasMessage("no cached price");
        failure = failure.getCause();
        assertThat(failure.getSuppressed()).containsExactly(timeout);
        assertThat(fixture.fallbacks).containsExactly(new FallbackEvent("prices", timeout, false));
    }

    @Test
    void aMethodDeclaredToReturnCompletableFutureGetsOneAlsoFromAMinimalFallbackStage() {
        fixture.breaker("prices").transitionToForcedOpenState();

        CompletableFuture<String> future = service.price("ACME");

        assertThat(future).isInstanceOf(CompletableFuture.class);
        assertThat(future.join()).isEqualTo("last price of ACME");
    }

    @Test
    void anIgnoredExceptionPropagatesWithoutFallback() {
        IllegalArgumentException invalid = new IllegalArgumentException("unknown symbol");
        target.next = CompletableFuture.failedFuture(invalid);

        CompletionStage<String> stage = service.quote("???");

        assertThat(stage.toCompletableFuture().handle((value, error) -> error).join())
                .isInstanceOf(CompletionException.class).hasCause(invalid);
        assertThat(fixture.fallbacks).isEmpty();
        assertThat(metrics("quotes").ignoredCallsTotal()).isEqualTo(1);
    }

    @Test
    void withoutAFallbackTheCallerGetsTheMethodsOwnStageRecordedAtOnceWhenAlreadyComplete() {
        CompletableFuture<String> done = CompletableFuture.completedFuture("42.0");
        target.next = done;

        CompletionStage<String> stage = service.plainQuote("ACME");

        assertThat(stage).isSameAs(done);
        assertThat(metrics("plain-quotes").successfulCallsTotal()).isEqualTo(1);
    }

    @Test
    void anAlreadyFailedStageIsRecordedAsAFailureAndReachesTheCallerAsItIs() {
        IOException refused = new IOException("refused");
        CompletableFuture<String> failed = CompletableFuture.failedFuture(refused);
        target.next = failed;

        CompletionStage<String> stage = service.plainQuote("ACME");

        assertThat(stage).isSameAs(failed);
        assertThat(metrics("plain-quotes").failedCallsTotal()).isEqualTo(1);
        assertThat(metrics("plain-quotes").successfulCallsTotal()).isZero();
    }

    @Test
    void aMethodReturningNullGivesAFailedStageRecordedAsAFailure() {
        target.returnNull = true;

        CompletionStage<String> stage = service.plainQuote("ACME");

        assertThat(stage.toCompletableFuture().handle((value, error) -> error).join())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("plainQuote");
        assertThat(metrics("plain-quotes").failedCallsTotal()).isEqualTo(1);
    }

    // ---- fixtures ------------------------------------------------------------------------------

    static class QuoteService {
        final AtomicInteger calls = new AtomicInteger();
        @Nullable CompletionStage<String> next;
        @Nullable RuntimeException throwing;
        boolean returnNull;

        private @Nullable CompletionStage<String> next() {
            calls.incrementAndGet();
            if (returnNull) {
                return null;
            }
            if (throwing != null) {
                throw throwing;
            }
            return (next != null) ? next : CompletableFuture.completedFuture("1.0");
        }

        @CircuitBreaker(name = "quotes", fallbackMethod = "cachedQuote")
        public CompletionStage<String> quote(String symbol) {
            return next();
        }

        CompletionStage<String> cachedQuote(String symbol, Throwable error) {
            return CompletableFuture.completedFuture("cached " + symbol + " after " + error.getClass().getSimpleName());
        }

        @CircuitBreaker(name = "plain-quotes")
        public CompletionStage<String> plainQuote(String symbol) {
            return next();
        }

        @CircuitBreaker(name = "prices", fallbackMethod = "lastPrice")
        public CompletableFuture<String> price(String symbol) {
            return next().toCompletableFuture();
        }

        CompletionStage<String> lastPrice(String symbol, IOException error) {
            return CompletableFuture.failedStage(new IllegalStateException("no cached price"));
        }

        CompletionStage<String> lastPrice(String symbol, CallNotPermittedException rejected) {
            return CompletableFuture.completedStage("last price of " + symbol);
        }
    }
}
