package dev.breaker.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.breaker.Breaker;
import dev.breaker.BreakerRegistry;
import dev.breaker.BreakerState;
import dev.breaker.CallNotPermittedException;
import dev.breaker.SlidingWindowType;
import dev.breaker.StateTransition;
import dev.breaker.annotation.CircuitBreaker;
import dev.breaker.definition.BreakerConfigurationException;
import dev.breaker.definition.RuntimeSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;

/**
 * Application instances of one service whose {@code payment} breaker has a fleet window
 * ({@code shared-window: true}), sharing one real Redis server: the fleet trips on the calls of all instances
 * together, judges its trial calls together, and shows its figures in the actuator and in Prometheus.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class FleetWindowTest {

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final int PERMITTED_TRIALS = 4;

    private static EmbeddedRedis redis;

    private final String namespace = "window-" + UUID.randomUUID();
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
        Downstream.calls.set(0);
        Downstream.trials.set(0);
    }

    private ConfigurableApplicationContext instance(String id, String... extra) {
        return start(WebApplicationType.NONE, id, extra);
    }

    /** An instance whose window of 60 s needs 15 calls: more than any one instance makes in these tests. */
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
                "breaker.instances.payment.shared-window=true",
                "breaker.instances.payment.sliding-window-type=time-based",
                "breaker.instances.payment.sliding-window-size=60",
                "breaker.instances.payment.minimum-number-of-calls=15",
                "breaker.instances.payment.wait-duration-in-open-state=60s",
                "breaker.instances.payment.permitted-number-of-calls-in-half-open-state=" + PERMITTED_TRIALS));
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

    /** {@code calls} calls, the first {@code failing} of which fail; the breaker lets each through. */
    private static void call(ConfigurableApplicationContext instance, int calls, int failing) {
        for (int i = 0; i < calls; i++) {
            if (i < failing) {
                assertThatThrownBy(() -> downstream(instance).fail()).isInstanceOf(IllegalStateException.class);
            } else {
                assertThat(downstream(instance).pay()).isEqualTo("paid");
            }
        }
    }

    private static void awaitState(BreakerState state, List<ConfigurableApplicationContext> fleet) {
        for (ConfigurableApplicationContext instance : fleet) {
            await().atMost(BOUND).untilAsserted(() -> assertThat(payment(instance).state()).isEqualTo(state));
        }
    }

    @Test
    void theFleetOpensOnAllInstancesCallsAlthoughNoInstanceReachesTheMinimumNumberOfCalls() {
        List<ConfigurableApplicationContext> fleet = List.of(instance("a"), instance("b"), instance("c"));

        for (ConfigurableApplicationContext instance : fleet) {
            call(instance, 5, 3); // 60% failed, but 5 calls of the 15 needed: no instance opens on its own
        }

        awaitState(BreakerState.OPEN, fleet);
        for (ConfigurableApplicationContext instance : fleet) {
            assertThat(payment(instance).transitions()).as("transitions of %s", instance.getId())
                    .anySatisfy(opened -> {
                        assertThat(opened.to()).isEqualTo(BreakerState.OPEN);
                        assertThat(opened.reason()).endsWith("fleet failure rate 60% over 15 calls from 3 instances");
                    });
        }
        int before = Downstream.calls.get();
        assertThatThrownBy(() -> downstream(fleet.get(0)).pay()).isInstanceOf(CallNotPermittedException.class);
        assertThat(Downstream.calls.get()).isEqualTo(before);
    }

    @Test
    void theFleetRunsThePermittedNumberOfTrialCallsInTotalAndClosesOnTheirVerdict() throws Exception {
        String[] quickRecovery = {"breaker.instances.payment.wait-duration-in-open-state=300ms",
                "breaker.shared.probe-lease-time=20s"};
        List<ConfigurableApplicationContext> fleet = List.of(instance("a", quickRecovery),
                instance("b", quickRecovery), instance("c", quickRecovery));
        payment(fleet.get(0)).openByCheck("health check of payments failed");
        awaitState(BreakerState.OPEN, fleet);

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
            // Each instance would run 4 trials of its own; the fleet runs 4 in all, and closes on their verdict.
            awaitState(BreakerState.CLOSED, fleet);
        } finally {
            stop.set(true);
            callers.shutdown();
            assertThat(callers.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Downstream.trials.get()).as("trial calls that reached the dependency").isEqualTo(PERMITTED_TRIALS);
        List<StateTransition> closings = fleet.stream().map(FleetWindowTest::payment)
                .map(breaker -> breaker.transitions().get(0)).toList();
        assertThat(closings).allSatisfy(closed -> assertThat(closed.to()).isEqualTo(BreakerState.CLOSED));
        assertThat(closings).anySatisfy(closed -> assertThat(closed.reason()).matches("fleet trial calls: failure rate"
                + " 0% < 50% and slow-call rate 0% < 100% over 4 trial calls from [123] instances?"));
    }

    @Test
    void theActuatorShowsTheFleetsFiguresAndPrometheusHasThem() {
        ConfigurableApplicationContext a = start(WebApplicationType.SERVLET, "a", "server.port=0",
                "management.endpoints.web.exposure.include=circuitbreakers,prometheus");
        ConfigurableApplicationContext b = instance("b");
        RestClient http = RestClient.create("http://localhost:" + a.getEnvironment().getProperty("local.server.port"));

        call(a, 10, 2);
        call(b, 10, 4); // 6 of 20 failed: 30%, under the threshold

        await().atMost(BOUND).untilAsserted(() -> assertThat(http.get().uri("/actuator/circuitbreakers/payment")
                .retrieve().body(String.class)).contains("\"fleet\":{\"failureRate\":30.0,\"slowCallRate\":0.0,"
                        + "\"calls\":20,\"failedCalls\":6,\"slowCalls\":0,\"instances\":2,\"updatedAt\":\"")
                .contains("\"stale\":false}", "\"bufferedCalls\":10"));
        assertThat(http.get().uri("/actuator/prometheus").retrieve().body(String.class))
                .contains("circuit_breaker_fleet_failure_rate{name=\"payment\"} 0.3\n")
                .contains("circuit_breaker_fleet_slow_call_rate{name=\"payment\"} 0.0\n")
                .contains("circuit_breaker_fleet_calls{name=\"payment\"} 20.0\n")
                .contains("circuit_breaker_fleet_instances{name=\"payment\"} 2.0\n");
        assertThat(payment(a).state()).isEqualTo(BreakerState.CLOSED);

        // Settings changed while it runs keep the fleet window's time-based window.
        assertThatThrownBy(() -> a.getBean(RuntimeSettings.class).apply(payment(a),
                Map.of("sliding-window-type", "count-based"), "actuator"))
                .isInstanceOf(BreakerConfigurationException.class)
                .hasMessage("breaker.instances.payment.sliding-window-type is count-based, but the breaker has a fleet"
                        + " window (shared-window: true), which is accepted with time-based windows only.");
        assertThat(payment(a).config().slidingWindowType()).isEqualTo(SlidingWindowType.TIME_BASED);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        Downstream downstream(ObjectProvider<BreakerRegistry> registry) {
            return new Downstream(registry);
        }
    }

    /** One dependency behind every instance, counting what reaches it, and which of that were trial calls. */
    static class Downstream {
        static final AtomicInteger calls = new AtomicInteger();
        static final AtomicInteger trials = new AtomicInteger();

        private final ObjectProvider<BreakerRegistry> registry;

        Downstream(ObjectProvider<BreakerRegistry> registry) {
            this.registry = registry;
        }

        @CircuitBreaker(name = "payment")
        public String pay() {
            count();
            return "paid";
        }

        @CircuitBreaker(name = "payment")
        public String fail() {
            count();
            throw new IllegalStateException("payment provider down");
        }

        /** A trial call runs while its breaker is HALF_OPEN: the verdict waits for its outcome. */
        private void count() {
            calls.incrementAndGet();
            if (registry.getObject().breaker("payment").state() == BreakerState.HALF_OPEN) {
                trials.incrementAndGet();
            }
        }
    }
}
