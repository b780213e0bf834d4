package dev.breaker.actuate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.breaker.Breaker;
import dev.breaker.Guard;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerState;
import dev.breaker.StateTransition;
import dev.breaker.definition.BreakerDefinition;
import dev.breaker.healthcheck.HealthCheckStatus;
import dev.breaker.shared.FleetWindowStatus;
import dev.breaker.shared.SyncStatus;
import dev.breaker.tuning.Experiments;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * One breaker in full: its figures, effective settings, recent transitions (newest first) and the layers
 * around it (timeout, bulkhead, retry; each {@code null} when off). The figures are the list's
 * {@link BreakerDescriptor}, written inline, so the two views cannot drift apart. A breaker whose settings changed
 * while it ran lists the changes ({@code settingsChanges}, newest first), and one with shadow experiments shows what
 * each would have done ({@code experiments}, the baseline {@code live} first); both are left out when there are
 * none, so the document of a breaker without them is what it always was. A breaker with a fleet window
 * ({@code shared-window: true}) shows the fleet's figures beside its own ({@code fleet}, left out for the others).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record BreakerDetailsDescriptor(
        @JsonUnwrapped BreakerDescriptor summary,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable FleetDescriptor fleet,
        ConfigDescriptor config,
        List<TransitionDescriptor> transitions,
        LayersDescriptor layers,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<SettingsChangeDescriptor> settingsChanges,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Map<String, ExperimentDescriptor> experiments)
        implements OperationResponseBody {

    static BreakerDetailsDescriptor of(Breaker breaker, BreakerDefinition definition) {
        return of(breaker, definition, null);
    }

    static BreakerDetailsDescriptor of(Breaker breaker, BreakerDefinition definition, @Nullable Guard layers) {
        return of(breaker, definition, layers, null);
    }

    static BreakerDetailsDescriptor of(Breaker breaker, BreakerDefinition definition, @Nullable Guard layers,
            @Nullable SyncStatus sync) {
        return of(breaker, definition, layers, sync, null);
    }

    static BreakerDetailsDescriptor of(Breaker breaker, BreakerDefinition definition, @Nullable Guard layers,
            @Nullable SyncStatus sync, @Nullable HealthCheckStatus healthCheck) {
        return of(breaker, definition, layers, sync, healthCheck, null);
    }

    /** {@code experiments}: the shadow experiments running on the breaker; null when it has none. */
    static BreakerDetailsDescriptor of(Breaker breaker, BreakerDefinition definition, @Nullable Guard layers,
            @Nullable SyncStatus sync, @Nullable HealthCheckStatus healthCheck, @Nullable Experiments experiments) {
        return of(breaker, definition, layers, sync, healthCheck, experiments, null);
    }

    /** {@code fleet}: the breaker's fleet window; null when it has none. */
    static BreakerDetailsDescriptor of(Breaker breaker, BreakerDefinition definition, @Nullable Guard layers,
            @Nullable SyncStatus sync, @Nullable HealthCheckStatus healthCheck, @Nullable Experiments experiments,
            @Nullable FleetWindowStatus fleet) {
        return new BreakerDetailsDescriptor(BreakerDescriptor.of(breaker, definition, sync, healthCheck),
                FleetDescriptor.of(fleet), ConfigDescriptor.of(breaker.config()),
                breaker.transitions().stream().map(TransitionDescriptor::of).toList(), LayersDescriptor.of(
                        (layers == null && definition.layers().any()) ? Guard.builder(breaker)
                                .timeout(definition.layers().timeout()).bulkhead(definition.layers().bulkhead())
                                .retry(definition.layers().retry()).build() : layers),
                SettingsChangeDescriptor.of(breaker.settingsChanges()), ExperimentDescriptor.of(experiments));
    }

    /** The effective settings; durations as ISO-8601 strings. */
    public record ConfigDescriptor(
            String slidingWindowType,
            int slidingWindowSize,
            String slidingWindowMaxAge,
            int minimumNumberOfCalls,
            float failureRateThreshold,
            float slowCallRateThreshold,
            String slowCallDurationThreshold,
            int consecutiveFailureThreshold,
            String waitDurationInOpenState,
            double waitDurationJitter,
            double waitDurationMultiplier,
            String maxWaitDurationInOpenState,
            boolean automaticTransitionToHalfOpen,
            int permittedNumberOfCallsInHalfOpenState,
            int successThresholdInHalfOpenState,
            String maxWaitDurationInHalfOpenState,
            List<String> recordExceptions,
            List<String> ignoreExceptions) {

        static ConfigDescriptor of(BreakerConfig c) {
            return new ConfigDescriptor(c.slidingWindowType().name(), c.slidingWindowSize(),
                    c.slidingWindowMaxAge().toString(), c.minimumNumberOfCalls(), c.failureRateThreshold(),
                    c.slowCallRateThreshold(), c.slowCallDurationThreshold().toString(),
                    c.consecutiveFailureThreshold(), c.waitDurationInOpenState().toString(), c.waitDurationJitter(),
                    c.waitDurationMultiplier(), c.maxWaitDurationInOpenState().toString(),
                    c.automaticTransitionToHalfOpen(), c.permittedNumberOfCallsInHalfOpenState(),
                    c.successThresholdInHalfOpenState(), c.maxWaitDurationInHalfOpenState().toString(),
                    c.recordExceptions().stream().map(Class::getName).toList(),
                    c.ignoreExceptions().stream().map(Class::getName).toList());
        }
    }

    /** One transition; {@code at} is an ISO-8601 instant. */
    public record TransitionDescriptor(String at, BreakerState from, BreakerState to, String reason) {

        static TransitionDescriptor of(StateTransition t) {
            return new TransitionDescriptor(t.at().toString(), t.from(), t.to(), t.reason());
        }
    }
}
