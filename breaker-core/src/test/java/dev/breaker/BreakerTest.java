package dev.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** The state machine, driven by a {@link ManualClock}: every transition and every trip condition. */
class BreakerTest {

    private final ManualClock clock = new ManualClock();

    private BreakerConfig.Builder config() {
        return BreakerConfig.builder().clock(clock).scheduler(clock)
                .slidingWindowSize(10).minimumNumberOfCalls(10)
                .waitDurationInOpenState(Duration.ofSeconds(60))
                .permittedNumberOfCallsInHalfOpenState(3);
    }

    private static void succeed(Breaker breaker, int calls) {
        for (int i = 0; i < calls; i++) {
            assertThat(breaker.execute(() -> "ok")).isEqualTo("ok");
        }
    }

    private static void fail(Breaker breaker, int calls) {
        for (int i = 0; i < calls; i++) {
            assertThatThrownBy(() -> breaker.run(() -> {
                throw new IllegalStateException("downstream down");
            })).isInstanceOf(IllegalStateException.class).hasMessage("downstream down");
        }
    }

    private void slowSuccess(Breaker breaker, Duration took) {
        breaker.execute(() -> {
            clock.advance(took);
            return "slow";
        });
    }

    private Breaker open(BreakerConfig config) {
        Breaker breaker = Breaker.of("payment", config);
        fail(breaker, config.minimumNumberOfCalls());
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        return breaker;
    }

    // ---- CLOSED and the trip conditions --------------------------------------------------------

    @Test
    void startsClosedAndPassesResultsThrough() {
        Breaker breaker = Breaker.of("payment", config().build());
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(breaker.execute(() -> 42)).isEqualTo(42);
        assertThat(breaker.metrics().successfulCallsTotal()).isEqualTo(1);
        assertThat(breaker.retryAfter()).isZero();
    }

    @Test
    void opensWhenFailureRateReachesThreshold() {
        Breaker breaker = Breaker.of("payment", config().failureRateThreshold(50).build());
        succeed(breaker, 5);
        fail(breaker, 4);
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED); // 9 calls: below the minimum of 10
        fail(breaker, 1);
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN); // 5 of 10 = 50% >= 50%
        assertThat(breaker.transitions().get(0).reason()).isEqualTo("failure rate 50% >= 50%");
    }

    @Test
    void staysClosedJustBelowTheFailureRateThreshold() {
        Breaker breaker = Breaker.of("payment", config().failureRateThreshold(50).build());
        succeed(breaker, 6);
        fail(breaker, 4);
        succeed(breaker, 20);
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(breaker.metrics().failureRate()).hasValue(0.0);
    }

    @Test
    void reasonNamesTheRateAndTheThresholdWithDecimals() {
        Breaker breaker = Breaker.of("payment", config().slidingWindowSize(8).minimumNumberOfCalls(8)
                .failureRateThreshold(12.5f).build());
        succeed(breaker, 3);
        fail(breaker, 5);
        assertThat(breaker.transitions().get(0).reason()).isEqualTo("failure rate 62.5% >= 12.5%");
    }

    @Test
    void theMinimumNumberOfCallsIsCappedByASmallerCountWindow() {
        Breaker breaker = Breaker.of("payment", config().slidingWindowSize(4).minimumNumberOfCalls(20).build());
        fail(breaker, 4);
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
    }

    @Test
    void opensWhenSlowCallRateReachesThresholdCountingSlowSuccesses() {
        Breaker breaker = Breaker.of("search", config().slowCallRateThreshold(50)
                .slowCallDurationThreshold(Duration.ofMillis(500)).build());
        for (int i = 0; i < 5; i++) {
            slowSuccess(breaker, Duration.ofMillis(500)); // exactly the threshold: not slow
        }
        assertThat(breaker.metrics().slowSuccessfulCallsTotal()).isZero();
        for (int i = 0; i < 5; i++) {
            slowSuccess(breaker, Duration.ofMillis(501));
        }
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.transitions().get(0).reason()).isEqualTo("slow-call rate 50% >= 50%");
        assertThat(breaker.metrics().slowSuccessfulCallsTotal()).isEqualTo(5);
        assertThat(breaker.metrics().failedCallsTotal()).isZero();
    }

    @Test
    void opensOnConsecutiveFailuresBeforeTheMinimumNumberOfCalls() {
        Breaker breaker = Breaker.of("payment", config().slidingWindowSize(100).minimumNumberOfCalls(100)
                .consecutiveFailureThreshold(3).build());
        fail(breaker, 2);
        succeed(breaker, 1); // breaks the run
        fail(breaker, 2);
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        fail(breaker, 1);
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.transitions().get(0).reason()).isEqualTo("3 consecutive failures >= 3");
    }

    @Test
    void onlyTheLastWindowOfCallsCounts() {
        Breaker breaker = Breaker.of("payment", config().build());
        fail(breaker, 4);
        succeed(breaker, 6); // 40%
        succeed(breaker, 4); // the 4 failures left the window
        fail(breaker, 4); // 40% again, never 50%
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(breaker.metrics().failedCalls()).isEqualTo(4);
        assertThat(breaker.metrics().bufferedCalls()).isEqualTo(10);
    }

    @Test
    void timeBasedWindowForgetsSecondsThatLeftIt() {
        Breaker breaker = Breaker.of("search", config().slidingWindowType(SlidingWindowType.TIME_BASED)
                .slidingWindowSize(10).minimumNumberOfCalls(4).build());
        fail(breaker, 3);
        clock.advance(Duration.ofSeconds(11));
        assertThat(breaker.metrics().bufferedCalls()).isZero();
        succeed(breaker, 3);
        fail(breaker, 1);
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED); // 1 of 4: the old failures are gone
        clock.advance(Duration.ofSeconds(2));
        fail(breaker, 1);
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED); // 2 of 5
        fail(breaker, 1);
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN); // 3 of 6 within 10s
        assertThat(breaker.transitions().get(0).reason()).isEqualTo("failure rate 50% >= 50%");
    }

    @Test
    void maxAgeStopsOldSuccessesFromKeepingABreakerClosed() {
        BreakerConfig.Builder builder = config().slidingWindowSize(100).minimumNumberOfCalls(5);
        Breaker withoutMaxAge = Breaker.of("a", builder.build());
        Breaker withMaxAge = Breaker.of("b", builder.slidingWindowMaxAge(Duration.ofMinutes(10)).build());
        for (Breaker breaker : List.of(withoutMaxAge, withMaxAge)) {
            succeed(breaker, 90);
        }
        clock.advance(Duration.ofHours(3)); // a quiet night
        for (Breaker breaker : List.of(withoutMaxAge, withMaxAge)) {
            fail(breaker, 5);
        }
        assertThat(withoutMaxAge.state()).isEqualTo(BreakerState.CLOSED); // 5 of 95: still "healthy"
        assertThat(withMaxAge.state()).isEqualTo(BreakerState.OPEN); // 5 of 5: the old successes aged out
    }

    @Test
    void ratesAreAbsentBelowTheMinimumNumberOfCalls() {
        Breaker breaker = Breaker.of("payment", config().build());
        fail(breaker, 2);
        BreakerMetrics metrics = breaker.metrics();
        assertThat(metrics.failureRate()).isEmpty();
        assertThat(metrics.slowCallRate()).isEmpty();
        assertThat(metrics.bufferedCalls()).isEqualTo(2);
        assertThat(metrics.failedCalls()).isEqualTo(2);
    }

    // ---- classification -------------------------------------------------------------------------

    @Test
    void ignoredExceptionsCountAsNeitherFailureNorSuccessAndPropagate() {
        Breaker breaker = Breaker.of("payment", config().ignoreExceptions(IllegalArgumentException.class).build());
        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> breaker.run(() -> {
                throw new IllegalArgumentException("bad input");
            })).isInstanceOf(IllegalArgumentException.class);
        }
        BreakerMetrics metrics = breaker.metrics();
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(metrics.bufferedCalls()).isZero();
        assertThat(metrics.ignoredCallsTotal()).isEqualTo(20);
        assertThat(metrics.failedCallsTotal()).isZero();
        assertThat(metrics.successfulCallsTotal()).isZero();
    }

    @Test
    void exceptionsOutsideRecordExceptionsCountAsSuccesses() {
        Breaker breaker = Breaker.of("payment", config().recordExceptions(IOException.class).build());
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> breaker.call(() -> {
                throw new IllegalStateException("business rule");
            })).isInstanceOf(IllegalStateException.class);
        }
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(breaker.metrics().successfulCallsTotal()).isEqualTo(10);
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> breaker.call(() -> {
                throw new java.net.ConnectException("refused");
            })).isInstanceOf(IOException.class);
        }
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN); // 5 failures of 10
    }

    @Test
    void resultPredicateCountsReturnedValuesAsFailuresAndStillReturnsThem() {
        Breaker breaker = Breaker.of("payment", config().recordResult(r -> r instanceof Integer code && code >= 500)
                .build());
        for (int i = 0; i < 10; i++) {
            assertThat(breaker.execute(() -> 503)).isEqualTo(503);
        }
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.metrics().failedCallsTotal()).isEqualTo(10);
    }

    @Test
    void errorsAreRecordedAndPropagateUnchanged() {
        Breaker breaker = Breaker.of("payment", config().build());
        StackOverflowError error = new StackOverflowError();
        assertThatThrownBy(() -> breaker.run(() -> {
            throw error;
        })).isSameAs(error);
        assertThat(breaker.metrics().failedCallsTotal()).isEqualTo(1);
    }

    @Test
    void checkedExceptionsPropagateUnchangedFromExecuteChecked() {
        Breaker breaker = Breaker.of("payment", config().build());
        IOException failure = new IOException("disk");
        assertThatThrownBy(() -> breaker.executeChecked(() -> {
            throw failure;
        })).isSameAs(failure);
        assertThat(breaker.metrics().failedCallsTotal()).isEqualTo(1);
    }

    // ---- OPEN ---------------------------------------------------------------------------------

    @Test
    void rejectsWithoutCallingWhileOpenAndSaysWhenToRetry() {
        Breaker breaker = open(config().build());
        clock.advance(Duration.ofMillis(47_700));
        List<String> calls = new ArrayList<>();
        assertThatThrownBy(() -> breaker.execute(() -> calls.add("called")))
                .isInstanceOfSatisfying(CallNotPermittedException.class, rejected -> {
                    assertThat(rejected.breakerName()).isEqualTo("payment");
                    assertThat(rejected.state()).isEqualTo(BreakerState.OPEN);
                    assertThat(rejected.retryAfter()).isEqualTo(Duration.ofMillis(12_300));
                    assertThat(rejected.getStackTrace()).isEmpty();
                })
                .hasMessage("Circuit breaker 'payment' is OPEN; retry after 12.3s");
        assertThat(calls).isEmpty();
        assertThat(breaker.metrics().notPermittedCallsTotal()).isEqualTo(1);
        assertThat(breaker.retryAfter()).isEqualTo(Duration.ofMillis(12_300));
        assertThat(breaker.tryAcquirePermission()).isFalse();
        assertThat(breaker.metrics().notPermittedCallsTotal()).isEqualTo(2);
    }

    @Test
    void keepsTheFiguresOfTheWindowThatTrippedItWhileOpen() {
        Breaker breaker = Breaker.of("payment", config().build());
        succeed(breaker, 4);
        fail(breaker, 6);
        clock.advance(Duration.ofSeconds(30));
        BreakerMetrics metrics = breaker.metrics();
        assertThat(metrics.state()).isEqualTo(BreakerState.OPEN);
        assertThat(metrics.failureRate()).hasValue(60.0);
        assertThat(metrics.bufferedCalls()).isEqualTo(10);
        assertThat(metrics.failedCalls()).isEqualTo(6);
    }

    @Test
    void movesToHalfOpenOnTheFirstCallAfterTheWait() {
        Breaker breaker = open(config().build());
        clock.advance(Duration.ofSeconds(59));
        assertThat(breaker.tryAcquirePermission()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN); // nothing happens without a call
        assertThat(breaker.execute(() -> "probe")).isEqualTo("probe");
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(breaker.transitions().get(0).reason()).isEqualTo("open wait of 60s elapsed");
    }

    @Test
    void movesToHalfOpenOnItsOwnWithAutomaticTransition() {
        Breaker breaker = open(config().automaticTransitionToHalfOpen(true).build());
        clock.advance(Duration.ofSeconds(59));
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        clock.advance(Duration.ofSeconds(1));
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
    }

    @Test
    void growsTheWaitOnEachConsecutiveReopenUpToTheCap() {
        Breaker breaker = open(config().waitDurationInOpenState(Duration.ofSeconds(10)).waitDurationMultiplier(2)
                .maxWaitDurationInOpenState(Duration.ofSeconds(30)).permittedNumberOfCallsInHalfOpenState(1)
                .build());
        List<Duration> waits = new ArrayList<>();
        for (int reopen = 0; reopen < 4; reopen++) {
            waits.add(breaker.retryAfter());
            clock.advance(breaker.retryAfter());
            fail(breaker, 1); // the single trial fails: reopen
            assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        }
        assertThat(waits).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30),
                Duration.ofSeconds(30));
        // Closing forgets the backoff.
        clock.advance(breaker.retryAfter());
        succeed(breaker, 1);
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        fail(breaker, 10);
        assertThat(breaker.retryAfter()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void jitterAddsUpToTheConfiguredRatioOfTheWait() {
        BreakerConfig config = config().waitDurationInOpenState(Duration.ofSeconds(10)).waitDurationJitter(0.5)
                .slidingWindowSize(1).minimumNumberOfCalls(1).build();
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Breaker breaker = Breaker.of("b" + i, config);
            fail(breaker, 1);
            waits.add(breaker.retryAfter());
        }
        assertThat(waits).allSatisfy(wait -> assertThat(wait).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(15)));
        // Spread out, not all equal: a fleet does not probe in lockstep.
        assertThat(waits.stream().distinct().count()).isGreaterThan(100);
        assertThat(waits.stream().filter(w -> w.compareTo(Duration.ofMillis(12_500)) > 0).count()).isPositive();
    }

    // ---- HALF_OPEN ----------------------------------------------------------------------------

    @Test
    void closesWhenTheTrialCallsSucceedWithAFreshWindow() {
        Breaker breaker = open(config().build());
        clock.advance(Duration.ofSeconds(60));
        succeed(breaker, 2);
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(breaker.metrics().bufferedCalls()).isEqualTo(2);
        assertThat(breaker.metrics().failureRate()).isEmpty(); // 2 of 3 trials done
        succeed(breaker, 1);
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(breaker.transitions().get(0).reason())
                .isEqualTo("trial calls: failure rate 0% < 50% and slow-call rate 0% < 100%");
        assertThat(breaker.metrics().bufferedCalls()).isZero();
    }

    @Test
    void reopensAsSoonAsTheTrialCallsCanNoLongerPass() {
        Breaker breaker = open(config().permittedNumberOfCallsInHalfOpenState(4).build());
        clock.advance(Duration.ofSeconds(60));
        fail(breaker, 1);
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
        fail(breaker, 1); // 2 of 4 failed: the rate can no longer end below 50%
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.transitions().get(0).reason())
                .isEqualTo("2 failed and 0 slow of 2 completed trial calls (of 4): failure rate 50% >= 50%");
    }

    @Test
    void rejectsCallsBeyondThePermittedTrialsUntilTheyComplete() {
        Breaker breaker = open(config().build());
        clock.advance(Duration.ofSeconds(60));
        Breaker.Permit first = breaker.acquirePermit();
        breaker.acquirePermit();
        breaker.acquirePermit();
        assertThatThrownBy(breaker::acquirePermit).isInstanceOfSatisfying(CallNotPermittedException.class,
                rejected -> assertThat(rejected.state()).isEqualTo(BreakerState.HALF_OPEN));
        first.release(); // a cancelled trial gives its permit back
        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.tryAcquirePermission()).isFalse();
    }

    @Test
    void reopensWhenTrialCallsNeverComplete() {
        Breaker breaker = open(config().maxWaitDurationInHalfOpenState(Duration.ofSeconds(30)).build());
        clock.advance(Duration.ofSeconds(60));
        breaker.acquirePermit(); // a trial that hangs forever
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
        clock.advance(Duration.ofSeconds(30)); // the scheduler notices, no call needed
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.transitions().get(0).reason())
                .isEqualTo("still HALF_OPEN after 30s with 0 of 3 trial calls completed");
    }

    @Test
    void aLateOutcomeFromAnEarlierStateDoesNotCountAsATrial() {
        Breaker breaker = Breaker.of("payment", config().build());
        Breaker.Permit beforeOpening = breaker.acquirePermit();
        fail(breaker, 10);
        clock.advance(Duration.ofSeconds(60));
        breaker.acquirePermit();
        beforeOpening.onSuccess(1_000);
        assertThat(breaker.metrics().bufferedCalls()).isZero();
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
    }

    // ---- operator transitions -------------------------------------------------------------------

    @Test
    void forcedOpenRejectsEverythingUntilClosed() {
        Breaker breaker = Breaker.of("payment", config().build());
        succeed(breaker, 3);
        breaker.transitionToForcedOpenState();
        clock.advance(Duration.ofDays(1));
        assertThatThrownBy(() -> breaker.execute(() -> "x"))
                .isInstanceOf(CallNotPermittedException.class)
                .hasMessage("Circuit breaker 'payment' is FORCED_OPEN; calls are rejected until an operator closes or resets it");
        assertThat(breaker.metrics().bufferedCalls()).isEqualTo(3); // the figures as they were
        breaker.transitionToClosedState();
        assertThat(breaker.execute(() -> "x")).isEqualTo("x");
        assertThat(breaker.metrics().bufferedCalls()).isEqualTo(1);
    }

    @Test
    void disabledPermitsEverythingAndRecordsNothing() {
        Breaker breaker = Breaker.of("payment", config().build());
        breaker.transitionToDisabledState();
        fail(breaker, 50);
        assertThat(breaker.state()).isEqualTo(BreakerState.DISABLED);
        assertThat(breaker.metrics().bufferedCalls()).isZero();
        assertThat(breaker.metrics().failedCallsTotal()).isEqualTo(50);
    }

    @Test
    void resetGoesBackToAnEmptyClosedStateFromAnywhere() {
        Breaker breaker = open(config().build());
        breaker.reset();
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(breaker.metrics().bufferedCalls()).isZero();
        assertThat(breaker.metrics().failedCallsTotal()).isEqualTo(10); // lifetime counters are kept
        assertThat(breaker.transitions().get(0))
                .extracting(StateTransition::from, StateTransition::to, StateTransition::reason)
                .containsExactly(BreakerState.OPEN, BreakerState.CLOSED, "reset by an operator");
    }

    @Test
    void anOperatorTransitionToTheCurrentStateChangesNothing() {
        Breaker breaker = Breaker.of("payment", config().build());
        succeed(breaker, 2);
        breaker.transitionToClosedState();
        assertThat(breaker.transitions()).isEmpty();
        assertThat(breaker.metrics().bufferedCalls()).isEqualTo(2);
    }

    // ---- history and listeners --------------------------------------------------------------------

    @Test
    void keepsTheLastTwentyTransitionsNewestFirstWithTimes() {
        Breaker breaker = Breaker.of("payment", config().build());
        for (int i = 0; i < 15; i++) {
            clock.advance(Duration.ofSeconds(1));
            breaker.transitionToForcedOpenState();
            breaker.transitionToClosedState();
        }
        List<StateTransition> transitions = breaker.transitions();
        assertThat(transitions).hasSize(20);
        assertThat(transitions.get(0).to()).isEqualTo(BreakerState.CLOSED);
        assertThat(transitions.get(0).at()).isEqualTo(clock.now());
        assertThat(transitions.get(1).to()).isEqualTo(BreakerState.FORCED_OPEN);
        for (int i = 0; i < transitions.size() - 1; i++) {
            assertThat(transitions.get(i).from()).isEqualTo(transitions.get(i + 1).to());
            assertThat(transitions.get(i).at()).isAfterOrEqualTo(transitions.get(i + 1).at());
        }
    }

    @Test
    void listenersHearTransitionsAndOnlyInterestedOnesHearCalls() {
        Breaker breaker = Breaker.of("payment", config().build());
        List<String> transitions = new ArrayList<>();
        List<String> calls = new ArrayList<>();
        breaker.addListener(new BreakerListener() {
            @Override
            public void onStateTransition(Breaker b, StateTransition transition) {
                transitions.add(transition.from() + "->" + transition.to());
            }

            @Override
            public void onCall(Breaker b, CallOutcome outcome, boolean slow, long durationNanos, Throwable error) {
                calls.add("should not be called");
            }
        });
        breaker.addListener(new BreakerListener() {
            @Override
            public boolean receivesCallOutcomes() {
                return true;
            }

            @Override
            public void onCall(Breaker b, CallOutcome outcome, boolean slow, long durationNanos, Throwable error) {
                calls.add(outcome + (error == null ? "" : ":" + error.getMessage()));
            }
        });
        succeed(breaker, 1);
        fail(breaker, 9);
        assertThatThrownBy(() -> breaker.execute(() -> "x")).isInstanceOf(CallNotPermittedException.class);
        assertThat(transitions).containsExactly("CLOSED->OPEN");
        assertThat(calls).hasSize(11).startsWith("SUCCESS", "FAILURE:downstream down").endsWith("NOT_PERMITTED");
    }

    @Test
    void aThrowingListenerNeverBreaksTheCallOrTheBreaker() {
        Breaker breaker = Breaker.of("payment", config().build());
        List<String> heard = new ArrayList<>();
        breaker.addListener(new BreakerListener() {
            @Override
            public void onStateTransition(Breaker b, StateTransition transition) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public boolean receivesCallOutcomes() {
                return true;
            }

            @Override
            public void onCall(Breaker b, CallOutcome outcome, boolean slow, long durationNanos, Throwable error) {
                throw new IllegalStateException("listener bug");
            }
        });
        breaker.addListener(new BreakerListener() {
            @Override
            public void onStateTransition(Breaker b, StateTransition transition) {
                heard.add(transition.to().name());
            }
        });
        try (CapturedLog log = CapturedLog.of("dev.breaker.Breaker")) {
            assertThat(breaker.execute(() -> "ok")).isEqualTo("ok");
            fail(breaker, 9);
            assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
            assertThat(heard).containsExactly("OPEN"); // the listener after the broken one still hears
            // each failure is reported, with the listener's exception, instead of reaching the caller
            assertThat(log.records()).hasSize(11).allSatisfy(record -> {
                assertThat(record.getLevel()).isEqualTo(Level.WARNING);
                assertThat(record.getMessage()).contains("'payment'");
                assertThat(record.getThrown()).hasMessage("listener bug");
            });
        }
    }

    @Test
    void aTransitionMadeByAListenerIsDeliveredAfterTheOneItReactsTo() {
        Breaker breaker = Breaker.of("payment", config().build());
        List<String> heard = new ArrayList<>();
        breaker.addListener(new BreakerListener() {
            @Override
            public void onStateTransition(Breaker b, StateTransition transition) {
                heard.add(transition.from() + "->" + transition.to());
                if (transition.to() == BreakerState.OPEN) {
                    b.transitionToForcedOpenState();
                }
            }
        });
        fail(breaker, 10);
        assertThat(heard).containsExactly("CLOSED->OPEN", "OPEN->FORCED_OPEN");
    }

    // ---- asynchronous calls and the low-level API ---------------------------------------------------

    @Test
    void recordsACompletionStageWhenItCompletesWithItsDuration() {
        Breaker breaker = Breaker.of("search", config().slowCallDurationThreshold(Duration.ofSeconds(1)).build());
        CompletableFuture<String> downstream = new CompletableFuture<>();
        CompletionStage<String> stage = breaker.executeCompletionStage(() -> downstream);
        assertThat(breaker.metrics().bufferedCalls()).isZero();
        clock.advance(Duration.ofSeconds(2));
        downstream.completeExceptionally(new UncheckedIOException(new IOException("reset")));
        assertThat(stage.toCompletableFuture()).isCompletedExceptionally();
        BreakerMetrics metrics = breaker.metrics();
        assertThat(metrics.failedCallsTotal()).isEqualTo(1);
        assertThat(metrics.slowFailedCallsTotal()).isEqualTo(1);
    }

    @Test
    void aRejectedOrThrowingCompletionStageCallGivesAFailedStage() {
        Breaker breaker = open(config().build());
        CompletionStage<String> rejected = breaker.executeCompletionStage(() -> CompletableFuture.completedFuture("x"));
        assertThat(rejected.toCompletableFuture()).isCompletedExceptionally();
        assertThatThrownBy(() -> rejected.toCompletableFuture().join())
                .hasCauseInstanceOf(CallNotPermittedException.class);

        Breaker closed = Breaker.of("other", config().build());
        CompletionStage<String> thrown = closed.executeCompletionStage(() -> {
            throw new IllegalStateException("could not start");
        });
        assertThat(thrown.toCompletableFuture()).isCompletedExceptionally();
        assertThat(closed.metrics().failedCallsTotal()).isEqualTo(1);
    }

    @Test
    void aCancelledCompletionStageCountsAsIgnoredAndFreesItsTrialPermit() {
        Breaker breaker = open(config().permittedNumberOfCallsInHalfOpenState(1).build());
        clock.advance(Duration.ofSeconds(60));
        CompletableFuture<String> downstream = new CompletableFuture<>();
        CompletionStage<String> stage = breaker.executeCompletionStage(() -> downstream);
        assertThat(breaker.tryAcquirePermission()).isFalse();
        stage.toCompletableFuture().cancel(true);
        assertThat(breaker.metrics().ignoredCallsTotal()).isEqualTo(1);
        assertThat(breaker.tryAcquirePermission()).isTrue();
    }

    @Test
    void lowLevelApiRecordsOutcomesReportedByAnIntegration() {
        Breaker breaker = Breaker.of("payment", config().slowCallDurationThreshold(Duration.ofMillis(100)).build());
        for (int i = 0; i < 5; i++) {
            assertThat(breaker.tryAcquirePermission()).isTrue();
            breaker.onSuccess(150, TimeUnit.MILLISECONDS);
        }
        for (int i = 0; i < 5; i++) {
            assertThat(breaker.tryAcquirePermission()).isTrue();
            breaker.onError(Duration.ofMillis(20), new IOException("refused"));
        }
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        BreakerMetrics metrics = breaker.metrics();
        assertThat(metrics.slowSuccessfulCallsTotal()).isEqualTo(5);
        assertThat(metrics.failedCallsTotal()).isEqualTo(5);
        assertThat(metrics.slowCalls()).isEqualTo(5);
    }

    @Test
    void rejectsNamesThatCannotBeShownSafely() {
        assertThatThrownBy(() -> Breaker.ofDefaults(" ")).hasMessageContaining("not blank");
        assertThatThrownBy(() -> Breaker.ofDefaults("evil\nname")).hasMessageContaining("'evil?name'")
                .hasMessageContaining("without control characters");
        assertThatThrownBy(() -> Breaker.ofDefaults("x".repeat(201))).hasMessageContaining("(201 characters)")
                .hasMessageContaining("1 to 200 characters");
        assertThat(Breaker.ofDefaults("x".repeat(200)).name()).hasSize(200);
    }
}
