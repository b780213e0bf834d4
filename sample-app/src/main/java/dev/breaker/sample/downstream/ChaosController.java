package dev.breaker.sample.downstream;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /chaos}: breaks and heals the simulated downstreams at runtime. {@code PUT /chaos/payment} with
 * {@code {"failureRate": 0.8, "latencyMs": 2000}} replaces the settings (an omitted field is 0),
 * {@code DELETE /chaos/payment} heals. The body is read as a map so that a misspelt field is reported,
 * not silently taken as 0.
 */
@RestController
@RequestMapping("/chaos")
public class ChaosController {

    private static final Set<String> FIELDS = Set.of("failureRate", "latencyMs");

    private final Chaos chaos;

    public ChaosController(Chaos chaos) {
        this.chaos = chaos;
    }

    @GetMapping
    public Map<String, ChaosSettings> all() {
        Map<String, ChaosSettings> all = new LinkedHashMap<>();
        chaos.all().forEach((downstream, settings) -> all.put(downstream.id(), settings));
        return all;
    }

    @PutMapping("/{service}")
    public ChaosSettings set(@PathVariable String service, @RequestBody Map<String, @Nullable Object> body) {
        Downstream downstream = downstream(service);
        ChaosSettings settings = settings(body);
        chaos.set(downstream, settings);
        return settings;
    }

    @DeleteMapping("/{service}")
    public ChaosSettings heal(@PathVariable String service) {
        Downstream downstream = downstream(service);
        chaos.heal(downstream);
        return chaos.settings(downstream);
    }

    private static Downstream downstream(String service) {
        return Downstream.find(service).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "No downstream named '" + abbreviate(service) + "'; known: " + Downstream.ids()));
    }

    private static ChaosSettings settings(Map<String, @Nullable Object> body) {
        for (String field : body.keySet()) {
            if (!FIELDS.contains(field)) {
                throw badRequest("Unknown field '" + abbreviate(field) + "'; accepted: failureRate, latencyMs");
            }
        }
        Number failureRate = number(body, "failureRate", "a number between 0 and 1");
        Number latencyMs = number(body, "latencyMs", "a whole number of milliseconds between 0 and 60000");
        if (latencyMs.doubleValue() != Math.rint(latencyMs.doubleValue())) {
            throw badRequest("latencyMs must be a whole number of milliseconds, but was "
                    + abbreviate(latencyMs.toString()));
        }
        if (latencyMs.doubleValue() > ChaosSettings.MAX_LATENCY_MS) {
            // Checked before the conversion to long, which would turn a huge number into Long.MAX_VALUE.
            throw badRequest("latencyMs must be between 0 and " + ChaosSettings.MAX_LATENCY_MS + ", but was "
                    + abbreviate(latencyMs.toString()));
        }
        try {
            return new ChaosSettings(failureRate.doubleValue(), latencyMs.longValue());
        } catch (IllegalArgumentException ex) {
            throw badRequest(ex.getMessage());
        }
    }

    private static Number number(Map<String, @Nullable Object> body, String field, String expected) {
        Object value = body.get(field);
        if (value == null) {
            return 0;
        }
        if (!(value instanceof Number number)) {
            throw badRequest(field + " must be " + expected + ", but was '" + abbreviate(value.toString()) + "'");
        }
        return number;
    }

    private static ResponseStatusException badRequest(@Nullable String message) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, message);
    }

    /** Enough of a value to recognise it, never a megabyte echoed back. */
    private static String abbreviate(String value) {
        return value.length() > 50 ? value.substring(0, 50) + "..." : value;
    }
}
