package dev.breaker.aop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.annotation.CircuitBreaker;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Finding the plan of a call: by the {@code Method} a proxy passes and the target class, the same answer the
 * first time and every time after, for any number of methods, classes and threads.
 */
class MethodPlansTest {

    private final MethodPlans plans = new MethodPlans(new Guards(() -> {
        throw new AssertionError("finding a plan resolves no guard");
    }));

    interface Gateway {
        String pay(String order);

        String refund(String order);
    }

    static class CardGateway implements Gateway {
        @Override
        @CircuitBreaker(name = "card")
        public String pay(String order) {
            return order;
        }

        @Override
        public String refund(String order) {
            return order;
        }
    }

    @CircuitBreaker(name = "bank")
    static class BankGateway implements Gateway {
        @Override
        public String pay(String order) {
            return order;
        }

        @Override
        public String refund(String order) {
            return order;
        }
    }

    static class PlainGateway implements Gateway {
        @Override
        public String pay(String order) {
            return order;
        }

        @Override
        public String refund(String order) {
            return order;
        }
    }

    @Test
    void oneInterfaceMethodCalledOnSeveralClassesHasEachClasssPlan() throws Exception {
        // A JDK proxy passes the interface's Method whichever class the target is.
        Method pay = Gateway.class.getMethod("pay", String.class);
        Method refund = Gateway.class.getMethod("refund", String.class);
        for (int round = 0; round < 3; round++) { // first lookups, then remembered ones
            assertThat(plans.planFor(pay, CardGateway.class).breakerName()).isEqualTo("card");
            assertThat(plans.planFor(refund, CardGateway.class)).isNull();
            assertThat(plans.planFor(pay, BankGateway.class).breakerName()).isEqualTo("bank");
            assertThat(plans.planFor(refund, BankGateway.class).breakerName()).isEqualTo("bank");
            assertThat(plans.planFor(pay, PlainGateway.class)).isNull();
        }
        // Another copy of the same method (another proxy class) finds the same plan.
        Method copy = Gateway.class.getMethod("pay", String.class);
        assertThat(copy).isNotSameAs(pay);
        assertThat(plans.planFor(copy, CardGateway.class)).isSameAs(plans.planFor(pay, CardGateway.class));
    }

    @CircuitBreaker(name = "many")
    public static class ManyMethods {
        public void m00() { }
        public void m01() { }
        public void m02() { }
        public void m03() { }
        public void m04() { }
        public void m05() { }
        public void m06() { }
        public void m07() { }
        public void m08() { }
        public void m09() { }
        public void m10() { }
        public void m11() { }
        public void m12() { }
        public void m13() { }
        public void m14() { }
        public void m15() { }
        public void m16() { }
        public void m17() { }
        public void m18() { }
        public void m19() { }
        public void m20() { }
        public void m21() { }
        public void m22() { }
        public void m23() { }
    }

    private static List<Method> manyMethods() {
        List<Method> methods = new ArrayList<>();
        for (Method method : ManyMethods.class.getDeclaredMethods()) {
            if (method.getName().startsWith("m")) {
                methods.add(method);
            }
        }
        assertThat(methods).hasSize(24);
        return methods;
    }

    @Test
    void everyMethodOfAClassKeepsItsOwnPlanHoweverManyAreCalled() {
        List<Method> methods = manyMethods();
        for (int round = 0; round < 2; round++) {
            for (Method method : methods) {
                MethodPlan plan = plans.planFor(method, ManyMethods.class);
                assertThat(plan.toString()).endsWith("." + method.getName() + "()");
                assertThat(plan.breakerName()).isEqualTo("many");
                // Object's methods are never protected by a class annotation.
                assertThat(plans.planFor(Object.class.getDeclaredMethods()[round], ManyMethods.class)).isNull();
            }
        }
    }

    @Test
    void threadsLookingUpTheSameMethodsAtOnceGetTheSamePlans() throws Exception {
        List<Method> methods = manyMethods();
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<MethodPlan>>> found = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                found.add(pool.submit(() -> {
                    start.await();
                    List<MethodPlan> seen = new ArrayList<>();
                    for (Method method : methods) {
                        seen.add(plans.planFor(method, ManyMethods.class));
                    }
                    return seen;
                }));
            }
            start.countDown();
            List<MethodPlan> first = found.get(0).get(30, TimeUnit.SECONDS);
            for (Future<List<MethodPlan>> other : found) {
                List<MethodPlan> seen = other.get(30, TimeUnit.SECONDS);
                for (int i = 0; i < methods.size(); i++) {
                    assertThat(seen.get(i)).isNotNull().isSameAs(first.get(i));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
