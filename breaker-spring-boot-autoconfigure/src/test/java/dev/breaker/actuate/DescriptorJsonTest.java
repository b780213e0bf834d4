package dev.breaker.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerRegistry;
import dev.breaker.BulkheadConfig;
import dev.breaker.ManualClock;
import dev.breaker.RetryConfig;
import dev.breaker.TimeoutConfig;
import dev.breaker.definition.BreakerDefinition;
import dev.breaker.definition.LayerSettings;
import dev.breaker.healthcheck.HealthCheckStatus;
import dev.breaker.shared.FleetWindowStatus;
import dev.breaker.shared.SyncState;
import dev.breaker.shared.SyncStatus;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import dev.breaker.tuning.Experiments;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The endpoint's JSON is a public contract: these are the documents it wrote before {@link BreakerDetailsDescriptor}
 * was built on {@link BreakerDescriptor}, field names, order, nulls and number types included.
 */
class DescriptorJsonTest {

    /** Configured like the actuator's own mapper: nulls dropped unless a type says otherwise. */
    private static final JsonMapper ACTUATOR_MAPPER = JsonMapper.builder()
            .changeDefaultPropertyInclusion(value -> value.withValueInclusion(JsonInclude.Include.NON_NULL)
                    .withContentInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private final ManualClock clock = new ManualClock();
    private final BreakerConfig config = BreakerConfig.builder().slidingWindowSize(3).minimumNumberOfCalls(3)
            .waitDurationInOpenState(Duration.ofSeconds(30)).recordExceptions(List.of(IOException.class))
            .clock(clock).scheduler(clock).build();
    private final BreakerRegistry registry = BreakerRegistry.builder().configResolver(name -> config).build();
    private final BreakerDefinition payment = new BreakerDefinition("payment", "payment", config, true,
            new LayerSettings(TimeoutConfig.builder(Duration.ofMillis(1200)).build(),
                    BulkheadConfig.builder(5).maxWaitDuration(Duration.ofMillis(100)).build(),
                    RetryConfig.builder().maxAttempts(3).build()));
    private final BreakerDefinition search = new BreakerDefinition("search", null, config, false);
    private final SyncStatus synced = new SyncStatus(SyncState.SYNCED, 7, Instant.parse("2025-01-01T00:00:05Z"), null, 0);

    private Breaker trippedPayment() {
        Breaker breaker = registry.breaker("payment");
        breaker.onSuccess(Duration.ofMillis(20));
        breaker.onError(Duration.ofMillis(20), new IOException("refused"));
        breaker.onError(Duration.ofMillis(20), new IOException("refused"));
        clock.advance(Duration.ofMillis(12_300));
        return breaker;
    }

    /** The actual document, compared with the expected one written compactly in the same field order. */
    private static void assertJson(Object descriptor, String expected) {
        String actual = ACTUATOR_MAPPER.writeValueAsString(descriptor);
        String compactExpected = ACTUATOR_MAPPER.writeValueAsString(ACTUATOR_MAPPER.readTree(expected));
        assertThat(ACTUATOR_MAPPER.readTree(actual)).as("field names and values")
                .isEqualTo(ACTUATOR_MAPPER.readTree(expected));
        assertThat(actual).as("field order and number formats").isEqualTo(compactExpected);
    }

    @Test
    void detailsOfATrippedSharedBreakerWithLayers() {
        assertJson(BreakerDetailsDescriptor.of(trippedPayment(), payment, null, synced), """
                {"state":"OPEN","mode":"ENFORCE","wouldBeState":"OPEN","profile":"payment","failureRate":66.67,
                 "slowCallRate":0.0,"bufferedCalls":3,
                 "failedCalls":2,"slowCalls":0,"notPermittedCalls":0,"affectsHealth":true,"retryAfterSeconds":17.7,
                 "shared":false,
                 "sync":{"status":"SYNCED","version":7,"lastSyncAt":"2025-01-01T00:00:05Z","lastError":null,"errors":0},
                 "healthCheck":null,
                 "config":{"slidingWindowType":"COUNT_BASED","slidingWindowSize":3,"slidingWindowMaxAge":"PT0S",
                  "minimumNumberOfCalls":3,"failureRateThreshold":50.0,"slowCallRateThreshold":100.0,
                  "slowCallDurationThreshold":"PT1M","consecutiveFailureThreshold":0,"waitDurationInOpenState":"PT30S",
                  "waitDurationJitter":0.0,"waitDurationMultiplier":1.0,"maxWaitDurationInOpenState":"PT0S",
                  "automaticTransitionToHalfOpen":false,"permittedNumberOfCallsInHalfOpenState":10,
                  "successThresholdInHalfOpenState":0,"maxWaitDurationInHalfOpenState":"PT0S","recordExceptions":["java.io.IOException"],
                  "ignoreExceptions":[]},
                 "transitions":[{"at":"2025-01-01T00:00:00Z","from":"CLOSED","to":"OPEN",
                  "reason":"failure rate 66.7% >= 50%"}],
                 "layers":{"timeout":{"duration":"PT1.2S","timeouts":0},
                  "bulkhead":{"maxConcurrentCalls":5,"maxWaitDuration":"PT0.1S","availableCalls":5,"rejectedCalls":0},
                  "retry":{"maxAttempts":3,"waitDuration":"PT0.5S","backoff":"fixed","multiplier":2.0,
                   "maxWaitDuration":"PT0S","jitter":0.0,"retryExceptions":[],"ignoreExceptions":[],
                   "successfulCallsWithoutRetry":0,"successfulCallsWithRetry":0,"failedCalls":0,"retryAttempts":0}}}
                """);
    }

    @Test
    void aBreakerWithAFleetWindowShowsTheFleetsFiguresBesideItsOwn() {
        FleetWindowStatus fleet = new FleetWindowStatus(35.0 + 1 / 3.0, null, 240, 85, 0, 12,
                Instant.parse("2025-01-01T00:00:09Z"), false);
        assertJson(BreakerDetailsDescriptor.of(registry.breaker("search"), search, null, synced, null, null, fleet), """
                {"state":"CLOSED","mode":"ENFORCE","wouldBeState":"CLOSED","profile":null,"failureRate":null,
                 "slowCallRate":null,"bufferedCalls":0,
                 "failedCalls":0,"slowCalls":0,"notPermittedCalls":0,"affectsHealth":false,"retryAfterSeconds":null,
                 "shared":false,
                 "sync":{"status":"SYNCED","version":7,"lastSyncAt":"2025-01-01T00:00:05Z","lastError":null,"errors":0},
                 "healthCheck":null,
                 "fleet":{"failureRate":35.33,"slowCallRate":null,"calls":240,"failedCalls":85,"slowCalls":0,
                  "instances":12,"updatedAt":"2025-01-01T00:00:09Z","stale":false},
                 "config":{"slidingWindowType":"COUNT_BASED","slidingWindowSize":3,"slidingWindowMaxAge":"PT0S",
                  "minimumNumberOfCalls":3,"failureRateThreshold":50.0,"slowCallRateThreshold":100.0,
                  "slowCallDurationThreshold":"PT1M","consecutiveFailureThreshold":0,"waitDurationInOpenState":"PT30S",
                  "waitDurationJitter":0.0,"waitDurationMultiplier":1.0,"maxWaitDurationInOpenState":"PT0S",
                  "automaticTransitionToHalfOpen":false,"permittedNumberOfCallsInHalfOpenState":10,
                  "successThresholdInHalfOpenState":0,"maxWaitDurationInHalfOpenState":"PT0S","recordExceptions":["java.io.IOException"],
                  "ignoreExceptions":[]},
                 "transitions":[],
                 "layers":{"timeout":null,"bulkhead":null,"retry":null}}
                """);
    }

    @Test
    void detailsOfAQuietLocalBreakerKeepTheirNulls() {
        assertJson(BreakerDetailsDescriptor.of(registry.breaker("search"), search), """
                {"state":"CLOSED","mode":"ENFORCE","wouldBeState":"CLOSED","profile":null,"failureRate":null,
                 "slowCallRate":null,"bufferedCalls":0,
                 "failedCalls":0,"slowCalls":0,"notPermittedCalls":0,"affectsHealth":false,"retryAfterSeconds":null,
                 "shared":false,"sync":null,"healthCheck":null,
                 "config":{"slidingWindowType":"COUNT_BASED","slidingWindowSize":3,"slidingWindowMaxAge":"PT0S",
                  "minimumNumberOfCalls":3,"failureRateThreshold":50.0,"slowCallRateThreshold":100.0,
                  "slowCallDurationThreshold":"PT1M","consecutiveFailureThreshold":0,"waitDurationInOpenState":"PT30S",
                  "waitDurationJitter":0.0,"waitDurationMultiplier":1.0,"maxWaitDurationInOpenState":"PT0S",
                  "automaticTransitionToHalfOpen":false,"permittedNumberOfCallsInHalfOpenState":10,
                  "successThresholdInHalfOpenState":0,"maxWaitDurationInHalfOpenState":"PT0S","recordExceptions":["java.io.IOException"],
                  "ignoreExceptions":[]},
                 "transitions":[],
                 "layers":{"timeout":null,"bulkhead":null,"retry":null}}
                """);
    }

    @Test
    void theListShowsEachBreakersSummary() {
        assertJson(new CircuitBreakersEndpoint.CircuitBreakersDescriptor(
                Map.of("payment", BreakerDescriptor.of(trippedPayment(), payment, synced))), """
                {"circuitBreakers":{"payment":{"state":"OPEN","mode":"ENFORCE","wouldBeState":"OPEN",
                 "profile":"payment","failureRate":66.67,
                 "slowCallRate":0.0,"bufferedCalls":3,"failedCalls":2,"slowCalls":0,"notPermittedCalls":0,
                 "affectsHealth":true,"retryAfterSeconds":17.7,"shared":false,
                 "sync":{"status":"SYNCED","version":7,"lastSyncAt":"2025-01-01T00:00:05Z","lastError":null,
                  "errors":0},"healthCheck":null}}}
                """);
    }

    @Test
    void aBreakerWithAHealthCheckShowsWhereItStands() {
        HealthCheckStatus check = new HealthCheckStatus("db", 3, HealthCheckStatus.Result.UNHEALTHY,
                Instant.parse("2025-01-01T00:00:45Z"), "DOWN: java.net.ConnectException: Connection refused", 3, true,
                7, 3);
        assertJson(BreakerDescriptor.of(trippedPayment(), search, null, check), """
                {"state":"OPEN","mode":"ENFORCE","wouldBeState":"OPEN","profile":null,"failureRate":66.67,"slowCallRate":0.0,"bufferedCalls":3,
                 "failedCalls":2,"slowCalls":0,"notPermittedCalls":0,"affectsHealth":false,"retryAfterSeconds":17.7,
                 "shared":false,"sync":null,
                 "healthCheck":{"check":"db","status":"UNHEALTHY","at":"2025-01-01T00:00:45Z",
                  "detail":"DOWN: java.net.ConnectException: Connection refused","consecutiveUnhealthy":3,
                  "unhealthyThreshold":3,"holdingTrials":true}}
                """);
    }

    @Test
    void aBreakerWithExperimentsAndChangedSettingsShowsThemAfterItsLayers() {
        Breaker breaker = registry.breaker("search");
        breaker.reconfigure(config.toBuilder().waitDurationInOpenState(Duration.ofSeconds(20)).build(), "actuator");
        Experiments experiments = Experiments.attach(breaker,
                Map.of("strict", breaker.config().toBuilder().failureRateThreshold(25).build()));
        breaker.onSuccess(Duration.ofMillis(20));
        clock.advance(Duration.ofMillis(500));
        breaker.onSuccess(Duration.ofMillis(20));
        clock.advance(Duration.ofMillis(500));
        breaker.onError(Duration.ofMillis(20), new IOException("refused"));
        clock.advance(Duration.ofMillis(1500));

        assertJson(BreakerDetailsDescriptor.of(breaker, search, null, null, null, experiments), """
                {"state":"CLOSED","mode":"ENFORCE","wouldBeState":"CLOSED","profile":null,"failureRate":33.33,
                 "slowCallRate":0.0,"bufferedCalls":3,
                 "failedCalls":1,"slowCalls":0,"notPermittedCalls":0,"affectsHealth":false,"retryAfterSeconds":null,
                 "shared":false,"sync":null,"healthCheck":null,
                 "config":{"slidingWindowType":"COUNT_BASED","slidingWindowSize":3,"slidingWindowMaxAge":"PT0S",
                  "minimumNumberOfCalls":3,"failureRateThreshold":50.0,"slowCallRateThreshold":100.0,
                  "slowCallDurationThreshold":"PT1M","consecutiveFailureThreshold":0,"waitDurationInOpenState":"PT20S",
                  "waitDurationJitter":0.0,"waitDurationMultiplier":1.0,"maxWaitDurationInOpenState":"PT0S",
                  "automaticTransitionToHalfOpen":false,"permittedNumberOfCallsInHalfOpenState":10,
                  "successThresholdInHalfOpenState":0,"maxWaitDurationInHalfOpenState":"PT0S","recordExceptions":["java.io.IOException"],
                  "ignoreExceptions":[]},
                 "transitions":[],
                 "layers":{"timeout":null,"bulkhead":null,"retry":null},
                 "settingsChanges":[{"time":"2025-01-01T00:00:00Z","source":"actuator",
                  "changed":[{"name":"wait-duration-in-open-state","oldValue":"30s","newValue":"20s"}],
                  "windowKept":true,"effect":"state CLOSED, window kept (0 calls)"}],
                 "experiments":{
                  "live":{"settings":"","calls":3,"wouldOpen":0,"timeOpenSeconds":0.0,"needlessRejections":0,
                   "keptAway":0,"detections":0,"detectionDelayMs":null,"detectionCalls":0.0,"flaps":0,
                   "judgedSeconds":2.5,"blindSeconds":0.0,"blindPeriods":[],"state":"CLOSED",
                   "verdict":"live settings: 3 calls judged, never opened"},
                  "strict":{"settings":"failure-rate-threshold=25","calls":3,"wouldOpen":1,"timeOpenSeconds":1.5,
                   "needlessRejections":0,"keptAway":0,"detections":1,"detectionDelayMs":0.0,"detectionCalls":1.0,
                   "flaps":0,"judgedSeconds":2.5,"blindSeconds":0.0,"blindPeriods":[],"state":"OPEN",
                   "verdict":"too early: opened 1 time where live never did, and no call has tested that opening yet"}}}
                """);
    }
}
