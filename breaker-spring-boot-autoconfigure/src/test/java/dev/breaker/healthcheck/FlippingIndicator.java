package dev.breaker.healthcheck;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** A real health indicator whose health the test flips; remembers the threads that asked it. */
final class FlippingIndicator implements HealthIndicator {

    private final AtomicReference<Health> health = new AtomicReference<>(Health.up().build());
    final List<String> askedOn = new CopyOnWriteArrayList<>();

    FlippingIndicator up() {
        health.set(Health.up().build());
        return this;
    }

    FlippingIndicator down(Exception error) {
        health.set(Health.down(error).build());
        return this;
    }

    FlippingIndicator outOfService() {
        health.set(Health.outOfService().build());
        return this;
    }

    @Override
    public Health health() {
        askedOn.add(Thread.currentThread().getName());
        return health.get();
    }
}
