package dev.breaker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.breaker.BreakerConfig;
import dev.breaker.BreakerState;
import dev.breaker.ManualClock;
import dev.breaker.SlidingWindowType;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A failing call in CLOSED evaluates the window from its counts alone, and makes a snapshot only when they trip
 * the breaker: it allocates nothing, whether or not the JIT has compiled it (escape analysis cannot be relied
 * on, and the calls measured here are mostly not compiled yet).
 */
class FailingCallCostTest {

    @ParameterizedTest
    @EnumSource(SlidingWindowType.class)
    void failingCallsJudgedAgainstTheThresholdsAllocateNothingBeforeTheJitHasCompiledThem(SlidingWindowType type) {
        ManualClock clock = new ManualClock();
        DefaultBreaker breaker = new DefaultBreaker("payment", BreakerConfig.builder().clock(clock)
                .slidingWindowType(type).slidingWindowSize(100).minimumNumberOfCalls(100).failureRateThreshold(60).build());
        IllegalStateException failure = new IllegalStateException("down");
        breaker.onError(1, TimeUnit.MILLISECONDS, failure); // the window's storage for this second, once
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 20_000; i++) { // half of them fail: each failure is judged, none trips the breaker
            if (breaker.tryAcquirePermission()) {
                breaker.onError(1, TimeUnit.MILLISECONDS, failure);
            }
            if (breaker.tryAcquirePermission()) {
                breaker.onSuccess(1, TimeUnit.MILLISECONDS);
            }
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(breaker.metrics().failedCallsTotal()).isEqualTo(20_001);
        assertThat(breaker.metrics().failureRate()).hasValueCloseTo(50.0, offset(1.0));
        // a snapshot per failure would be 20,000 x 48 B = 960 kB
        assertThat(allocated).as("bytes allocated by 20,000 failing and 20,000 succeeding calls").isLessThan(10_000);
    }
}
