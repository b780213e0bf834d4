package dev.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bulkhead's free slots are spread over striped cells: it must stay exact whichever threads take and give
 * back slots, and serve waiting callers first come first. Bounded waits, never sleeps.
 */
class BulkheadStripesTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void cellsArePowersOfTwoAndNeverMoreThanTheSlots() {
        assertThat(Bulkhead.cellsFor(1, 8)).isEqualTo(1);
        assertThat(Bulkhead.cellsFor(3, 8)).isEqualTo(2);
        assertThat(Bulkhead.cellsFor(10, 2)).isEqualTo(4);
        assertThat(Bulkhead.cellsFor(1_000, 64)).isEqualTo(16);
        assertThat(Bulkhead.cellsFor(1_000, 1)).isEqualTo(2);
    }

    @Test
    void aSlotFreeInAnotherThreadsCellIsTakenAndOnlyARealRejectionIsCounted() throws Exception {
        Bulkhead bulkhead = Bulkhead.of("payment", BulkheadConfig.builder(8).build());
        for (int i = 0; i < 8; i++) {
            assertThat(bulkhead.tryAcquireNow()).isTrue();
        }
        assertThat(bulkhead.availableCalls()).isZero();
        assertThat(bulkhead.tryAcquireNow()).isFalse();

        // Given back on other threads, into their own cells: this thread still finds every one.
        for (int i = 0; i < 3; i++) {
            threads.submit(bulkhead::release).get(10, TimeUnit.SECONDS);
        }
        assertThat(bulkhead.availableCalls()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(bulkhead.tryAcquire()).isTrue();
        }
        assertThat(bulkhead.tryAcquire()).isFalse();
        assertThat(bulkhead.rejectedCalls()).isEqualTo(2);
        for (int i = 0; i < 8; i++) {
            bulkhead.release();
        }
        assertThat(bulkhead.availableCalls()).isEqualTo(8);
    }

    @Test
    void manyThreadsNeverHoldMoreThanTheLimitAndEveryRefusalIsCounted() throws Exception {
        int limit = 3;
        Bulkhead bulkhead = Bulkhead.of("payment", BulkheadConfig.builder(limit).build());
        Bulkhead waiting = Bulkhead.of("waiting", BulkheadConfig.builder(limit)
                .maxWaitDuration(Duration.ofMillis(1)).build());
        for (Bulkhead tested : List.of(bulkhead, waiting)) {
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger mostInside = new AtomicInteger();
            AtomicLong refused = new AtomicLong();
            AtomicLong admitted = new AtomicLong();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                boolean now = t % 2 == 0;
                workers.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < 20_000; i++) {
                        if (now ? tested.tryAcquireNow() : tested.tryAcquire()) {
                            mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            admitted.incrementAndGet();
                            inside.decrementAndGet();
                            tested.release();
                        } else {
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(60, TimeUnit.SECONDS);
            }
            assertThat(mostInside.get()).as("most calls inside at once").isLessThanOrEqualTo(limit);
            assertThat(admitted.get() + refused.get()).isEqualTo(8 * 20_000);
            assertThat(tested.rejectedCalls()).isEqualTo(refused.get());
            assertThat(tested.availableCalls()).isEqualTo(limit);
            assertThat(tested.waitingCalls()).isZero();
        }
    }

    @Test
    void waitingCallersGetFreedSlotsInArrivalOrderAndNewcomersDoNotBargeIn() throws Exception {
        Bulkhead bulkhead = Bulkhead.of("payment", BulkheadConfig.builder(1)
                .maxWaitDuration(Duration.ofSeconds(30)).build());
        assertThat(bulkhead.tryAcquire()).isTrue();
        List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch firstIn = new CountDownLatch(1);
        Future<Boolean> first = threads.submit(() -> {
            boolean got = bulkhead.tryAcquire();
            order.add("first");
            firstIn.countDown();
            done.await(10, TimeUnit.SECONDS);
            bulkhead.release();
            return got;
        });
        await(() -> bulkhead.waitingCalls() == 1);
        Future<Boolean> second = threads.submit(() -> {
            boolean got = bulkhead.tryAcquire();
            order.add("second");
            bulkhead.release();
            return got;
        });
        await(() -> bulkhead.waitingCalls() == 2);

        bulkhead.release();
        assertThat(firstIn.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(second).as("the second waits for the first").isNotDone();
        assertThat(bulkhead.tryAcquireNow()).as("a newcomer is rejected while a caller waits").isFalse();
        done.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();

        assertThat(second.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactly("first", "second");
        assertThat(bulkhead.availableCalls()).isEqualTo(1);
        assertThat(bulkhead.rejectedCalls()).isEqualTo(1);
        assertThat(bulkhead.waitingCalls()).isZero();
    }

    @Test
    void aCallerThatWaitsInVainIsRejectedLeavesTheQueueAndTheSlotFreedLaterStaysFree() throws Exception {
        Bulkhead bulkhead = Bulkhead.of("payment", BulkheadConfig.builder(1)
                .maxWaitDuration(Duration.ofMillis(20)).build());
        assertThat(bulkhead.tryAcquire()).isTrue();

        assertThat(threads.submit(bulkhead::tryAcquire).get(10, TimeUnit.SECONDS)).isFalse();

        assertThat(bulkhead.waitingCalls()).isZero();
        assertThat(bulkhead.rejectedCalls()).isEqualTo(1);
        bulkhead.release();
        assertThat(bulkhead.availableCalls()).isEqualTo(1);
        assertThat(bulkhead.tryAcquireNow()).isTrue();
    }

    @Test
    void slotsGivenBackWhileCallersWaitAreNeverLost() throws Exception {
        int limit = 2;
        Bulkhead bulkhead = Bulkhead.of("payment", BulkheadConfig.builder(limit)
                .maxWaitDuration(Duration.ofSeconds(30)).build());
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostInside = new AtomicInteger();
        List<Future<Boolean>> callers = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            callers.add(threads.submit(() -> {
                for (int i = 0; i < 2_000; i++) {
                    if (!bulkhead.tryAcquire()) {
                        return false;
                    }
                    mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    inside.decrementAndGet();
                    bulkhead.release();
                }
                return true;
            }));
        }
        for (Future<Boolean> caller : callers) {
            assertThat(caller.get(60, TimeUnit.SECONDS)).as("a waiting caller always got a slot").isTrue();
        }
        assertThat(mostInside.get()).isLessThanOrEqualTo(limit);
        assertThat(bulkhead.rejectedCalls()).isZero();
        assertThat(bulkhead.availableCalls()).isEqualTo(limit);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("condition met in time").isNegative();
            Thread.sleep(1);
        }
    }
}
