package dev.breaker.aop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.annotation.CircuitBreaker;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/** The table a call reads its plan from: the same answers as {@link MethodPlans}, found by identity. */
class CalledPlansTest {

    private final AopFixture fixture = new AopFixture();
    private final MethodPlans plans = ((BreakerInterceptor) fixture.advisor.getAdvice()).plans();
    private final CalledPlans called = new CalledPlans(plans);

    @Test
    void theSameInterfaceMethodOnTwoTargetClassesHasEachClasssPlan() throws Exception {
        Method price = Pricing.class.getMethod("price");

        assertThat(called.planFor(price, Shop.class).breakerName()).isEqualTo("shop");
        assertThat(called.planFor(price, Outlet.class).breakerName()).isEqualTo("outlet");
        assertThat(called.planFor(price, Shop.class).breakerName()).as("from the table now").isEqualTo("shop");
        assertThat(called.planFor(price, Outlet.class)).isSameAs(plans.planFor(price, Outlet.class));
        assertThat(called.size()).isEqualTo(2);
    }

    @Test
    void anUnprotectedMethodHasNoPlanAndIsAskedAboutOnce() throws Exception {
        Method label = Shop.class.getMethod("label");

        assertThat(called.planFor(label, Shop.class)).isNull();
        assertThat(called.planFor(label, Shop.class)).isNull();
        assertThat(called.size()).isEqualTo(1);
    }

    @Test
    void aCallerThatMakesANewMethodForEachCallIsServedWithoutGrowingTheTableWithoutBound() throws Exception {
        for (int i = 0; i < CalledPlans.MAX_ENTRIES + 100; i++) {
            Method copy = Shop.class.getMethod("price"); // equal to the others, never the same object
            assertThat(called.planFor(copy, Shop.class).breakerName()).isEqualTo("shop");
        }

        assertThat(called.size()).isEqualTo(CalledPlans.MAX_ENTRIES);
    }

    @Test
    void aNullTargetMeansTheMethodsOwnClass() throws Exception {
        assertThat(called.planFor(Shop.class.getMethod("price"), null).breakerName()).isEqualTo("shop");
    }

    public interface Pricing {

        String price();
    }

    public static class Shop implements Pricing {

        @Override
        @CircuitBreaker(name = "shop")
        public String price() {
            return "10";
        }

        public String label() {
            return "shop";
        }
    }

    public static class Outlet implements Pricing {

        @Override
        @CircuitBreaker(name = "outlet")
        public String price() {
            return "8";
        }
    }
}
