package dev.breaker.actuate;

import dev.breaker.Breaker;
import dev.breaker.Guard;
import dev.breaker.BreakerRegistry;
import dev.breaker.definition.BreakerConfigurationException;
import dev.breaker.definition.BreakerDefinitionLookup;
import dev.breaker.definition.BreakerTuning;
import dev.breaker.definition.RuntimeSettings;
import dev.breaker.shared.FleetSyncStatus;
import dev.breaker.shared.SyncStatus;
import dev.breaker.definition.GuardRegistry;
import dev.breaker.healthcheck.HealthCheckStatus;
import dev.breaker.healthcheck.HealthChecks;
import dev.breaker.tuning.Recording;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code /actuator/circuitbreakers}: every breaker, one breaker in full (with its shadow experiments and the changes
 * of its settings), operator transitions ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}, {@code FORCED_OPEN},
 * {@code DISABLED}) and new settings. Read-only unless
 * {@code management.endpoint.circuitbreakers.access=unrestricted}. Reading never creates a breaker.
 *
 * <p>Free of HTTP, like any endpoint that JMX may expose too: an unknown name is {@code null} and a state an
 * operator cannot set is an {@link InvalidEndpointRequestException}. {@link CircuitBreakersEndpointWebExtension}
 * turns them into the 404 and 400 answers.
 */
@Endpoint(id = CircuitBreakersEndpoint.ID, defaultAccess = Access.READ_ONLY)
public class CircuitBreakersEndpoint {

    /** The endpoint's id, which is also its path under the actuator's base path. */
    public static final String ID = "circuitbreakers";

    static final String ACCEPTED_STATES = "CLOSED, OPEN, HALF_OPEN, FORCED_OPEN, DISABLED";

    /**
     * The longest name a breaker can have (the registry refuses longer ones): a longer name is unknown without
     * looking it up.
     */
    static final int MAX_NAME_LENGTH = 200;

    private final BreakerRegistry registry;
    private final BreakerDefinitionLookup definitions;
    private final @Nullable GuardRegistry layers;
    private final @Nullable FleetSyncStatus sync;
    private final @Nullable HealthChecks healthChecks;
    private final @Nullable BreakerTuning tuning;
    private final @Nullable RuntimeSettings runtimeSettings;

    public CircuitBreakersEndpoint(BreakerRegistry registry, BreakerDefinitionLookup definitions) {
        this(registry, definitions, null);
    }

    public CircuitBreakersEndpoint(BreakerRegistry registry, BreakerDefinitionLookup definitions,
            @Nullable GuardRegistry layers) {
        this(registry, definitions, layers, null);
    }

    /**
     * With {@code layers}, a breaker's view shows its timeout, bulkhead and retry with their figures; with
     * {@code sync}, a shared breaker's view shows how it stands with the fleet's store (and the fleet's figures, for
     * a breaker with a fleet window).
     */
    public CircuitBreakersEndpoint(BreakerRegistry registry, BreakerDefinitionLookup definitions,
            @Nullable GuardRegistry layers, @Nullable FleetSyncStatus sync) {
        this(registry, definitions, layers, sync, null);
    }

    /** With {@code healthChecks}, a breaker with a health check shows where it stands. */
    public CircuitBreakersEndpoint(BreakerRegistry registry, BreakerDefinitionLookup definitions,
            @Nullable GuardRegistry layers, @Nullable FleetSyncStatus sync, @Nullable HealthChecks healthChecks) {
        this(registry, definitions, layers, sync, healthChecks, null, null);
    }

    /**
     * With {@code tuning}, a breaker with shadow experiments shows them, and one with a recording exports it; with
     * {@code settings}, writes may change a breaker's settings.
     */
    public CircuitBreakersEndpoint(BreakerRegistry registry, BreakerDefinitionLookup definitions,
            @Nullable GuardRegistry layers, @Nullable FleetSyncStatus sync, @Nullable HealthChecks healthChecks,
            @Nullable BreakerTuning tuning, @Nullable RuntimeSettings settings) {
        this.tuning = tuning;
        this.runtimeSettings = settings;
        this.healthChecks = healthChecks;
        this.registry = registry;
        this.definitions = definitions;
        this.layers = layers;
        this.sync = sync;
    }

    @ReadOperation
    public CircuitBreakersDescriptor circuitBreakers() {
        Map<String, BreakerDescriptor> all = new TreeMap<>();
        for (Breaker breaker : registry.breakers()) {
            all.put(breaker.name(), BreakerDescriptor.of(breaker, definitions.definition(breaker.name()),
                    sync(breaker), healthCheck(breaker)));
        }
        return new CircuitBreakersDescriptor(all);
    }

    /** The breaker named {@code name} in full, or {@code null} when there is none (and none is created). */
    @ReadOperation
    public @Nullable BreakerDetailsDescriptor circuitBreaker(@Selector String name) {
        return find(name).map(this::details).orElse(null);
    }

    /** {@link #transition(String, String, String)} without settings. */
    public @Nullable BreakerDetailsDescriptor transition(String name, @Nullable String state) {
        return transition(name, state, null);
    }

    /**
     * Gives the breaker named {@code name} new {@code settings} and moves it to {@code state}, and returns its new
     * view; {@code null} when there is no such breaker (and none is created). Either may be left out, not both.
     * {@code state} is exactly one of {@value #ACCEPTED_STATES}, as written here: no other case, no padding, no
     * {@code -} for {@code _}. An operator's write should mean one thing only, and the value an operator reads back
     * is the value to send. {@code settings} go on top of those the breaker runs on (see {@link RuntimeSettings}),
     * checked as at startup; the breaker's experiments start again on them. Nothing changes when either is wrong.
     *
     * @param settings a JSON object of settings by configuration-file name, e.g. {@code {"failure-rate-threshold":20}}
     *        (text, which JMX can send too; over HTTP with Spring MVC, the object itself)
     * @throws InvalidEndpointRequestException when {@code state} is not one of those, naming them, or a setting
     *         is wrong, naming its property and what it accepts
     */
    @WriteOperation
    public @Nullable BreakerDetailsDescriptor transition(@Selector String name, @Nullable String state,
            @Nullable String settings) {
        Optional<Breaker> found = find(name);
        if (found.isEmpty()) {
            return null;
        }
        Breaker breaker = found.get();
        Runnable move = (state != null || settings == null) ? move(breaker, state) : () -> { };
        if (settings != null) {
            reconfigure(breaker, SettingsText.parse(settings));
        }
        move.run();
        return details(breaker);
    }

    /** The move to {@code state}, checked before anything changes. */
    private static Runnable move(Breaker breaker, @Nullable String state) {
        return switch ((state != null) ? state : "") {
            case "CLOSED" -> breaker::transitionToClosedState;
            case "OPEN" -> breaker::transitionToOpenState;
            case "HALF_OPEN" -> breaker::transitionToHalfOpenState;
            case "FORCED_OPEN" -> breaker::transitionToForcedOpenState;
            case "DISABLED" -> breaker::transitionToDisabledState;
            default -> {
                String reason = "state must be one of " + ACCEPTED_STATES + ", but was " + quoted(state);
                throw new InvalidEndpointRequestException(reason, reason);
            }
        };
    }

    private void reconfigure(Breaker breaker, Map<String, Object> values) {
        if (runtimeSettings == null) {
            String reason = "settings cannot change here: the endpoint was made without runtime settings";
            throw new InvalidEndpointRequestException(reason, reason);
        }
        try {
            runtimeSettings.apply(breaker, values, "actuator");
        } catch (BreakerConfigurationException invalid) {
            throw new InvalidEndpointRequestException(invalid.getMessage(), invalid.getMessage());
        }
    }

    /** The breaker exists, so looking up its layers creates nothing a read could multiply. */
    private BreakerDetailsDescriptor details(Breaker breaker) {
        Guard breakerLayers = (layers != null) ? layers.find(breaker.name()).filter(Guard::hasLayers).orElse(null) : null;
        return BreakerDetailsDescriptor.of(breaker, definitions.definition(breaker.name()), breakerLayers,
                sync(breaker), healthCheck(breaker), (tuning != null) ? tuning.experiments(breaker.name()).orElse(null)
                        : null, sync != null ? sync.window(breaker.name()).orElse(null) : null);
    }

    /** The recording of the breaker named {@code name}; null when there is no such breaker or it is not recorded. */
    @Nullable Recording recording(String name) {
        return (tuning != null) ? find(name).flatMap(breaker -> tuning.recording(breaker.name())).orElse(null) : null;
    }

    /** Whether there is a breaker named {@code name} (none is created). */
    boolean exists(String name) {
        return find(name).isPresent();
    }

    private @Nullable HealthCheckStatus healthCheck(Breaker breaker) {
        return healthChecks != null ? healthChecks.status(breaker.name()).orElse(null) : null;
    }

    private @Nullable SyncStatus sync(Breaker breaker) {
        return sync != null ? sync.status(breaker.name()).orElse(null) : null;
    }

    private Optional<Breaker> find(String name) {
        return (name.length() <= MAX_NAME_LENGTH) ? registry.find(name) : Optional.empty();
    }

    /** The value as sent, shortened: enough to recognise it, never a megabyte echoed back. */
    static String quoted(@Nullable String value) {
        if (value == null) {
            return "nothing";
        }
        return "'" + (value.length() > 100 ? value.substring(0, 100) + "...' (" + value.length() + " characters)"
                : value + "'");
    }

    /** Every breaker by name, sorted. */
    public record CircuitBreakersDescriptor(Map<String, BreakerDescriptor> circuitBreakers)
            implements OperationResponseBody {
    }
}
