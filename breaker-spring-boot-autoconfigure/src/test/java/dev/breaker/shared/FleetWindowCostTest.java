package dev.breaker.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.SlidingWindowType;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.RedisCallback;

/**
 * What fleet windows cost Redis: 50 simulated instances, each with two shared-window breakers, report to one real
 * Redis at two call rates ten times apart. The flushes are driven here, one round per simulated second, and Redis's
 * own {@code INFO commandstats} counts what it ran. Each instance sends one script call per shared-window breaker
 * per flush whatever its call rate, and the script's own work does not grow with it either.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class FleetWindowCostTest extends RedisFleetTestSupport {

    private static final int INSTANCES = 50;
    private static final int BREAKERS = 2;
    private static final int FLUSHES = 5;

    private final SyncThread syncThread = new SyncThread();

    @AfterEach
    void stopSyncThread() {
        syncThread.shutdownNow();
    }

    /** Redis's work per instance and flush, at one call rate. */
    private record Cost(int callsPerFlush, double scriptCalls, double commands) {
    }

    @Test
    void eachInstanceSendsOneScriptCallPerSharedWindowBreakerPerFlushWhateverItsCallRate() {
        Cost slow = measure(10);
        Cost fast = measure(100);

        for (Cost cost : List.of(slow, fast)) {
            System.out.printf(Locale.ROOT, "Fleet window cost: %d instances x %d shared-window breakers, %d calls per"
                    + " breaker per flush: %.2f script calls and %.2f Redis commands (the script's own included) per"
                    + " instance per flush%n", INSTANCES, BREAKERS, cost.callsPerFlush(), cost.scriptCalls(),
                    cost.commands());
        }
        assertThat(slow.scriptCalls()).isEqualTo(BREAKERS);
        assertThat(fast.scriptCalls()).isEqualTo(BREAKERS);
        // Inside the script: the same commands at both rates, give or take the one that moves the window's
        // start when a flush round crosses into a new second.
        assertThat(fast.commands()).isCloseTo(slow.commands(), within(0.1 * BREAKERS));
        assertThat(fast.commands()).isLessThanOrEqualTo(20.0 * BREAKERS);
    }

    @Test
    void countingTheCallsOfABreakerWithAFleetWindowAllocatesNothing() {
        ReactiveStringRedisTemplate reactive = new ReactiveStringRedisTemplate(connections);
        SharedStateSettings settings = FleetInstance.settings("cost-" + UUID.randomUUID(), "cost").build();
        Breaker breaker = Breaker.of("payment", BreakerConfig.builder().slidingWindowType(SlidingWindowType.TIME_BASED)
                .slidingWindowSize(60).minimumNumberOfCalls(1_000_000).build());
        breaker.addListener(new FleetWindow(new TrackedBreaker(breaker, settings.key("payment")),
                new FleetWindowStore(reactive, settings.timeout(), syncThread),
                new StateExchange(new RedisStateStore(reactive, settings, syncThread), "cost", syncThread,
                        settings.timeout()), "cost", FleetWindows.FLUSH_PERIOD.toNanos()));
        IllegalStateException failure = new IllegalStateException("down");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 300_000; i++) { // warm up: the error path needs more calls than the success path to be compiled
            call(breaker, i, failure);
        }

        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 10 && allocated >= 10_000; round++) { // until the JIT has compiled the loop
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100_000; i++) {
                call(breaker, i, failure);
            }
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
        }

        assertThat(allocated).as("bytes allocated by 100,000 calls").isLessThan(10_000);
    }

    private static void call(Breaker breaker, int i, IllegalStateException failure) {
        if (breaker.tryAcquirePermission()) {
            if (i % 10 == 0) {
                breaker.onError(3, TimeUnit.MILLISECONDS, failure);
            } else {
                breaker.onSuccess(3, TimeUnit.MILLISECONDS);
            }
        }
    }

    private Cost measure(int callsPerFlush) {
        String namespace = "cost-" + UUID.randomUUID();
        AtomicInteger answers = new AtomicInteger();
        Executor counting = task -> {
            task.run();
            answers.incrementAndGet();
        };
        ReactiveStringRedisTemplate reactive = new ReactiveStringRedisTemplate(connections);
        SharedStateSettings settings = FleetInstance.settings(namespace, "cost").timeout(Duration.ofSeconds(5))
                .build();
        FleetWindowStore store = new FleetWindowStore(reactive, settings.timeout(), counting);
        StateExchange exchange = new StateExchange(new RedisStateStore(reactive, settings, syncThread), "cost",
                syncThread, settings.timeout());
        BreakerConfig config = BreakerConfig.builder().slidingWindowType(SlidingWindowType.TIME_BASED)
                .slidingWindowSize(60).minimumNumberOfCalls(1_000_000).build();
        List<Breaker> breakers = new ArrayList<>();
        List<FleetWindow> windows = new ArrayList<>();
        for (int instance = 0; instance < INSTANCES; instance++) {
            for (int b = 0; b < BREAKERS; b++) {
                Breaker breaker = Breaker.of("payment-" + b, config);
                FleetWindow window = new FleetWindow(new TrackedBreaker(breaker, settings.key(breaker.name())), store,
                        exchange, "instance-" + instance, FleetWindows.FLUSH_PERIOD.toNanos());
                breaker.addListener(window);
                breakers.add(breaker);
                windows.add(window);
            }
        }
        flushRound(windows, answers); // loads the script into Redis, so that every flush measured is one EVALSHA
        template.execute((RedisCallback<Void>) connection -> {
            connection.serverCommands().resetConfigStats();
            return null;
        });
        for (int flush = 0; flush < FLUSHES; flush++) {
            for (Breaker breaker : breakers) {
                for (int call = 0; call < callsPerFlush; call++) {
                    if (call % 10 == 0) {
                        breaker.onError(Duration.ofMillis(3), new IllegalStateException("down"));
                    } else {
                        breaker.onSuccess(Duration.ofMillis(3));
                    }
                }
            }
            flushRound(windows, answers);
        }
        Properties stats = template.execute((RedisCallback<Properties>) connection ->
                connection.serverCommands().info("commandstats"));
        assertThat(windows.get(windows.size() - BREAKERS).status().calls())
                .as("the calls in the window, as the last instance to flush sees them")
                .isEqualTo((long) INSTANCES * callsPerFlush * FLUSHES);
        double flushes = (double) INSTANCES * FLUSHES;
        return new Cost(callsPerFlush, (calls(stats, "evalsha") + calls(stats, "eval")) / flushes,
                (allCalls(stats) - calls(stats, "info") - calls(stats, "config")) / flushes);
    }

    /** Every window flushes once; returns when Redis has answered each. */
    private static void flushRound(List<FleetWindow> windows, AtomicInteger answers) {
        int expected = answers.get() + windows.size();
        windows.forEach(FleetWindow::flush);
        await().atMost(Duration.ofSeconds(20)).until(() -> answers.get() >= expected);
    }

    private static long calls(Properties stats, String command) {
        String line = stats.getProperty("cmdstat_" + command);
        if (line == null) {
            return 0;
        }
        for (String field : line.split(",")) {
            if (field.startsWith("calls=")) {
                return Long.parseLong(field.substring("calls=".length()));
            }
        }
        return 0;
    }

    private static long allCalls(Properties stats) {
        return stats.stringPropertyNames().stream().filter(name -> name.startsWith("cmdstat_"))
                .mapToLong(name -> calls(stats, name.substring("cmdstat_".length()))).sum();
    }
}
