package dev.breaker.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerMode;
import dev.breaker.BreakerRegistry;
import dev.breaker.BreakerScheduler;
import dev.breaker.BreakerState;
import dev.breaker.CallNotPermittedException;
import dev.breaker.ManualClock;
import dev.breaker.actuate.BreakerDetailsDescriptor.TransitionDescriptor;
import dev.breaker.autoconfigure.BreakerDefinitions;
import dev.breaker.autoconfigure.BreakerProperties;
import dev.breaker.autoconfigure.BreakerSettingsProperties;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.http.ProblemDetail;

class CircuitBreakersEndpointTest {

    private final ManualClock clock = new ManualClock();
    private final BreakerDefinitions definitions;
    private final BreakerRegistry registry;
    private final CircuitBreakersEndpoint endpoint;
    private final CircuitBreakersEndpointWebExtension web;

    CircuitBreakersEndpointTest() {
        BreakerProperties properties = new BreakerProperties();
        BreakerSettingsProperties payment = new BreakerSettingsProperties();
        payment.setMinimumNumberOfCalls(4);
        payment.setSlidingWindowSize(4);
        payment.setWaitDurationInOpenState(Duration.ofSeconds(30));
        properties.getProfiles().put("payment", payment);
        BreakerSettingsProperties analytics = new BreakerSettingsProperties();
        analytics.setAffectsHealth(false);
        properties.getProfiles().put("analytics", analytics);
        BreakerSettingsProperties shadow = new BreakerSettingsProperties();
        shadow.setMode(BreakerMode.OBSERVE);
        shadow.setMinimumNumberOfCalls(4);
        shadow.setSlidingWindowSize(4);
        properties.getProfiles().put("shadow", shadow);
        definitions = new BreakerDefinitions(properties, List.of(), getClass().getClassLoader(), clock,
                (BreakerScheduler) clock);
        registry = BreakerRegistry.builder().configResolver(name -> definitions.definition(name).config()).build();
        endpoint = new CircuitBreakersEndpoint(registry, definitions);
        web = new CircuitBreakersEndpointWebExtension(endpoint);
    }

    private void trip(Breaker breaker) {
        breaker.execute(() -> "ok");
        for (int i = 0; i < 3; i++) {
            try {
                breaker.run(() -> {
                    throw new IllegalStateException("down");
                });
            } catch (IllegalStateException expected) {
                // recorded
            }
        }
    }

    @Test
    void listsEveryBreakerSortedByNameWithNumbersAsNumbers() {
        registry.breaker("search");
        registry.breaker("analytics");
        Breaker payment = registry.breaker("payment");
        trip(payment);
        clock.advance(Duration.ofMillis(12_300));
        var all = endpoint.circuitBreakers().circuitBreakers();
        assertThat(all).containsOnlyKeys("analytics", "payment", "search");
        assertThat(List.copyOf(all.keySet())).containsExactly("analytics", "payment", "search");
        BreakerDescriptor open = all.get("payment");
        assertThat(open.state()).isEqualTo(BreakerState.OPEN);
        assertThat(open.profile()).isEqualTo("payment");
        assertThat(open.failureRate()).isEqualTo(75.0); // the window that tripped it
        assertThat(open.bufferedCalls()).isEqualTo(4);
        assertThat(open.failedCalls()).isEqualTo(3);
        assertThat(open.affectsHealth()).isTrue();
        assertThat(open.retryAfterSeconds()).isEqualTo(17.7);
        BreakerDescriptor quiet = all.get("search");
        assertThat(quiet.profile()).isNull();
        assertThat(quiet.failureRate()).isNull(); // fewer than the minimum number of calls
        assertThat(quiet.retryAfterSeconds()).isNull();
        assertThat(all.get("analytics").affectsHealth()).isFalse();
    }

    @Test
    void showsOneBreakerWithItsConfigAndTransitionsNewestFirst() {
        Breaker payment = registry.breaker("payment");
        trip(payment);
        WebEndpointResponse<?> response = web.circuitBreaker("payment");
        assertThat(response.getStatus()).isEqualTo(200);
        BreakerDetailsDescriptor details = (BreakerDetailsDescriptor) response.getBody();
        assertThat(details.config().waitDurationInOpenState()).isEqualTo("PT30S");
        assertThat(details.config().slidingWindowSize()).isEqualTo(4);
        assertThat(details.config().slidingWindowType()).isEqualTo("COUNT_BASED");
        assertThat(details.transitions()).singleElement().satisfies(t -> {
            assertThat(t.from()).isEqualTo(BreakerState.CLOSED);
            assertThat(t.to()).isEqualTo(BreakerState.OPEN);
            assertThat(t.reason()).isEqualTo("failure rate 75% >= 50%");
            assertThat(t.at()).isEqualTo("2025-01-01T00:00:00Z");
        });
    }

    @Test
    void anUnknownNameIsNotFoundAndReadingCreatesNoBreaker() {
        WebEndpointResponse<?> response = web.circuitBreaker("nope");
        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(((ProblemDetail) response.getBody()).getDetail())
                .isEqualTo("No circuit breaker named 'nope'");
        assertThat(registry.find("nope")).isEmpty();
        assertThat(web.transition("nope", "FORCED_OPEN").getStatus()).isEqualTo(404);
        assertThat(registry.find("nope")).isEmpty();
        String longName = "x".repeat(5000);
        assertThat(((ProblemDetail) web.circuitBreaker(longName).getBody()).getDetail())
                .hasSizeLessThan(200).contains("(5000 characters)");
    }

    @Test
    void writesForceOpenCloseAndDisable() {
        Breaker payment = registry.breaker("payment");
        WebEndpointResponse<?> forced = web.transition("payment", "FORCED_OPEN");
        assertThat(forced.getStatus()).isEqualTo(200);
        assertThat(((BreakerDetailsDescriptor) forced.getBody()).summary().state()).isEqualTo(BreakerState.FORCED_OPEN);
        assertThat(payment.state()).isEqualTo(BreakerState.FORCED_OPEN);
        endpoint.transition("payment", "DISABLED");
        assertThat(payment.state()).isEqualTo(BreakerState.DISABLED);
        endpoint.transition("payment", "CLOSED");
        assertThat(payment.state()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void writesOpenThenHalfOpen() {
        Breaker payment = registry.breaker("payment");
        BreakerDetailsDescriptor open = endpoint.transition("payment", "OPEN");
        assertThat(open.summary().state()).isEqualTo(BreakerState.OPEN);
        assertThat(open.summary().retryAfterSeconds()).isEqualTo(30.0); // a normal open wait, unlike FORCED_OPEN
        assertThat(payment.state()).isEqualTo(BreakerState.OPEN);

        BreakerDetailsDescriptor halfOpen = endpoint.transition("payment", "HALF_OPEN");
        assertThat(halfOpen.summary().state()).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(halfOpen.summary().retryAfterSeconds()).isNull();
        assertThat(halfOpen.transitions()).extracting(TransitionDescriptor::from, TransitionDescriptor::to)
                .containsExactly(tuple(BreakerState.OPEN, BreakerState.HALF_OPEN),
                        tuple(BreakerState.CLOSED, BreakerState.OPEN));
        assertThat(payment.execute(() -> "trial")).isEqualTo("trial");
    }

    @Test
    void anOperatorsOpenLetsTrialCallsThroughAfterTheOpenWait() {
        Breaker payment = registry.breaker("payment");
        endpoint.transition("payment", "OPEN");
        assertThatExceptionOfType(CallNotPermittedException.class).isThrownBy(() -> payment.execute(() -> "x"));
        clock.advance(Duration.ofSeconds(30));
        assertThat(payment.execute(() -> "trial")).isEqualTo("trial");
        assertThat(payment.state()).isEqualTo(BreakerState.HALF_OPEN);
    }

    @Test
    void anObservingBreakerShowsItsModeAndTheStateItWouldBeIn() {
        Breaker shadow = registry.breaker("shadow");
        Breaker payment = registry.breaker("payment");
        trip(shadow);
        BreakerDescriptor observing = endpoint.circuitBreakers().circuitBreakers().get("shadow");
        assertThat(observing.state()).isEqualTo(BreakerState.CLOSED); // rejects nothing
        assertThat(observing.mode()).isEqualTo(BreakerMode.OBSERVE);
        assertThat(observing.wouldBeState()).isEqualTo(BreakerState.OPEN);
        assertThat(observing.retryAfterSeconds()).isNull();
        assertThat(observing.failureRate()).isEqualTo(75.0);
        assertThat(shadow.execute(() -> "still called")).isEqualTo("still called");

        trip(payment);
        BreakerDescriptor enforcing = endpoint.circuitBreaker("payment").summary();
        assertThat(enforcing.mode()).isEqualTo(BreakerMode.ENFORCE);
        assertThat(enforcing.wouldBeState()).isEqualTo(enforcing.state()).isEqualTo(BreakerState.OPEN);
    }

    @Test
    void anOperatorsOpenOfAnObservingBreakerMovesOnlyItsWouldBeState() {
        Breaker shadow = registry.breaker("shadow");
        BreakerDescriptor open = endpoint.transition("shadow", "OPEN").summary();
        assertThat(open.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(open.wouldBeState()).isEqualTo(BreakerState.OPEN);
        assertThat(shadow.execute(() -> "still called")).isEqualTo("still called");
        assertThat(endpoint.transition("shadow", "HALF_OPEN").summary().wouldBeState())
                .isEqualTo(BreakerState.HALF_OPEN);
        assertThat(endpoint.transition("shadow", "FORCED_OPEN").summary().state())
                .as("an operator's stop is enforced in either mode").isEqualTo(BreakerState.FORCED_OPEN);
    }

    @Test
    void anyOtherStateIsABadRequestNamingTheAcceptedValues() {
        Breaker payment = registry.breaker("payment");
        for (String state : new String[] {"METRICS_ONLY", "FORCED_CLOSED", "sideways", "", null}) {
            WebEndpointResponse<?> response = web.transition("payment", state);
            assertThat(response.getStatus()).isEqualTo(400);
            assertThat(((ProblemDetail) response.getBody()).getDetail())
                    .startsWith("state must be one of CLOSED, OPEN, HALF_OPEN, FORCED_OPEN, DISABLED, but was ");
        }
        assertThat(payment.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(payment.transitions()).isEmpty();
    }

    @Test
    void aStateIsTakenOnlyExactlyAsDocumented() {
        Breaker payment = registry.breaker("payment");
        for (String loose : new String[] {"forced_open", "Forced_Open", "FORCED-OPEN", "forced-open", "Closed",
                "closed", "disabled", " CLOSED", "CLOSED ", "\tDISABLED\n", "FORCED OPEN", "FORCEDOPEN", "ＣＬＯＳＥＤ", "open",
                "Open", "half_open", "HALF-OPEN", "HALFOPEN", " OPEN"}) {
            WebEndpointResponse<?> response = web.transition("payment", loose);
            assertThat(response.getStatus()).as(loose).isEqualTo(400);
            assertThat(((ProblemDetail) response.getBody()).getDetail()).as(loose)
                    .isEqualTo("state must be one of CLOSED, OPEN, HALF_OPEN, FORCED_OPEN, DISABLED, but was '" + loose + "'");
        }
        assertThat(payment.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(payment.transitions()).isEmpty();
    }

    @Test
    void aNameLongerThanAnyBreakerCanHaveIsNotFound() {
        String longest = "p".repeat(200);
        registry.breaker(longest);
        assertThat(web.circuitBreaker(longest).getStatus()).isEqualTo(200);
        String tooLong = longest + "p";
        assertThat(web.circuitBreaker(tooLong).getStatus()).isEqualTo(404);
        assertThat(web.transition(tooLong, "FORCED_OPEN").getStatus()).isEqualTo(404);
        assertThat(((ProblemDetail) web.circuitBreaker("x".repeat(10_000)).getBody()).getDetail())
                .isEqualTo("No circuit breaker named '" + "x".repeat(100) + "...' (10000 characters)");
        assertThat(registry.find(longest).orElseThrow().state()).isEqualTo(BreakerState.CLOSED);
        assertThat(registry.breakers()).hasSize(1);
    }

    @Test
    void ratesAreRoundedToTwoDecimals() {
        assertThat(Rates.percent(java.util.OptionalDouble.of(100.0 / 3))).isEqualTo(33.33);
        assertThat(Rates.percent(java.util.OptionalDouble.empty())).isNull();
        assertThat(BreakerConfig.defaults()).isNotNull();
    }
}
