package dev.breaker.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerMode;
import dev.breaker.BreakerRegistry;
import dev.breaker.BreakerScheduler;
import dev.breaker.BreakerState;
import dev.breaker.ManualClock;
import dev.breaker.actuate.Rates;
import dev.breaker.autoconfigure.BreakerDefinitions;
import dev.breaker.autoconfigure.BreakerProperties;
import dev.breaker.autoconfigure.BreakerSettingsProperties;
import dev.breaker.definition.BreakerDefinition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.core.env.StandardEnvironment;

class CircuitBreakersHealthIndicatorTest {

    private final BreakerRegistry registry;
    private final CircuitBreakersHealthIndicator indicator;

    CircuitBreakersHealthIndicatorTest() {
        BreakerProperties properties = new BreakerProperties();
        BreakerSettingsProperties analytics = new BreakerSettingsProperties();
        analytics.setAffectsHealth(false);
        properties.getProfiles().put("analytics", analytics);
        BreakerSettingsProperties shadow = new BreakerSettingsProperties();
        shadow.setMode(BreakerMode.OBSERVE);
        shadow.setMinimumNumberOfCalls(2);
        shadow.setSlidingWindowSize(2);
        properties.getProfiles().put("shadow", shadow);
        ManualClock clock = new ManualClock();
        BreakerDefinitions definitions = new BreakerDefinitions(properties, List.of(), null, clock,
                (BreakerScheduler) clock);
        registry = BreakerRegistry.builder().configResolver(name -> definitions.definition(name).config()).build();
        indicator = new CircuitBreakersHealthIndicator(registry, definitions);
    }

    @Test
    void upWhileEveryBreakerThatMattersIsClosedOrDisabled() {
        registry.breaker("payment");
        registry.breaker("search").transitionToDisabledState();
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void degradedWhileABreakerThatMattersIsNotClosed() {
        registry.breaker("payment").transitionToForcedOpenState();
        Health health = indicator.health();
        assertThat(health.getStatus()).isEqualTo(CircuitBreakersHealthIndicator.DEGRADED);
        assertThat(health.getStatus().getCode()).isEqualTo("DEGRADED");
        @SuppressWarnings("unchecked")
        Map<String, Object> payment = (Map<String, Object>) health.getDetails().get("payment");
        assertThat(payment).containsEntry("state", BreakerState.FORCED_OPEN).containsEntry("affectsHealth", true)
                .containsEntry("failureRate", null);
    }

    @Test
    void detailsShowTheFailureRateRoundedLikeTheEndpoint() {
        BreakerConfig config = BreakerConfig.builder().slidingWindowSize(3).minimumNumberOfCalls(3)
                .failureRateThreshold(90).build();
        BreakerRegistry registry = BreakerRegistry.builder().configResolver(name -> config).build();
        Breaker breaker = registry.breaker("search");
        breaker.onSuccess(Duration.ofMillis(5));
        breaker.onSuccess(Duration.ofMillis(5));
        breaker.onError(Duration.ofMillis(5), new IllegalStateException("down"));

        Health health = new CircuitBreakersHealthIndicator(registry,
                name -> new BreakerDefinition(name, null, config, true)).health();

        @SuppressWarnings("unchecked")
        Map<String, Object> search = (Map<String, Object>) health.getDetails().get("search");
        assertThat(search).containsEntry("failureRate", 33.33)
                .containsEntry("failureRate", Rates.percent(breaker.metrics().failureRate()));
    }

    @Test
    void aBreakerThatDoesNotAffectHealthIsListedButNeverDegrades() {
        registry.breaker("analytics").transitionToForcedOpenState();
        Health health = indicator.health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsKey("analytics");
    }

    @Test
    void anObservingBreakerThatWouldBeOpenKeepsHealthUpAndShowsItsMode() {
        Breaker shadow = registry.breaker("shadow");
        shadow.onError(Duration.ofMillis(5), new IllegalStateException("down"));
        shadow.onError(Duration.ofMillis(5), new IllegalStateException("down"));
        assertThat(shadow.metrics().wouldBeState()).isEqualTo(BreakerState.OPEN);

        Health health = indicator.health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) health.getDetails().get("shadow");
        assertThat(details).containsEntry("state", BreakerState.CLOSED).containsEntry("mode", BreakerMode.OBSERVE)
                .containsEntry("wouldBeState", BreakerState.OPEN).containsEntry("affectsHealth", true);
    }

    @Test
    void anEnforcingBreakerShowsItsModeToo() {
        registry.breaker("payment").transitionToForcedOpenState();
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) indicator.health().getDetails().get("payment");
        assertThat(details).containsEntry("mode", BreakerMode.ENFORCE)
                .containsEntry("wouldBeState", BreakerState.FORCED_OPEN);
    }

    @Test
    void degradedIsOrderedBetweenDownAndUpAndAnswers503ByDefault() {
        StandardEnvironment environment = new StandardEnvironment();
        new DegradedStatusEnvironmentPostProcessor().postProcessEnvironment(environment, null);
        assertThat(environment.getProperty("management.endpoint.health.status.order"))
                .isEqualTo("down,out-of-service,degraded,up,unknown");
        assertThat(environment.getProperty("management.endpoint.health.status.http-mapping.degraded"))
                .isEqualTo("503");
        assertThat(environment.getProperty("management.endpoint.health.status.http-mapping.down")).isEqualTo("503");
    }

    @Test
    void theUsersOwnStatusPropertiesWin() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new org.springframework.core.env.MapPropertySource("user",
                Map.of("management.endpoint.health.status.http-mapping.degraded", "200")));
        new DegradedStatusEnvironmentPostProcessor().postProcessEnvironment(environment, null);
        assertThat(environment.getProperty("management.endpoint.health.status.http-mapping.degraded")).isEqualTo("200");
    }
}
