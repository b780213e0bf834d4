package dev.breaker.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerListener;
import dev.breaker.ManualClock;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What experiments and recordings cost a live breaker's calls: nothing without them, no allocation with them. */
class TuningCostTest {

    private final ManualClock clock = new ManualClock();
    private final BreakerConfig config = BreakerConfig.builder().clock(clock).scheduler(clock).build();

    /** A breaker that tells which listeners were added to it, and otherwise is {@code target}. */
    private static Breaker watched(Breaker target, List<BreakerListener> added) {
        return (Breaker) Proxy.newProxyInstance(Breaker.class.getClassLoader(), new Class<?>[] {Breaker.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("addListener")) {
                        added.add((BreakerListener) args[0]);
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void withoutExperimentsNoListenerIsAddedAndTheBaselineJudgesNothing() {
        List<BreakerListener> added = new CopyOnWriteArrayList<>();
        Breaker live = watched(Breaker.of("payment", config), added);
        Experiments none = Experiments.attach(live, Map.of());
        live.onSuccess(Duration.ofMillis(1));

        assertThat(added).isEmpty();
        assertThat(none.reports()).isEmpty();
        assertThat(none.baseline().calls()).isZero();

        Experiments.attach(live, Map.of("strict", config.toBuilder().failureRateThreshold(20).build()));
        assertThat(added).singleElement().satisfies(listener -> assertThat(listener.receivesCallOutcomes()).isTrue());
    }

    @Test
    void callsWithExperimentsAndARecordingAllocateNothing() {
        Breaker live = Breaker.of("payment", config);
        Experiments.attach(live, Map.of("strict", config.toBuilder().failureRateThreshold(20).build(),
                "timed", config.toBuilder().slidingWindowType(dev.breaker.SlidingWindowType.TIME_BASED)
                        .slidingWindowSize(10).build()));
        Recording.attach(live, 1_000);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 20_000; i++) { // warm up, and fill the windows
            call(live);
        }

        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            call(live);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(allocated).as("bytes allocated by 100,000 calls").isLessThan(10_000);
    }

    private static void call(Breaker live) {
        if (live.tryAcquirePermission()) {
            live.onSuccess(3, TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void callsFromManyThreadsAreAllJudged() throws InterruptedException {
        Breaker live = Breaker.of("payment", BreakerConfig.defaults());
        // Opens on its first failure for an hour: every call after it is refused, and counted.
        Experiments experiments = Experiments.attach(live, Map.of("jumpy", BreakerConfig.builder()
                .consecutiveFailureThreshold(1).waitDurationInOpenState(Duration.ofHours(1)).build(),
                "steady", BreakerConfig.defaults()));
        Recording recording = Recording.attach(live, 10);
        live.onError(Duration.ofMillis(1), new IllegalStateException("once"));
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(new Thread(() -> {
                for (int i = 0; i < 25_000; i++) {
                    call(live);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }

        ExperimentReport jumpy = experiments.report("jumpy").orElseThrow();
        assertThat(jumpy.calls()).isEqualTo(200_001);
        assertThat(jumpy.needlessRejections()).isEqualTo(200_000);
        assertThat(jumpy.detections()).isEqualTo(1);
        assertThat(jumpy.detectionCalls()).isEqualTo(1);
        ExperimentReport steady = experiments.report("steady").orElseThrow();
        assertThat(steady.needlessRejections()).isZero();
        assertThat(steady.wouldOpen()).isZero();
        assertThat(recording.dropped()).isEqualTo(200_002 - 10);
    }
}
