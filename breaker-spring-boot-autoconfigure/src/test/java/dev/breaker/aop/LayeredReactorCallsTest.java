package dev.breaker.aop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.BreakerMetrics;
import dev.breaker.BreakerState;
import dev.breaker.BulkheadFullException;
import dev.breaker.CallTimeoutException;
import dev.breaker.annotation.CircuitBreaker;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Methods returning {@link Mono} or {@link Flux} behind a breaker with layers: each attempt is a subscription,
 * the deadline is Reactor's own timeout operator fired by the breaker's scheduler, the bulkhead never blocks.
 */
class LayeredReactorCallsTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    @Test
    void aMonoThatMissesItsDeadlineIsAnsweredByTheFallbackAndCountedAsASlowFailure() {
        LayersFixture fixture = new LayersFixture("profiles.prices.timeout=1s");
        Prices target = new Prices();
        Prices prices = fixture.proxy(target);
        target.mono = Mono.never();

        StepVerifier.create(prices.price("ACME"))
                .then(() -> fixture.clock.advance(Duration.ofSeconds(1)))
                .expectNext("cached ACME after CallTimeoutException")
                .expectComplete().verify(BOUND);

        BreakerMetrics metrics = fixture.breaker("prices").metrics();
        assertThat(metrics.failedCallsTotal()).isEqualTo(1);
        assertThat(metrics.slowFailedCallsTotal()).isEqualTo(1);
        assertThat(fixture.layers("prices").timeout().timeouts()).isEqualTo(1);
        assertThat(fixture.fallbacks).singleElement()
                .satisfies(event -> assertThat(event.cause()).isInstanceOf(CallTimeoutException.class));
    }

    @Test
    void aFluxMustCompleteByItsDeadline() {
        LayersFixture fixture = new LayersFixture("profiles.prices.timeout=1s");
        Prices target = new Prices();
        Prices prices = fixture.proxy(target);
        target.flux = Flux.concat(Flux.just("1.0", "2.0"), Flux.never());

        StepVerifier.create(prices.ticks("ACME"))
                .expectNext("1.0", "2.0")
                .then(() -> fixture.clock.advance(Duration.ofSeconds(1)))
                .expectError(CallTimeoutException.class).verify(BOUND);

        assertThat(fixture.breaker("prices").metrics().failedCallsTotal()).isEqualTo(1);
    }

    @Test
    void eachRetryResubscribesAndNoneHitsTheOpenBreaker() {
        LayersFixture fixture = new LayersFixture("profiles.prices.retry.max-attempts=10",
                "profiles.prices.retry.wait-duration=0");
        Prices target = new Prices();
        Prices prices = fixture.proxy(target);
        AtomicInteger subscriptions = new AtomicInteger();
        target.mono = Mono.defer(() -> Mono.error(new IOException("attempt " + subscriptions.incrementAndGet())));

        StepVerifier.create(prices.price("ACME")).expectNext("cached ACME after IOException").expectComplete()
                .verify(BOUND);

        assertThat(subscriptions).hasValue(4);
        BreakerMetrics metrics = fixture.breaker("prices").metrics();
        assertThat(metrics.state()).isEqualTo(BreakerState.OPEN);
        assertThat(metrics.failedCallsTotal()).isEqualTo(4);
        assertThat(metrics.notPermittedCallsTotal()).isZero();
        assertThat(fixture.fallbacks).hasSize(1);
        assertThat(fixture.layers("prices").retry().failedCalls()).isEqualTo(1);
    }

    @Test
    void aRetryWaitsOnTheSchedulerBeforeResubscribing() {
        LayersFixture fixture = new LayersFixture("profiles.prices.retry.max-attempts=2",
                "profiles.prices.retry.wait-duration=2s");
        Prices target = new Prices();
        Prices prices = fixture.proxy(target);
        AtomicInteger subscriptions = new AtomicInteger();
        target.mono = Mono.defer(() -> subscriptions.incrementAndGet() == 1
                ? Mono.error(new IOException("refused")) : Mono.just("42.0"));

        StepVerifier.create(prices.price("ACME"))
                .then(() -> {
                    fixture.clock.advance(Duration.ofMillis(1999));
                    assertThat(subscriptions).hasValue(1);
                    fixture.clock.advance(Duration.ofMillis(1));
                })
                .expectNext("42.0").expectComplete().verify(BOUND);

        assertThat(fixture.layers("prices").retry().successfulCallsWithRetry()).isEqualTo(1);
    }

    @Test
    void aFluxIsRetriedOnlyIfItFailedBeforeItsFirstElement() {
        LayersFixture fixture = new LayersFixture("profiles.prices.retry.max-attempts=3",
                "profiles.prices.retry.wait-duration=0");
        Prices target = new Prices();
        Prices prices = fixture.proxy(target);
        AtomicInteger subscriptions = new AtomicInteger();
        target.flux = Flux.defer(() -> subscriptions.incrementAndGet() == 1 ? Flux.error(new IOException("refused"))
                : Flux.concat(Flux.just("1.0"), Flux.error(new IOException("broken stream"))));

        StepVerifier.create(prices.ticks("ACME")).expectNext("1.0").expectErrorMessage("broken stream").verify(BOUND);

        assertThat(subscriptions).as("retried once, not after the element").hasValue(2);
    }

    @Test
    void theBulkheadRejectsASubscriptionBeyondItsLimitWithoutBlockingAndCancellationFreesTheSlot() {
        LayersFixture fixture = new LayersFixture("profiles.prices.max-concurrent-calls=1");
        Prices target = new Prices();
        Prices prices = fixture.proxy(target);
        target.mono = Mono.never();

        Disposable first = prices.price("ACME").subscribe();
        StepVerifier.create(prices.price("INITECH")).expectNext("cached INITECH after BulkheadFullException")
                .expectComplete().verify(BOUND);
        assertThat(fixture.fallbacks).singleElement()
                .satisfies(event -> assertThat(event.cause()).isInstanceOf(BulkheadFullException.class));
        assertThat(fixture.layers("prices").bulkhead().availableCalls()).isZero();

        first.dispose();
        assertThat(fixture.layers("prices").bulkhead().availableCalls()).isEqualTo(1);
        BreakerMetrics metrics = fixture.breaker("prices").metrics();
        assertThat(metrics.failedCallsTotal()).isZero();
        assertThat(metrics.ignoredCallsTotal()).as("the rejection and the cancellation").isEqualTo(2);
    }

    static class Prices {

        volatile Mono<String> mono = Mono.just("42.0");
        volatile Flux<String> flux = Flux.just("42.0");

        @CircuitBreaker(name = "prices", fallbackMethod = "cached")
        public Mono<String> price(String symbol) {
            return mono;
        }

        @CircuitBreaker(name = "prices")
        public Flux<String> ticks(String symbol) {
            return flux;
        }

        Mono<String> cached(String symbol, Throwable cause) {
            return Mono.just("cached " + symbol + " after " + cause.getClass().getSimpleName());
        }
    }
}
