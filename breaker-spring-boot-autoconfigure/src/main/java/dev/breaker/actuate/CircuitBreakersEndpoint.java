package dev.breaker.actuate;

import dev.breaker.Breaker;
import dev.breaker.Guard;
import dev.breaker.BreakerRegistry;
import dev.breaker.definition.BreakerDefinitionLookup;
import dev.breaker.shared.FleetSyncStatus;
import dev.breaker.shared.SyncStatus;
import dev.breaker.definition.GuardRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * {@code /actuator/circuitbreakers}: every breaker, one breaker in full, and operator transitions
 * ({@code FORCED_OPEN}, {@code CLOSED}, {@code DISABLED}). Read-only unless
 * {@code management.endpoint.circuitbreakers.access=unrestricted}. Reading never creates a breaker.
 */
@Endpoint(id = "circuitbreakers", defaultAccess = Access.READ_ONLY)
public class CircuitBreakersEndpoint {

    static final String ACCEPTED_STATES = "CLOSED, FORCED_OPEN, DISABLED";

    private final BreakerRegistry registry;
    private final BreakerDefinitionLookup definitions;
    private final @Nullable GuardRegistry layers;
    private final @Nullable FleetSyncStatus sync;

    public CircuitBreakersEndpoint(BreakerRegistry registry, BreakerDefinitionLookup definitions) {
        this(registry, definitions, null);
    }

    public CircuitBreakersEndpoint(BreakerRegistry registry, BreakerDefinitionLookup definitions,
            @Nullable GuardRegistry layers) {
        this(registry, definitions, layers, null);
    }

    /**
     * With {@code layers}, a breaker's view shows its timeout, bulkhead and retry with their figures; with
     * {@code sync}, a shared breaker's view shows how it stands with the fleet's store.
     */
    public CircuitBreakersEndpoint(BreakerRegistry registry, BreakerDefinitionLookup definitions,
            @Nullable GuardRegistry layers, @Nullable FleetSyncStatus sync) {
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
                    sync(breaker)));
        }
        return new CircuitBreakersDescriptor(all);
    }

    @ReadOperation
    public WebEndpointResponse<OperationResponseBody> circuitBreaker(@Selector String name) {
        return find(name).<WebEndpointResponse<OperationResponseBody>>map(breaker -> new WebEndpointResponse<>(
                        details(breaker)))
                .orElseGet(() -> notFound(name));
    }

    @WriteOperation
    public WebEndpointResponse<OperationResponseBody> transition(@Selector String name, @Nullable String state) {
        Optional<Breaker> found = find(name);
        if (found.isEmpty()) {
            return notFound(name);
        }
        Breaker breaker = found.get();
        String wanted = state == null ? "" : state.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        switch (wanted) {
            case "FORCED_OPEN" -> breaker.transitionToForcedOpenState();
            case "CLOSED" -> breaker.transitionToClosedState();
            case "DISABLED" -> breaker.transitionToDisabledState();
            default -> {
                return new WebEndpointResponse<>(new ErrorDescriptor(400, "Bad Request",
                        "state must be one of " + ACCEPTED_STATES + ", but was " + quoted(state)),
                        WebEndpointResponse.STATUS_BAD_REQUEST);
            }
        }
        return new WebEndpointResponse<>(details(breaker));
    }

    /** The breaker exists, so looking up its layers creates nothing a read could multiply. */
    private BreakerDetailsDescriptor details(Breaker breaker) {
        Guard breakerLayers = (layers != null) ? layers.find(breaker.name()).filter(Guard::hasLayers).orElse(null) : null;
        return BreakerDetailsDescriptor.of(breaker, definitions.definition(breaker.name()), breakerLayers,
                sync(breaker));
    }

    private @Nullable SyncStatus sync(Breaker breaker) {
        return sync != null ? sync.status(breaker.name()).orElse(null) : null;
    }

    private Optional<Breaker> find(String name) {
        return registry.find(name);
    }

    private static WebEndpointResponse<OperationResponseBody> notFound(String name) {
        return new WebEndpointResponse<>(new ErrorDescriptor(404, "Not Found",
                "No circuit breaker named " + quoted(name)), WebEndpointResponse.STATUS_NOT_FOUND);
    }

    /** The name as sent, shortened: enough to recognise it, never a megabyte echoed back. */
    private static String quoted(@Nullable String value) {
        if (value == null) {
            return "nothing";
        }
        return "'" + (value.length() > 100 ? value.substring(0, 100) + "...' (" + value.length() + " characters)" : value + "'");
    }

    /** Every breaker by name, sorted. */
    public record CircuitBreakersDescriptor(Map<String, BreakerDescriptor> circuitBreakers)
            implements OperationResponseBody {
    }

    /** The body of a 4xx answer. */
    public record ErrorDescriptor(int status, String error, String message) implements OperationResponseBody {
    }
}
