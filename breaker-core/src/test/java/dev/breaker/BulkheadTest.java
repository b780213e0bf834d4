package dev.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The semaphore bulkhead under real concurrency: bounded waits on latches, never sleeps. */
class BulkheadTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void rejectsEveryCallBeyondItsLimitAndFreesEverySlotAfterwards() throws Exception {
        Bulkhead bulkhead = Bulkhead.of("payment", BulkheadConfig.builder(3).build());
        CountDownLatch inside = new CountDownLatch(3);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger maxInside = new AtomicInteger();
        AtomicInteger current = new AtomicInteger();
        List<Future<String>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(threads.submit(through(bulkhead, () -> {
                maxInside.accumulateAndGet(current.incrementAndGet(), Math::max);
                inside.countDown();
                release.await(10, TimeUnit.SECONDS);
                current.decrementAndGet();
                return "done";
            })));
        }
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(bulkhead.availableCalls()).isZero();

        // Eight more, from eight threads, while the three are in flight: all rejected at once.
        List<Future<String>> rejected = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            rejected.add(threads.submit(through(bulkhead, () -> "never")));
        }
        for (Future<String> call : rejected) {
            assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(BulkheadFullException.class);
        }
        assertThat(bulkhead.rejectedCalls()).isEqualTo(8);

        release.countDown();
        for (Future<String> call : calls) {
            assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("done");
        }
        assertThat(maxInside.get()).isEqualTo(3);
        assertThat(bulkhead.availableCalls()).isEqualTo(3);
    }

    private static <T> Callable<T> through(Bulkhead bulkhead, CheckedSupplier<T> call) {
        return () -> {
            try {
                return bulkhead.executeChecked(call);
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        };
    }

    @Test
    void aFailingCallGivesItsSlotBack() {
        Bulkhead bulkhead = Bulkhead.of("payment", BulkheadConfig.builder(1).build());
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> bulkhead.executeChecked(() -> {
                throw new IllegalStateException("down");
            })).isInstanceOf(IllegalStateException.class);
        }
        assertThat(bulkhead.availableCalls()).isEqualTo(1);
        assertThat(bulkhead.rejectedCalls()).isZero();
    }

    @Test
    void aCallWaitsForASlotFreedWithinTheMaxWait() throws Exception {
        Bulkhead bulkhead = Bulkhead.of("payment",
                BulkheadConfig.builder(1).maxWaitDuration(Duration.ofSeconds(30)).build());
        assertThat(bulkhead.tryAcquire()).isTrue();
        CountDownLatch waiting = new CountDownLatch(1);
        Future<Boolean> second = threads.submit(() -> {
            waiting.countDown();
            return bulkhead.tryAcquire();
        });
        assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
        bulkhead.release();

        assertThat(second.get(10, TimeUnit.SECONDS)).isTrue();
        bulkhead.release();
        assertThat(bulkhead.availableCalls()).isEqualTo(1);
        assertThat(bulkhead.rejectedCalls()).isZero();
    }

    @Test
    void anInterruptedWaitIsARejectionAndKeepsTheInterruptFlag() throws Exception {
        Bulkhead bulkhead = Bulkhead.of("payment",
                BulkheadConfig.builder(1).maxWaitDuration(Duration.ofDays(1)).build());
        assertThat(bulkhead.tryAcquire()).isTrue();
        Future<Boolean[]> waiter = threads.submit(() -> new Boolean[] {bulkhead.tryAcquire(),
                Thread.currentThread().isInterrupted()});
        threads.shutdownNow(); // interrupts the waiter
        assertThat(waiter.get(10, TimeUnit.SECONDS)).containsExactly(false, true);
        assertThat(bulkhead.rejectedCalls()).isEqualTo(1);
        bulkhead.release();
        assertThat(bulkhead.availableCalls()).isEqualTo(1);
    }

    @Test
    void tryAcquireNowNeverWaits() {
        Bulkhead bulkhead = Bulkhead.of("payment",
                BulkheadConfig.builder(1).maxWaitDuration(Duration.ofDays(1)).build());
        assertThat(bulkhead.tryAcquireNow()).isTrue();
        assertThat(bulkhead.tryAcquireNow()).isFalse();
        assertThat(bulkhead.rejection()).hasMessage(
                "Bulkhead of circuit breaker 'payment' is full: 1 concurrent calls in flight, none finished within 86400000ms")
                .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
    }
}
