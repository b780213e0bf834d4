package dev.breaker.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.breaker.Breaker;
import dev.breaker.BreakerRegistry;
import dev.breaker.BreakerState;
import dev.breaker.CallNotPermittedException;
import dev.breaker.annotation.CircuitBreaker;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;

/**
 * Several application contexts, each an instance of the same service, sharing one real Redis server:
 * what one instance learns, the others adopt within a bounded time, and Redis going away never stops a
 * call.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class FleetWideBreakerTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    private static EmbeddedRedis redis;

    private final String namespace = "fleet-" + UUID.randomUUID();
    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        redis = new EmbeddedRedis();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void stopInstances() {
        instances.forEach(ConfigurableApplicationContext::close);
        Downstream.reset();
    }

    private ConfigurableApplicationContext instance(String id, String... extra) {
        return start(WebApplicationType.NONE, id, extra);
    }

    private ConfigurableApplicationContext start(WebApplicationType type, String id, String... extra) {
        List<String> properties = new ArrayList<>(List.of(
                "spring.main.banner-mode=off",
                "spring.data.redis.port=" + redis.port(),
                "spring.data.redis.timeout=2s",
                "breaker.shared.namespace=" + namespace,
                "breaker.shared.instance-id=" + id,
                "breaker.shared.timeout=500ms",
                "breaker.shared.reconcile-interval=300ms",
                "breaker.instances.payment.shared=true",
                "breaker.instances.payment.sliding-window-size=4",
                "breaker.instances.payment.minimum-number-of-calls=4",
                "breaker.instances.payment.wait-duration-in-open-state=60s",
                "breaker.instances.payment.permitted-number-of-calls-in-half-open-state=2"));
        properties.addAll(List.of(extra));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(type).properties(properties.toArray(String[]::new)).run();
        instances.add(context);
        return context;
    }

    private static Breaker payment(ConfigurableApplicationContext instance) {
        return instance.getBean(BreakerRegistry.class).breaker("payment");
    }

    private static Downstream downstream(ConfigurableApplicationContext instance) {
        return instance.getBean(Downstream.class);
    }

    private static void failUntilOpen(ConfigurableApplicationContext instance) {
        Downstream.failing.set(true);
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> downstream(instance).pay()).isInstanceOf(IllegalStateException.class);
        }
        Downstream.failing.set(false);
        assertThat(payment(instance).state()).isEqualTo(BreakerState.OPEN);
    }

    private static void awaitState(BreakerState state, ConfigurableApplicationContext... fleet) {
        for (ConfigurableApplicationContext instance : fleet) {
            await().atMost(BOUND).untilAsserted(() -> assertThat(payment(instance).state()).isEqualTo(state));
        }
    }

    @Test
    void oneInstanceOpensAndTheOthersRejectWithoutCalling() {
        ConfigurableApplicationContext a = instance("a");
        ConfigurableApplicationContext b = instance("b");
        ConfigurableApplicationContext c = instance("c");

        failUntilOpen(a);

        awaitState(BreakerState.OPEN, b, c);
        int before = Downstream.calls.get();
        assertThatThrownBy(() -> downstream(b).pay()).isInstanceOf(CallNotPermittedException.class);
        assertThatThrownBy(() -> downstream(c).pay()).isInstanceOf(CallNotPermittedException.class);
        assertThat(Downstream.calls.get()).isEqualTo(before);
        assertThat(payment(b).transitions().get(0).reason())
                .isEqualTo("shared by instance a: failure rate 100% >= 50%");
        // The adopted wait ends when the origin's does, not a full wait later.
        assertThat(payment(b).retryAfter()).isLessThanOrEqualTo(payment(a).retryAfter().plusSeconds(1));
        assertThat(b.getBean(FleetSyncStatus.class).status("payment")).hasValueSatisfying(status -> {
            assertThat(status.status()).isEqualTo(SyncState.SYNCED);
            assertThat(status.version()).isEqualTo(1);
        });
    }

    @Test
    void theFleetLetsThroughAtMostThePermittedTrialCallsAtOnce() throws Exception {
        String[] quickRecovery = {"breaker.instances.payment.wait-duration-in-open-state=300ms"};
        List<ConfigurableApplicationContext> fleet = List.of(instance("a", quickRecovery),
                instance("b", quickRecovery), instance("c", quickRecovery));
        failUntilOpen(fleet.get(0));
        awaitState(BreakerState.OPEN, fleet.get(1), fleet.get(2));

        Downstream.hold = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService callers = Executors.newFixedThreadPool(12);
        try {
            for (int t = 0; t < 12; t++) {
                ConfigurableApplicationContext instance = fleet.get(t % 3);
                callers.execute(() -> {
                    while (!stop.get()) {
                        try {
                            downstream(instance).pay();
                        } catch (CallNotPermittedException rejected) {
                            Thread.onSpinWait();
                        }
                    }
                });
            }
            // Every instance's open wait ends and each would let 2 trials through on its own: 6 at once.
            await().atMost(BOUND).until(() -> Downstream.inFlight.get() >= 2);
            await().pollDelay(Duration.ofMillis(500)).atMost(BOUND).until(() -> true);
            for (ConfigurableApplicationContext instance : fleet) {
                assertThat(payment(instance).state()).isIn(BreakerState.HALF_OPEN, BreakerState.OPEN);
            }
            assertThat(Downstream.maxInFlight.get()).isEqualTo(2);

            // The trials succeed and traffic goes on: the first instance to complete its trials closes, and
            // the fleet with it.
            Downstream.hold.countDown();
            awaitState(BreakerState.CLOSED, fleet.toArray(ConfigurableApplicationContext[]::new));
        } finally {
            Downstream.hold.countDown();
            stop.set(true);
            callers.shutdown();
            assertThat(callers.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void anOperatorsForceOpenOnOneInstanceReachesTheOthersAndSoDoesTheReset() {
        ConfigurableApplicationContext a = instance("a");
        ConfigurableApplicationContext b = instance("b");
        ConfigurableApplicationContext c = instance("c");

        payment(b).transitionToForcedOpenState();
        awaitState(BreakerState.FORCED_OPEN, a, c);
        assertThatThrownBy(() -> downstream(a).pay()).isInstanceOf(CallNotPermittedException.class);

        payment(c).reset();
        awaitState(BreakerState.CLOSED, a, b);
        assertThat(downstream(a).pay()).isEqualTo("paid");
    }

    @Test
    void withRedisDownCallsGoOnWithLocalDecisionsAndSyncResumesWhenItReturns() {
        ConfigurableApplicationContext a = instance("a");
        ConfigurableApplicationContext b = instance("b");
        // Some history first: the fleet is at version 2 when Redis goes away, and comes back empty (no
        // persistence), so versions restart from 1.
        payment(a).transitionToForcedOpenState();
        awaitState(BreakerState.FORCED_OPEN, b);
        payment(a).reset();
        awaitState(BreakerState.CLOSED, b);
        redis.stop();
        try {
            failUntilOpen(a);
            assertThatThrownBy(() -> downstream(a).pay()).isInstanceOf(CallNotPermittedException.class);
            // b cannot hear of it: it goes on calling, deciding alone.
            assertThat(downstream(b).pay()).isEqualTo("paid");
            assertThat(payment(b).state()).isEqualTo(BreakerState.CLOSED);
            await().atMost(BOUND).untilAsserted(() -> assertThat(a.getBean(FleetSyncStatus.class)
                    .status("payment").orElseThrow().status()).isEqualTo(SyncState.UNAVAILABLE));
            assertThat(a.getBean(FleetSyncStatus.class).errors()).isPositive();
        } finally {
            redis.start();
        }
        // a retries the write it could not make; b adopts it, although its version starts again at 1.
        awaitState(BreakerState.OPEN, b);
        await().atMost(BOUND).untilAsserted(() -> assertThat(a.getBean(FleetSyncStatus.class)
                .status("payment").orElseThrow().status()).isEqualTo(SyncState.SYNCED));
        assertThatThrownBy(() -> downstream(b).pay()).isInstanceOf(CallNotPermittedException.class);
    }

    @Test
    void anInstanceStartedWhileRedisIsDownServesAndJoinsTheFleetOnceRedisIsBack() {
        redis.stop();
        ConfigurableApplicationContext a;
        try {
            a = instance("a");
            assertThat(downstream(a).pay()).isEqualTo("paid");
        } finally {
            redis.start();
        }
        ConfigurableApplicationContext b = instance("b");
        // a subscribes again by itself: both instances listen to the channel.
        await().atMost(BOUND).until(() -> subscribers(b) == 2);
        failUntilOpen(b);
        awaitState(BreakerState.OPEN, a);
    }

    private long subscribers(ConfigurableApplicationContext instance) {
        String channel = instance.getBean(RedisFleetSync.class).settings().channel();
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + redis.port());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().pubsubNumsub(channel).get(channel);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void anInstanceJoiningLaterStartsInTheFleetsState() {
        ConfigurableApplicationContext a = instance("a");
        failUntilOpen(a);
        await().atMost(BOUND).untilAsserted(() -> assertThat(a.getBean(FleetSyncStatus.class)
                .status("payment").orElseThrow().version()).isEqualTo(1));

        ConfigurableApplicationContext late = instance("late");

        awaitState(BreakerState.OPEN, late);
        int before = Downstream.calls.get();
        assertThatThrownBy(() -> downstream(late).pay()).isInstanceOf(CallNotPermittedException.class);
        assertThat(Downstream.calls.get()).isEqualTo(before);
    }

    @Test
    void aBreakerNotMarkedSharedStaysLocal() {
        ConfigurableApplicationContext a = instance("a", "breaker.instances.payment.shared=false");
        ConfigurableApplicationContext b = instance("b", "breaker.instances.payment.shared=false");
        failUntilOpen(a);
        await().pollDelay(Duration.ofSeconds(1)).atMost(BOUND).until(() -> true);
        assertThat(payment(b).state()).isEqualTo(BreakerState.CLOSED);
        assertThat(a.getBean(FleetSyncStatus.class).status("payment")).isEmpty();
    }

    @Test
    void theActuatorShowsEachBreakersSyncAndPrometheusCountsSyncErrors() {
        ConfigurableApplicationContext a = start(WebApplicationType.SERVLET, "a", "server.port=0",
                "management.endpoints.web.exposure.include=circuitbreakers,prometheus");
        RestClient http = RestClient.create("http://localhost:" + a.getEnvironment().getProperty("local.server.port"));
        assertThat(http.get().uri("/actuator/circuitbreakers/payment").retrieve().body(String.class))
                .contains("\"shared\":true", "\"status\":\"SYNCED\"");

        redis.stop();
        try {
            failUntilOpen(a);
            await().atMost(BOUND).untilAsserted(() -> assertThat(http.get().uri("/actuator/circuitbreakers")
                    .retrieve().body(String.class)).contains("\"status\":\"UNAVAILABLE\"", "write failed"));
            assertThat(http.get().uri("/actuator/prometheus").retrieve().body(String.class))
                    .containsPattern("circuit_breaker_shared_sync_errors_total\\{name=\"payment\"} [1-9]")
                    .contains("circuit_breaker_shared_sync_up{name=\"payment\"} 0.0");
        } finally {
            redis.start();
        }
        await().atMost(BOUND).untilAsserted(() -> assertThat(http.get().uri("/actuator/prometheus").retrieve()
                .body(String.class)).contains("circuit_breaker_shared_sync_up{name=\"payment\"} 1.0"));
        assertThat(http.get().uri("/actuator/circuitbreakers/payment").retrieve().body(String.class))
                .contains("\"status\":\"SYNCED\"", "\"state\":\"OPEN\"");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        Downstream downstream() {
            return new Downstream();
        }
    }

    /** One dependency behind every instance, counting what reaches it. */
    static class Downstream {
        static final AtomicInteger calls = new AtomicInteger();
        static final AtomicInteger inFlight = new AtomicInteger();
        static final AtomicInteger maxInFlight = new AtomicInteger();
        static final AtomicBoolean failing = new AtomicBoolean();
        static volatile CountDownLatch hold = new CountDownLatch(0);

        static void reset() {
            calls.set(0);
            inFlight.set(0);
            maxInFlight.set(0);
            failing.set(false);
            hold = new CountDownLatch(0);
        }

        @CircuitBreaker(name = "payment")
        public String pay() {
            calls.incrementAndGet();
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                if (failing.get()) {
                    throw new IllegalStateException("payment provider down");
                }
                if (!hold.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("held too long");
                }
                return "paid";
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(interrupted);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }
}
