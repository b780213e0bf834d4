package dev.breaker.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerRegistry;
import dev.breaker.BreakerState;
import dev.breaker.FleetSync;
import dev.breaker.FleetTransition;
import dev.breaker.ManualClock;
import dev.breaker.ProbeGate;
import dev.breaker.StateTransition;
import java.net.ConnectException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.registry.DefaultHealthContributorRegistry;

/**
 * Health checks against a real indicator that flips, on a {@link ManualClock}: time only moves when a test says,
 * and each check's answer (which comes on a health-check thread) is awaited with a bound, never slept for.
 */
class HealthChecksTest {

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final Duration INTERVAL = HealthCheckSettings.DEFAULT_INTERVAL;
    private static final String REFUSED = "DOWN: java.net.ConnectException: Connection refused";

    private final ManualClock clock = new ManualClock();
    private final List<FleetTransition> published = new CopyOnWriteArrayList<>();
    private final BreakerConfig config = BreakerConfig.builder().waitDurationInOpenState(Duration.ofSeconds(60))
            .clock(clock).scheduler(clock).build();
    private final BreakerRegistry registry = BreakerRegistry.builder().defaultConfig(config)
            .configResolver(name -> name.startsWith("shared-") ? config.toBuilder().fleetSync(recordingFleet()).build()
                    : null)
            .build();
    private final FlippingIndicator db = new FlippingIndicator();
    private final DefaultHealthContributorRegistry contributors = new DefaultHealthContributorRegistry();
    private final Map<String, HealthCheckSettings> settings = new HashMap<>();
    private HealthChecks checks;

    HealthChecksTest() {
        contributors.registerContributor("db", db);
    }

    @AfterEach
    void stop() {
        if (checks != null) {
            checks.stop();
        }
    }

    @Test
    void opensAClosedBreakerAfterThresholdUnhealthyChecksInARowWithAReasonNamingTheCheck() {
        checkDb("orders-db", 3);
        Breaker breaker = registry.breaker("orders-db");
        db.down(new ConnectException("Connection refused"));
        start();

        firstCheck("orders-db");
        assertThat(status("orders-db").consecutiveUnhealthy()).isEqualTo(1);
        nextCheck("orders-db");
        assertThat(breaker.state()).as("below the threshold").isEqualTo(BreakerState.CLOSED);
        nextCheck("orders-db");

        String reason = "health check 'db' unhealthy 3 times: " + REFUSED;
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.transitions()).first().extracting(StateTransition::reason).isEqualTo(reason);
        assertThat(breaker.trialsHeld()).contains(reason);
        assertThat(status("orders-db")).satisfies(status -> {
            assertThat(status.result()).isEqualTo(HealthCheckStatus.Result.UNHEALTHY);
            assertThat(status.detail()).isEqualTo(REFUSED);
            assertThat(status.at()).isEqualTo(clock.now());
            assertThat(status.holdingTrials()).isTrue();
            assertThat(status.unhealthyChecks()).isEqualTo(3);
            assertThat(status.healthyChecks()).isZero();
        });
        assertThat(db.askedOn).hasSize(3).allSatisfy(thread -> assertThat(thread).startsWith("breaker-health-check-"));
    }

    @Test
    void aHealthyCheckStartsTheCountAgain() {
        checkDb("orders-db", 3);
        Breaker breaker = registry.breaker("orders-db");
        db.outOfService();
        start();

        firstCheck("orders-db");
        nextCheck("orders-db");
        db.up();
        nextCheck("orders-db");
        assertThat(status("orders-db").detail()).isEqualTo("UP");
        db.outOfService();
        nextCheck("orders-db");
        nextCheck("orders-db");

        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(status("orders-db").consecutiveUnhealthy()).isEqualTo(2);
        assertThat(status("orders-db").detail()).isEqualTo("OUT_OF_SERVICE");
        assertThat(breaker.trialsHeld()).isEmpty();
    }

    @Test
    void holdsTrialCallsWhileUnhealthyAndLetsThemGoOnceHealthy() {
        checkDb("orders-db", 1);
        Breaker breaker = registry.breaker("orders-db");
        db.down(new ConnectException("Connection refused"));
        start();
        firstCheck("orders-db");
        assertThat(breaker.transitions()).first().extracting(StateTransition::reason)
                .isEqualTo("health check 'db' unhealthy once: " + REFUSED);

        for (int i = 0; i < 4; i++) {
            nextCheck("orders-db"); // to the end of the 60s open wait
        }
        assertThat(breaker.tryAcquirePermission()).as("no trial call to a dependency known down").isFalse();
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.transitions()).first().satisfies(held -> {
            assertThat(held.from()).isEqualTo(BreakerState.OPEN);
            assertThat(held.to()).isEqualTo(BreakerState.OPEN);
            assertThat(held.reason()).startsWith("trial calls held: health check 'db' unhealthy 5 times");
        });

        db.up();
        nextCheck("orders-db");
        assertThat(breaker.trialsHeld()).isEmpty();
        assertThat(status("orders-db").holdingTrials()).isFalse();
        assertThat(breaker.state()).as("healthy again: the open wait still runs its course").isEqualTo(BreakerState.OPEN);
        int checksToTrial = 0;
        while (!breaker.tryAcquirePermission()) {
            assertThat(++checksToTrial).as("checks until the extended wait ends").isLessThanOrEqualTo(4);
            nextCheck("orders-db");
        }
        breaker.onSuccess(1, TimeUnit.MILLISECONDS);
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
    }

    @Test
    void aBreakerCreatedAfterStartupGetsItsCheckWhenCreated() {
        checkDb("orders-db", 3);
        start();
        assertThat(checks.status("orders-db")).isEmpty();

        registry.breaker("orders-db");

        assertThat(checks.status("orders-db")).isPresent();
        assertThat(db.askedOn).as("creating the breaker only schedules its check").isEmpty();
        firstCheck("orders-db");
        assertThat(status("orders-db").result()).isEqualTo(HealthCheckStatus.Result.HEALTHY);
    }

    @Test
    void breakersWithoutACheckAreLeftAlone() {
        registry.breaker("search");
        start();
        clock.advance(INTERVAL);
        assertThat(checks.status("search")).isEmpty();
        assertThat(checks.hasCheck("search")).isFalse();
        assertThat(clock.pendingTasks()).isZero();
    }

    @Test
    void aHangingCheckHoldsUpNoOtherAndCountsAsUnhealthyAtItsTimeout() {
        CountDownLatch never = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        contributors.registerContributor("slow", (HealthIndicator) () -> {
            try {
                never.await();
            } catch (InterruptedException ex) {
                interrupted.set(true);
            }
            return Health.up().build();
        });
        settings.put("inventory", HealthCheckSettings.indicator("breaker.instances.inventory.health-check.indicator",
                "slow"));
        checkDb("orders-db", 3);
        registry.breaker("inventory");
        registry.breaker("orders-db");
        db.down(new ConnectException("Connection refused"));
        start();

        clock.advance(Duration.ZERO);
        await().atMost(BOUND).until(() -> status("orders-db").result() != null);
        assertThat(status("orders-db").detail()).isEqualTo(REFUSED);
        assertThat(status("inventory").result()).as("still waiting, within its timeout").isNull();

        clock.advance(HealthCheckSettings.DEFAULT_TIMEOUT);
        await().atMost(BOUND).until(() -> status("inventory").result() != null);
        assertThat(status("inventory").result()).isEqualTo(HealthCheckStatus.Result.UNHEALTHY);
        assertThat(status("inventory").detail()).isEqualTo("no answer within 2s");
        await().atMost(BOUND).untilTrue(interrupted);
    }

    @Test
    void aCheckThatIgnoresInterruptsGetsNoSecondThreadAndStaysUnhealthy() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger entered = new AtomicInteger();
        contributors.registerContributor("stuck", (HealthIndicator) () -> {
            entered.incrementAndGet();
            while (true) {
                try {
                    release.await();
                    return Health.up().build();
                } catch (InterruptedException ignored) {
                    // a JDBC driver stuck in a socket read does not hear interrupts either
                }
            }
        });
        settings.put("inventory", HealthCheckSettings.indicator("breaker.instances.inventory.health-check.indicator",
                "stuck"));
        registry.breaker("inventory");
        start();
        try {
            clock.advance(Duration.ZERO);
            await().atMost(BOUND).until(() -> entered.get() == 1);
            clock.advance(HealthCheckSettings.DEFAULT_TIMEOUT);
            await().atMost(BOUND).until(() -> status("inventory").unhealthyChecks() == 1);

            clock.advance(INTERVAL.minus(HealthCheckSettings.DEFAULT_TIMEOUT));
            await().atMost(BOUND).until(() -> status("inventory").unhealthyChecks() == 2);

            assertThat(status("inventory").detail()).isEqualTo("no answer within 2s (the previous check still hangs)");
            assertThat(entered).as("one thread stuck, not one per interval").hasValue(1);
        } finally {
            release.countDown();
        }
    }

    @Test
    void aSharedBreakerSharesTheOpeningWithTheFleet() {
        checkDb("shared-orders-db", 1);
        Breaker breaker = registry.breaker("shared-orders-db");
        db.down(new ConnectException("Connection refused"));
        start();

        firstCheck("shared-orders-db");

        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(published).singleElement().satisfies(transition -> {
            assertThat(transition.state()).isEqualTo(BreakerState.OPEN);
            assertThat(transition.byOperator()).as("opened by a check, not by an operator").isFalse();
            assertThat(transition.reason()).isEqualTo("health check 'db' unhealthy once: " + REFUSED);
        });
    }

    @Test
    void stoppingEndsTheChecksAndReleasesTheHold() {
        checkDb("orders-db", 1);
        Breaker breaker = registry.breaker("orders-db");
        db.down(new ConnectException("Connection refused"));
        start();
        firstCheck("orders-db");
        assertThat(breaker.trialsHeld()).isPresent();

        checks.stop();

        assertThat(breaker.trialsHeld()).isEmpty();
        assertThat(checks.status("orders-db")).isEmpty();
        clock.advance(INTERVAL.multipliedBy(2));
        assertThat(db.askedOn).hasSize(1);
    }

    @Test
    void removingABreakerEndsItsCheck() {
        checkDb("orders-db", 3);
        registry.breaker("orders-db");
        start();
        firstCheck("orders-db");

        registry.remove("orders-db");

        assertThat(checks.status("orders-db")).isEmpty();
        clock.advance(INTERVAL.multipliedBy(2));
        assertThat(db.askedOn).hasSize(1);
    }

    @Test
    void aContributorGoneAfterStartupMakesTheCheckUnhealthyWithoutFailingTheCaller() {
        checkDb("orders-db", 3);
        start();
        contributors.unregisterContributor("db");

        registry.breaker("orders-db");
        firstCheck("orders-db");

        assertThat(status("orders-db").result()).isEqualTo(HealthCheckStatus.Result.UNHEALTHY);
        assertThat(status("orders-db").detail()).contains("'db', but no health contributor has that name");

        contributors.registerContributor("db", db);
        nextCheck("orders-db");
        assertThat(status("orders-db").result()).as("back").isEqualTo(HealthCheckStatus.Result.HEALTHY);
    }

    private void checkDb(String breaker, int threshold) {
        settings.put(breaker, HealthCheckSettings.indicator("breaker.instances." + breaker + ".health-check.indicator",
                "db").withTimings(INTERVAL, HealthCheckSettings.DEFAULT_TIMEOUT, threshold));
    }

    private void start() {
        checks = new HealthChecks(registry, settings::get,
                new HealthProbes(new ContributorProbes(contributors, null, contributor -> false, "")),
                settings.values());
        checks.start();
    }

    private HealthCheckStatus status(String breaker) {
        return checks.status(breaker).orElseThrow();
    }

    /** The check due at once when the breaker's check starts, and its answer. */
    private void firstCheck(String breaker) {
        check(breaker, Duration.ZERO);
    }

    /** The next check, one interval on, and its answer. */
    private void nextCheck(String breaker) {
        check(breaker, INTERVAL);
    }

    private void check(String breaker, Duration after) {
        long before = total(breaker);
        clock.advance(after);
        await().atMost(BOUND).until(() -> total(breaker) > before);
    }

    private long total(String breaker) {
        HealthCheckStatus status = status(breaker);
        return status.healthyChecks() + status.unhealthyChecks();
    }

    private FleetSync recordingFleet() {
        return new FleetSync() {
            @Override
            public void publish(Breaker breaker, FleetTransition transition) {
                published.add(transition);
            }

            @Override
            public ProbeGate probeGate(Breaker breaker) {
                return ProbeGate.LOCAL;
            }
        };
    }
}
