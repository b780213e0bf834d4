package dev.breaker.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.breaker.Breaker;
import dev.breaker.BreakerRegistry;
import dev.breaker.BreakerScheduler;
import dev.breaker.BreakerState;
import dev.breaker.ManualClock;
import dev.breaker.autoconfigure.BreakerDefinitions;
import dev.breaker.autoconfigure.BreakerInstanceProperties;
import dev.breaker.autoconfigure.BreakerProperties;
import dev.breaker.autoconfigure.BreakerRulesProperties;
import dev.breaker.autoconfigure.BreakerSettingsRefresher;
import dev.breaker.definition.BreakerTuning;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * The endpoint's view of shadow experiments and changed settings, and writes of new settings, without a context:
 * a breaker with experiments shows them beside {@code live}, one without shows nothing new, and settings change
 * only when the whole write is right.
 */
class CircuitBreakersEndpointTuningTest {

    private final ManualClock clock = new ManualClock();
    private final BreakerDefinitions definitions;
    private final BreakerRegistry registry;
    private final CircuitBreakersEndpoint endpoint;
    private final CircuitBreakersEndpointWebExtension web;

    CircuitBreakersEndpointTuningTest() throws Exception {
        BreakerProperties properties = new BreakerProperties();
        BreakerInstanceProperties payment = new BreakerInstanceProperties();
        payment.setMinimumNumberOfCalls(4);
        payment.setSlidingWindowSize(4);
        BreakerRulesProperties strict = new BreakerRulesProperties();
        strict.setFailureRateThreshold(25f);
        payment.getExperiments().put("strict", strict);
        properties.getInstances().put("payment", payment);
        properties.getInstances().put("search", new BreakerInstanceProperties());
        definitions = new BreakerDefinitions(properties, List.of(), getClass().getClassLoader(), clock,
                (BreakerScheduler) clock);
        registry = BreakerRegistry.builder().configResolver(name -> definitions.definition(name).config()).build();
        definitions.instanceNames().forEach(registry::breaker);
        BreakerTuning tuning = new BreakerTuning(registry, name -> definitions.definition(name).tuning());
        BreakerSettingsRefresher settings = new BreakerSettingsRefresher(registry, definitions, tuning,
                new StandardEnvironment());
        settings.afterPropertiesSet();
        endpoint = new CircuitBreakersEndpoint(registry, definitions, null, null, null, tuning, settings);
        web = new CircuitBreakersEndpointWebExtension(endpoint);
    }

    @Test
    void aBreakerWithExperimentsShowsEachBesideLive() {
        Breaker payment = registry.breaker("payment");
        payment.onError(Duration.ofMillis(10), new IllegalStateException("down"));
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMillis(100));
            payment.onSuccess(Duration.ofMillis(10));
        }
        BreakerDetailsDescriptor view = endpoint.circuitBreaker("payment");
        assertThat(view.experiments()).containsOnlyKeys("live", "strict");
        assertThat(view.experiments().keySet()).containsExactly("live", "strict");
        assertThat(view.experiments().get("live").calls()).isEqualTo(4);
        assertThat(view.experiments().get("live").wouldOpen()).isZero();
        assertThat(view.experiments().get("strict").wouldOpen()).isEqualTo(1);
        assertThat(view.experiments().get("strict").settings()).isEqualTo("failure-rate-threshold=25");
        assertThat(view.settingsChanges()).isEmpty();
    }

    @Test
    void aBreakerWithoutExperimentsShowsNone() {
        assertThat(endpoint.circuitBreaker("search").experiments()).isNull();
    }

    @Test
    void newSettingsAreAppliedShownAndKeptInTheHistory() {
        BreakerDetailsDescriptor view = endpoint.transition("search", null,
                "{\"failure-rate-threshold\": 20, \"wait-duration-in-open-state\": \"15s\"}");
        assertThat(view.config().failureRateThreshold()).isEqualTo(20);
        assertThat(view.config().waitDurationInOpenState()).isEqualTo("PT15S");
        assertThat(view.settingsChanges()).singleElement().satisfies(change -> {
            assertThat(change.source()).isEqualTo("actuator");
            assertThat(change.changed()).extracting(SettingsChangeDescriptor.SettingDescriptor::name)
                    .containsExactly("failure-rate-threshold", "wait-duration-in-open-state");
            assertThat(change.windowKept()).isTrue();
        });
        assertThat(definitions.definition("search").config().failureRateThreshold()).isEqualTo(20);
        assertThat(view.summary().state()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void settingsAndStateTogetherApplyBoth() {
        BreakerDetailsDescriptor view = endpoint.transition("search", "FORCED_OPEN", "{\"minimum-number-of-calls\":5}");
        assertThat(view.summary().state()).isEqualTo(BreakerState.FORCED_OPEN);
        assertThat(view.config().minimumNumberOfCalls()).isEqualTo(5);
    }

    @Test
    void experimentsStartAgainOnSettingsFromTheEndpoint() {
        endpoint.transition("payment", null, "{\"failure-rate-threshold\":40}");
        assertThat(endpoint.circuitBreaker("payment").experiments().get("strict").settings())
                .isEqualTo("failure-rate-threshold=25");
        assertThat(endpoint.circuitBreaker("payment").experiments().get("live").calls()).isZero();
    }

    @Test
    void aWrongSettingOrStateChangesNothing() {
        assertThatExceptionOfType(InvalidEndpointRequestException.class)
                .isThrownBy(() -> endpoint.transition("search", null, "{\"failure-rate-threshold\":150}"))
                .satisfies(ex -> assertThat(ex.getReason()).isEqualTo("Invalid breaker setting:"
                        + " breaker.instances.search.failure-rate-threshold is 150.0, but it must be a percentage in"
                        + " (0, 100]."));
        assertThatExceptionOfType(InvalidEndpointRequestException.class)
                .isThrownBy(() -> endpoint.transition("search", "SIDEWAYS", "{\"failure-rate-threshold\":20}"))
                .satisfies(ex -> assertThat(ex.getReason()).startsWith("state must be one of"));
        assertThat(registry.breaker("search").settingsChanges()).isEmpty();
        ProblemDetail problem = (ProblemDetail) web.transition("search", null, "{\"mode\":\"observe\"}").getBody();
        assertThat(problem.getStatus()).isEqualTo(400);
        assertThat(problem.getDetail()).startsWith("breaker.instances.search.mode cannot change while the application"
                + " runs, only with a restart.");
    }

    @Test
    void settingsAreTheJsonTextOfAnObject() {
        for (String notAnObject : new String[] {"failure-rate-threshold=20", "[20]", "{\"failure-rate-threshold\":", ""}) {
            assertThatExceptionOfType(InvalidEndpointRequestException.class).as(notAnObject)
                    .isThrownBy(() -> endpoint.transition("search", null, notAnObject))
                    .satisfies(ex -> assertThat(ex.getReason()).isEqualTo("settings must be a JSON object of breaker"
                            + " settings by name, such as {\"failure-rate-threshold\":20}"));
        }
        assertThat(registry.breaker("search").settingsChanges()).isEmpty();
    }

    @Test
    void theRecordingOfABreakerThatIsNotRecordedIsNotFound() {
        assertNotFound(web.recording("search", "recording"), "Circuit breaker 'search' is not recorded: set"
                + " breaker.instances.search.recording.enabled=true (or recording.enabled in its profile) to record"
                + " its calls");
        assertNotFound(web.recording("ghost", "recording"), "No circuit breaker named 'ghost'");
        assertNotFound(web.recording("search", "history"), "A circuit breaker has no 'history': the only path below"
                + " one is its recording");
        assertThat(registry.find("ghost")).isEmpty();
    }

    private static void assertNotFound(WebEndpointResponse<Object> response, String detail) {
        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(((ProblemDetail) response.getBody()).getDetail()).isEqualTo(detail);
    }
}
