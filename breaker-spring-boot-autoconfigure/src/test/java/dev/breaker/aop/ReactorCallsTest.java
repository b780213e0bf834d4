package dev.breaker.aop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.breaker.Breaker;
import dev.breaker.BreakerMetrics;
import dev.breaker.BreakerState;
import dev.breaker.CallNotPermittedException;
import dev.breaker.annotation.CircuitBreaker;
import dev.breaker.aop.AopFixture.FallbackEvent;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** Methods returning {@link Mono} or {@link Flux}: permission at subscription, one outcome per subscription. */
class ReactorCallsTest {

    private final AopFixture fixture = new AopFixture(config -> config
            .ignoreExceptions(IllegalArgumentException.class)
            .recordResult(result -> "bad".equals(result)));
    private final StockFeed target = new StockFeed();
    private final StockFeed feed = fixture.proxy(target);

    private BreakerMetrics metrics(String name) {
        return fixture.breaker(name).metrics();
    }

    // ---- Mono ----------------------------------------------------------------------------------

    @Test
    void aMonoValueIsRecordedAsASuccessWhenItArrives() {
        Mono<String> price = feed.price("ACME");
        assertThat(metrics("prices").bufferedCalls()).isZero();

        StepVerifier.create(price).expectNext("price of ACME").verifyComplete();

        assertThat(metrics("prices").successfulCallsTotal()).isEqualTo(1);
        assertThat(target.subscriptions).hasValue(1);
    }

    @Test
    void aMonoValueIsCheckedByTheResultPredicate() {
        target.value = "bad";

        StepVerifier.create(feed.price("ACME")).expectNext("bad").verifyComplete();

        assertThat(metrics("prices").failedCallsTotal()).isEqualTo(1);
    }

    @Test
    void aFailedMonoPropagatesTheSameExceptionWithoutAFallbackAndIsRecorded() {
        IOException timeout = new IOException("timeout");
        target.failure = timeout;

        StepVerifier.create(feed.price("ACME")).expectErrorSatisfies(error -> assertThat(error).isSameAs(timeout))
                .verify();

        assertThat(metrics("prices").failedCallsTotal()).isEqualTo(1);
    }

    @Test
    void aFailedMonoFallsBack() {
        IOException timeout = new IOException("timeout");
        target.failure = timeout;

        StepVerifier.create(feed.quote("ACME")).expectNext("cached ACME").verifyComplete();

        assertThat(metrics("quotes").failedCallsTotal()).isEqualTo(1);
        assertThat(fixture.fallbacks).containsExactly(new FallbackEvent("quotes", timeout, true));
    }

    @Test
    void anIgnoredExceptionReachesTheSubscriberWithoutFallback() {
        IllegalArgumentException invalid = new IllegalArgumentException("unknown symbol");
        target.failure = invalid;

        StepVerifier.create(feed.quote("???")).expectErrorSatisfies(error -> assertThat(error).isSameAs(invalid))
                .verify();

        assertThat(fixture.fallbacks).isEmpty();
        assertThat(metrics("quotes").ignoredCallsTotal()).isEqualTo(1);
    }

    @Test
    void aMonoIsRejectedAtSubscriptionNotWhenTheMethodIsCalled() {
        fixture.open("prices");
        long rejectedBefore = metrics("prices").notPermittedCallsTotal();

        AtomicReference<Mono<String>> price = new AtomicReference<>();
        assertThatCode(() -> price.set(feed.price("ACME"))).doesNotThrowAnyException();
        assertThat(metrics("prices").notPermittedCallsTotal()).isEqualTo(rejectedBefore);

        StepVerifier.create(price.get()).expectError(CallNotPermittedException.class).verify();
        assertThat(metrics("prices").notPermittedCallsTotal()).isEqualTo(rejectedBefore + 1);
        assertThat(target.subscriptions).hasValue(0);
    }

    @Test
    void permissionIsAskedAtEachSubscription() {
        Mono<String> price = feed.price("ACME");
        StepVerifier.create(price).expectNext("price of ACME").verifyComplete();

        fixture.breaker("prices").transitionToForcedOpenState();

        StepVerifier.create(price).expectError(CallNotPermittedException.class).verify();
        assertThat(target.subscriptions).hasValue(1);
    }

    @Test
    void aRejectedMonoGoesToTheFallback() {
        fixture.breaker("quotes").transitionToForcedOpenState();

        StepVerifier.create(feed.quote("ACME")).expectNext("cached ACME").verifyComplete();

        assertThat(fixture.fallbacks).singleElement().extracting(FallbackEvent::cause)
                .isInstanceOf(CallNotPermittedException.class);
    }

    @Test
    void cancellingAMonoReleasesItsPermit() {
        Breaker breaker = fixture.halfOpen("prices"); // one trial call allowed
        target.never = true;

        Disposable pending = feed.price("ACME").subscribe();
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
        StepVerifier.create(feed.price("ACME")).expectError(CallNotPermittedException.class).verify();

        pending.dispose();
        target.never = false;

        StepVerifier.create(feed.price("ACME")).expectNext("price of ACME").verifyComplete();
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void aMethodThrowingInsteadOfReturningAMonoFailsAtSubscriptionAndIsRecorded() {
        IllegalStateException boom = new IllegalStateException("no connection");
        target.assemblyFailure = boom;

        Mono<String> price = feed.price("ACME");
        assertThat(metrics("prices").failedCallsTotal()).isZero();

        StepVerifier.create(price).expectErrorSatisfies(error -> assertThat(error).isSameAs(boom)).verify();
        assertThat(metrics("prices").failedCallsTotal()).isEqualTo(1);
    }

    @Test
    void aFailingFallbackMonoFailsWithTheOriginalSuppressed() {
        IOException timeout = new IOException("timeout");
        target.failure = timeout;

        StepVerifier.create(feed.volume("ACME")).expectErrorSatisfies(error -> {
            assertThat(error).hasMessage("no cached volume");
            assertThat(error.getSuppressed()).containsExactly(timeout);
        }).verify();

        assertThat(fixture.fallbacks).containsExactly(new FallbackEvent("volumes", timeout, false));
    }

    // ---- Flux ----------------------------------------------------------------------------------

    @Test
    void aFluxIsRecordedAsASuccessOnlyWhenItCompletes() {
        Sinks.Many<String> ticks = Sinks.many().unicast().onBackpressureBuffer();
        target.ticks = ticks.asFlux();

        StepVerifier.create(feed.ticks("ACME"))
                .then(() -> ticks.tryEmitNext("1.0"))
                .expectNext("1.0")
                .then(() -> assertThat(metrics("ticks").bufferedCalls()).isZero())
                .then(ticks::tryEmitComplete)
                .verifyComplete();

        assertThat(metrics("ticks").successfulCallsTotal()).isEqualTo(1);
    }

    @Test
    void aFailedFluxFallsBackAfterTheItemsItEmitted() {
        IOException timeout = new IOException("timeout");
        target.ticks = Flux.just("1.0").concatWith(Flux.error(timeout));

        StepVerifier.create(feed.ticks("ACME")).expectNext("1.0", "cached tick of ACME").verifyComplete();

        assertThat(metrics("ticks").failedCallsTotal()).isEqualTo(1);
        assertThat(fixture.fallbacks).containsExactly(new FallbackEvent("ticks", timeout, true));
    }

    @Test
    void aFluxIsRejectedAtSubscriptionNotWhenTheMethodIsCalled() {
        fixture.open("history");

        AtomicReference<Flux<String>> history = new AtomicReference<>();
        assertThatCode(() -> history.set(feed.history("ACME"))).doesNotThrowAnyException();

        StepVerifier.create(history.get()).expectError(CallNotPermittedException.class).verify();
    }

    @Test
    void aFailedFluxWithoutFallbackPropagatesTheSameException() {
        IOException timeout = new IOException("timeout");
        target.ticks = Flux.error(timeout);

        StepVerifier.create(feed.history("ACME")).expectErrorSatisfies(error -> assertThat(error).isSameAs(timeout))
                .verify();
        assertThat(metrics("history").failedCallsTotal()).isEqualTo(1);
    }

    @Test
    void cancellingAFluxReleasesItsPermit() {
        Breaker breaker = fixture.halfOpen("history");
        target.ticks = Flux.never();

        Disposable pending = feed.history("ACME").subscribe();
        StepVerifier.create(feed.history("ACME")).expectError(CallNotPermittedException.class).verify();
        pending.dispose();

        target.ticks = Flux.just("1.0", "2.0");
        StepVerifier.create(feed.history("ACME")).expectNext("1.0", "2.0").verifyComplete();
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void takingPartOfAFluxCountsAsNeitherSuccessNorFailure() {
        target.ticks = Flux.just("1.0", "2.0", "3.0");

        StepVerifier.create(feed.history("ACME").take(1)).expectNext("1.0").verifyComplete();

        BreakerMetrics metrics = metrics("history");
        assertThat(metrics.successfulCallsTotal()).isZero();
        assertThat(metrics.failedCallsTotal()).isZero();
        assertThat(metrics.ignoredCallsTotal()).isEqualTo(1);
    }

    // ---- fixtures ------------------------------------------------------------------------------

    static class StockFeed {
        final AtomicInteger subscriptions = new AtomicInteger();
        String value = "";
        @Nullable Throwable failure;
        @Nullable RuntimeException assemblyFailure;
        boolean never;
        Flux<String> ticks = Flux.empty();

        /** Like a real client: nothing happens until subscription. */
        private Mono<String> call(String symbol) {
            if (assemblyFailure != null) {
                throw assemblyFailure;
            }
            if (never) {
                return Mono.never();
            }
            return Mono.defer(() -> {
                subscriptions.incrementAndGet();
                return (failure != null) ? Mono.error(failure)
                        : Mono.just(value.isEmpty() ? "price of " + symbol : value);
            });
        }

        @CircuitBreaker(name = "prices")
        public Mono<String> price(String symbol) {
            return call(symbol);
        }

        @CircuitBreaker(name = "quotes", fallbackMethod = "cachedQuote")
        public Mono<String> quote(String symbol) {
            return call(symbol);
        }

        Mono<String> cachedQuote(String symbol) {
            return Mono.just("cached " + symbol);
        }

        @CircuitBreaker(name = "volumes", fallbackMethod = "cachedVolume")
        public Mono<String> volume(String symbol) {
            return call(symbol);
        }

        Mono<String> cachedVolume(String symbol, Exception error) {
            return Mono.error(new IllegalStateException("no cached volume"));
        }

        @CircuitBreaker(name = "ticks", fallbackMethod = "cachedTicks")
        public Flux<String> ticks(String symbol) {
            return ticks;
        }

        Flux<String> cachedTicks(String symbol, IOException error) {
            return Flux.just("cached tick of " + symbol);
        }

        @CircuitBreaker(name = "history")
        public Flux<String> history(String symbol) {
            return ticks;
        }
    }
}
