package dev.breaker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerRegistry;
import dev.breaker.SlidingWindowType;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * What a breaker costs once made: looking it up by name allocates nothing, however many breakers there are, and
 * neither do its succeeding calls, with either window. (A failure makes a snapshot of the window to judge it, which
 * only the JIT's escape analysis removes: JMH shows that, not a unit test.)
 */
class RegistryLookupTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static String name(int i) {
        return String.format(Locale.ROOT, "breaker-%05d", i);
    }

    @Test
    void lookingUpAnExistingBreakerAmongTenThousandAllocatesNothing() {
        BreakerRegistry registry = BreakerRegistry.ofDefaults();
        Breaker[] made = new Breaker[10_000];
        for (int i = 0; i < made.length; i++) {
            made[i] = registry.breaker(name(i));
        }
        // Copies, not the registry's own keys: each lookup compares the characters.
        String[] names = new String[64];
        Breaker[] expected = new Breaker[names.length];
        for (int i = 0; i < names.length; i++) {
            int index = i * 157 % made.length;
            names[i] = new String(name(index));
            expected[i] = made[index];
        }

        long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            int n = i & (names.length - 1);
            if (registry.breaker(names[n]) != expected[n]) {
                throw new AssertionError("another breaker for " + names[n]);
            }
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;

        assertThat(allocated).as("bytes allocated by 100,000 lookups").isLessThan(10_000);
    }

    @Test
    void succeedingCallsThroughEitherWindowAllocateNothing() {
        for (SlidingWindowType type : SlidingWindowType.values()) {
            Breaker breaker = Breaker.of("payment", BreakerConfig.builder().slidingWindowType(type)
                    .slidingWindowSize(type == SlidingWindowType.TIME_BASED ? 3_600 : 100)
                    .minimumNumberOfCalls(100).failureRateThreshold(75).build());
            for (int i = 0; i < 20_000; i++) {
                call(breaker, i);
            }

            long before = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100_000; i++) {
                breaker.run(SUCCEEDING);
            }
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;

            // A time window makes one bucket a second: a few, if the calls span seconds.
            assertThat(allocated).as("bytes allocated by 100,000 calls, %s", type).isLessThan(10_000);
        }
    }

    /** A downstream failure, preallocated and without a stack trace: what the test allocates is not counted. */
    private static final class Down extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Down() {
            super("down", null, false, false);
        }
    }

    private static final Down DOWN = new Down();
    private static final Runnable SUCCEEDING = () -> { };
    private static final Runnable FAILING = () -> {
        throw DOWN;
    };

    /** Fails the first calls of the warm-up, so the window holds failures, then succeeds. */
    private static void call(Breaker breaker, int i) {
        try {
            breaker.run(i < 50 && (i & 3) == 0 ? FAILING : SUCCEEDING);
        } catch (Down expected) {
            // counted
        }
    }
}
