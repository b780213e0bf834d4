package dev.breaker.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerMetrics;
import dev.breaker.BreakerState;
import dev.breaker.BulkheadConfig;
import dev.breaker.BulkheadFullException;
import dev.breaker.CallNotPermittedException;
import dev.breaker.CallTimeoutException;
import dev.breaker.Guard;
import dev.breaker.ManualClock;
import dev.breaker.RetryConfig;
import dev.breaker.TimeoutConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The guard's rules as Reactor operators, without the advisor: each subscription is attempts, each attempt a
 * subscription to the source, on a {@link ManualClock} that is also the scheduler of deadlines and retry waits.
 */
class GuardedPublishersTest {

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final Duration OPEN_WAIT = Duration.ofSeconds(10);
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final ManualClock clock = new ManualClock();
    private final Breaker breaker = Breaker.of("prices", BreakerConfig.builder().clock(clock).scheduler(clock)
            .slidingWindowSize(4).minimumNumberOfCalls(4).waitDurationInOpenState(OPEN_WAIT)
            .permittedNumberOfCallsInHalfOpenState(1).slowCallDurationThreshold(TIMEOUT).build());
    private final AtomicInteger subscriptions = new AtomicInteger();

    /** A cold source, like a WebClient call: each subscription is a new call, counted. */
    private <T> Mono<T> cold(Mono<T> call) {
        return Mono.defer(() -> {
            subscriptions.incrementAndGet();
            return call;
        });
    }

    private <T> Flux<T> cold(Flux<T> call) {
        return Flux.defer(() -> {
            subscriptions.incrementAndGet();
            return call;
        });
    }

    private Guard.Builder guard() {
        return Guard.builder(breaker);
    }

    private RetryConfig threeAttempts() {
        return RetryConfig.builder().maxAttempts(3).waitDuration(Duration.ZERO).scheduler(clock)
                .executor(Runnable::run).build();
    }

    private void open() {
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> breaker.run(() -> {
                throw new IllegalStateException("downstream down");
            })).isInstanceOf(IllegalStateException.class);
        }
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
    }

    // ---- attempts and retries -------------------------------------------------------------------

    @Test
    void eachSubscriptionIsOneAttemptThatSubscribesToTheSourceOnce() {
        Mono<String> price = GuardedPublishers.mono(guard().build(), cold(Mono.just("42.0")));
        assertThat(subscriptions).as("nothing happens until subscription").hasValue(0);

        StepVerifier.create(price).expectNext("42.0").expectComplete().verify(BOUND);
        StepVerifier.create(price).expectNext("42.0").expectComplete().verify(BOUND);

        assertThat(subscriptions).hasValue(2);
        assertThat(breaker.metrics().successfulCallsTotal()).isEqualTo(2);
    }

    @Test
    void aRetryResubscribesToTheSourceAndEachAttemptIsRecorded() {
        Guard guard = guard().retry(threeAttempts()).build();
        Mono<String> price = cold(Mono.defer(() -> subscriptions.get() == 1
                ? Mono.<String>error(new IOException("refused")) : Mono.just("42.0")));

        StepVerifier.create(GuardedPublishers.mono(guard, price)).expectNext("42.0").expectComplete().verify(BOUND);

        assertThat(subscriptions).hasValue(2);
        BreakerMetrics metrics = breaker.metrics();
        assertThat(metrics.failedCallsTotal()).isEqualTo(1);
        assertThat(metrics.successfulCallsTotal()).isEqualTo(1);
        assertThat(guard.retry().successfulCallsWithRetry()).isEqualTo(1);
    }

    @Test
    void aFluxIsRetriedOnlyBeforeItsFirstElement() {
        Guard guard = guard().retry(threeAttempts()).build();
        Flux<String> ticks = cold(Flux.defer(() -> subscriptions.get() == 1 ? Flux.error(new IOException("refused"))
                : Flux.concat(Flux.just("1.0"), Flux.error(new IOException("broken stream")))));

        StepVerifier.create(GuardedPublishers.flux(guard, ticks)).expectNext("1.0").expectErrorMessage("broken stream")
                .verify(BOUND);

        assertThat(subscriptions).as("retried once, not after the element").hasValue(2);
        assertThat(breaker.metrics().failedCallsTotal()).isEqualTo(2);
    }

    @Test
    void underTheBreakerAloneAnEmptyMonoIsASuccessAndAValueIsReportedOnceEvenIfTheSubscriberCancelsOnIt() {
        Guard guard = guard().build();

        StepVerifier.create(GuardedPublishers.mono(guard, cold(Mono.<String>empty()))).expectComplete().verify(BOUND);
        StepVerifier.create(GuardedPublishers.mono(guard, cold(Mono.just("42.0"))), 1).expectNext("42.0").thenCancel()
                .verify(BOUND);

        BreakerMetrics metrics = breaker.metrics();
        assertThat(metrics.successfulCallsTotal()).isEqualTo(2);
        assertThat(metrics.ignoredCallsTotal()).as("the cancel after the value gives nothing back twice").isZero();
        assertThat(metrics.bufferedCalls()).isEqualTo(2);
    }

    @Test
    void underTheBreakerAloneAnOpenBreakerErrorsTheMonoWithoutSubscribingToTheSource() {
        open();

        StepVerifier.create(GuardedPublishers.mono(guard().build(), cold(Mono.just("42.0"))))
                .expectError(CallNotPermittedException.class).verify(BOUND);

        assertThat(subscriptions).hasValue(0);
        assertThat(breaker.metrics().notPermittedCallsTotal()).isEqualTo(1);
    }

    @Test
    void underTheBreakerAloneEachSubscriptionIsTimedFromItsStart() {
        Mono<String> slow = GuardedPublishers.mono(guard().build(), Mono.fromCallable(() -> {
            clock.advance(TIMEOUT.multipliedBy(2));
            return "42.0";
        }));

        StepVerifier.create(slow).expectNext("42.0").expectComplete().verify(BOUND);
        StepVerifier.create(slow).expectNext("42.0").expectComplete().verify(BOUND);

        assertThat(breaker.metrics().slowSuccessfulCallsTotal()).isEqualTo(2);
    }

    // ---- rejections and failures ----------------------------------------------------------------

    @Test
    void anOpenBreakerErrorsTheMonoWithoutSubscribingToTheSource() {
        open();

        StepVerifier.create(GuardedPublishers.mono(guard().retry(threeAttempts()).build(), cold(Mono.just("42.0"))))
                .expectError(CallNotPermittedException.class).verify(BOUND);

        assertThat(subscriptions).hasValue(0);
        assertThat(breaker.metrics().notPermittedCallsTotal()).as("a rejection is never retried").isEqualTo(1);
    }

    @Test
    void anOpenBreakerErrorsTheFluxWithoutSubscribingToTheSource() {
        open();

        StepVerifier.create(GuardedPublishers.flux(guard().build(), cold(Flux.just("1.0"))))
                .expectError(CallNotPermittedException.class).verify(BOUND);

        assertThat(subscriptions).hasValue(0);
    }

    @Test
    void aFailingSourceReachesTheSubscriberAndIsRecordedAsAFailure() {
        IOException refused = new IOException("refused");

        StepVerifier.create(GuardedPublishers.mono(guard().build(), cold(Mono.error(refused))))
                .expectErrorSatisfies(error -> assertThat(error).isSameAs(refused)).verify(BOUND);
        StepVerifier.create(GuardedPublishers.flux(guard().build(), cold(Flux.error(refused))))
                .expectErrorSatisfies(error -> assertThat(error).isSameAs(refused)).verify(BOUND);

        BreakerMetrics metrics = breaker.metrics();
        assertThat(metrics.failedCallsTotal()).isEqualTo(2);
        assertThat(metrics.successfulCallsTotal()).isZero();
        assertThat(metrics.bufferedCalls()).as("exactly one outcome per attempt").isEqualTo(2);
    }

    // ---- deadline ---------------------------------------------------------------------------------

    @Test
    void aMonoThatNeverCompletesTimesOutAtTheDeadline() {
        Guard guard = guard().timeout(TimeoutConfig.builder(TIMEOUT).scheduler(clock).build()).build();

        StepVerifier.create(GuardedPublishers.mono(guard, Mono.<String>never()))
                .expectSubscription()
                .then(() -> {
                    clock.advance(TIMEOUT.minusMillis(1));
                    assertThat(breaker.metrics().failedCallsTotal()).as("not before the deadline").isZero();
                    clock.advance(Duration.ofMillis(1));
                })
                .expectError(CallTimeoutException.class).verify(BOUND);

        BreakerMetrics metrics = breaker.metrics();
        assertThat(metrics.failedCallsTotal()).isEqualTo(1);
        assertThat(metrics.slowFailedCallsTotal()).isEqualTo(1);
        assertThat(guard.timeout().timeouts()).isEqualTo(1);
    }

    @Test
    void aFluxMustCompleteByTheDeadlineNotEachElement() {
        Guard guard = guard().timeout(TimeoutConfig.builder(TIMEOUT).scheduler(clock).build()).build();

        StepVerifier.create(GuardedPublishers.flux(guard, Flux.concat(Flux.just("1.0"), Flux.never())))
                .expectNext("1.0")
                .then(() -> clock.advance(TIMEOUT))
                .expectError(CallTimeoutException.class).verify(BOUND);

        assertThat(breaker.metrics().failedCallsTotal()).isEqualTo(1);
    }

    @Test
    void aMonoDoneBeforeItsDeadlineCancelsItsTimer() {
        Guard guard = guard().timeout(TimeoutConfig.builder(TIMEOUT).scheduler(clock).build()).build();

        StepVerifier.create(GuardedPublishers.mono(guard, Mono.just("42.0"))).expectNext("42.0").expectComplete()
                .verify(BOUND);

        assertThat(clock.pendingTasks()).isZero();
        assertThat(breaker.metrics().successfulCallsTotal()).isEqualTo(1);
    }

    // ---- cancellation -----------------------------------------------------------------------------

    @Test
    void cancellingGivesTheHalfOpenTrialBack() {
        open();
        clock.advance(OPEN_WAIT); // the next call is the one trial call
        Guard guard = guard().build();

        Disposable pending = GuardedPublishers.mono(guard, Mono.never()).subscribe();
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
        StepVerifier.create(GuardedPublishers.mono(guard, cold(Mono.just("42.0"))))
                .expectError(CallNotPermittedException.class).verify(BOUND);

        pending.dispose();

        StepVerifier.create(GuardedPublishers.mono(guard, cold(Mono.just("42.0")))).expectNext("42.0")
                .expectComplete().verify(BOUND);
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(subscriptions).hasValue(1);
    }

    @Test
    void cancellingFreesTheBulkheadSlotAndRecordsNoFailure() {
        Guard guard = guard().bulkhead(BulkheadConfig.builder(1).build()).build();

        Disposable pending = GuardedPublishers.flux(guard, Flux.never()).subscribe();
        assertThat(guard.bulkhead().availableCalls()).isZero();
        StepVerifier.create(GuardedPublishers.flux(guard, cold(Flux.just("1.0"))))
                .expectError(BulkheadFullException.class).verify(BOUND);
        assertThat(subscriptions).as("a full bulkhead does not subscribe").hasValue(0);

        pending.dispose();

        assertThat(guard.bulkhead().availableCalls()).isEqualTo(1);
        BreakerMetrics metrics = breaker.metrics();
        assertThat(metrics.failedCallsTotal()).isZero();
        assertThat(metrics.ignoredCallsTotal()).as("the rejection and the cancellation").isEqualTo(2);
    }
}
