package dev.breaker.sample.downstream;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The current misbehaviour of each simulated downstream, changed at runtime through {@link ChaosController}.
 * Every downstream starts healthy.
 */
@Component
public class Chaos {

    private static final Logger logger = LoggerFactory.getLogger(Chaos.class);

    private final Map<Downstream, ChaosSettings> settings = new ConcurrentHashMap<>();
    private final Map<Downstream, LongAdder> calls = new EnumMap<>(Downstream.class);

    public Chaos() {
        for (Downstream downstream : Downstream.values()) {
            calls.put(downstream, new LongAdder());
        }
    }

    /** The settings of every downstream, in declaration order. */
    public Map<Downstream, ChaosSettings> all() {
        Map<Downstream, ChaosSettings> all = new EnumMap<>(Downstream.class);
        for (Downstream downstream : Downstream.values()) {
            all.put(downstream, settings(downstream));
        }
        return all;
    }

    public ChaosSettings settings(Downstream downstream) {
        return settings.getOrDefault(downstream, ChaosSettings.HEALTHY);
    }

    public void set(Downstream downstream, ChaosSettings chaos) {
        settings.put(downstream, chaos);
        logger.info("Chaos for downstream {}: failureRate={}, latencyMs={}", downstream.id(), chaos.failureRate(),
                chaos.latencyMs());
    }

    public void heal(Downstream downstream) {
        settings.remove(downstream);
        logger.info("Chaos for downstream {}: healed", downstream.id());
    }

    /**
     * How many calls {@code downstream} has received since startup: what shows that an open breaker spares it.
     */
    public long calls(Downstream downstream) {
        return calls.get(downstream).sum();
    }

    /**
     * Plays the chaos of one call: sleeps the configured latency (bounded by {@link ChaosSettings}), then
     * tells whether the call must fail. This sleep is the simulated slowness, on the downstream's side only.
     */
    boolean strike(Downstream downstream) throws InterruptedException {
        calls.get(downstream).increment();
        ChaosSettings chaos = settings(downstream);
        if (chaos.latencyMs() > 0) {
            Thread.sleep(chaos.latencyMs());
        }
        return chaos.failureRate() > 0 && ThreadLocalRandom.current().nextDouble() < chaos.failureRate();
    }
}
