package dev.breaker.aop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;

/**
 * A retried attempt proceeds on a clone of the invocation unless the breaker's advice ends the chain, where
 * proceeding again on the invocation itself runs the method again, exactly as a clone would.
 */
class InvocationsTest {

    public static class Quotes {

        final AtomicInteger calls = new AtomicInteger();

        public String quote() {
            return "quote " + calls.incrementAndGet();
        }
    }

    private final Quotes target = new Quotes();
    private final List<Boolean> rerunnable = new CopyOnWriteArrayList<>();
    private final List<String> answers = new CopyOnWriteArrayList<>();

    /** Like the breaker's advice with three attempts: proceeds three times, on a clone when it must. */
    private final MethodInterceptor threeAttempts = invocation -> {
        boolean again = Invocations.rerunnable(invocation);
        rerunnable.add(again);
        for (int attempt = 0; attempt < 3; attempt++) {
            answers.add((String) (again ? invocation : Invocations.fresh(invocation)).proceed());
        }
        return answers.get(2);
    };

    @Test
    void theLastAdviceOfTheChainProceedsAgainOnTheInvocationItselfAndTheMethodRunsEachTime() {
        ProxyFactory factory = new ProxyFactory(target);
        factory.setProxyTargetClass(true);
        factory.addAdvice(threeAttempts);

        assertThat(((Quotes) factory.getProxy()).quote()).isEqualTo("quote 3");

        assertThat(rerunnable).containsExactly(true);
        assertThat(answers).containsExactly("quote 1", "quote 2", "quote 3");
    }

    @Test
    void withAdviceAfterTheBreakersEachAttemptProceedsOnACloneAndThatAdviceRunsEachTime() {
        AtomicInteger inner = new AtomicInteger();
        ProxyFactory factory = new ProxyFactory(target);
        factory.setProxyTargetClass(true);
        factory.addAdvice(threeAttempts);
        factory.addAdvice((MethodInterceptor) invocation -> {
            inner.incrementAndGet();
            return invocation.proceed();
        });

        assertThat(((Quotes) factory.getProxy()).quote()).isEqualTo("quote 3");

        assertThat(rerunnable).containsExactly(false);
        assertThat(inner).as("the inner advice ran for every attempt").hasValue(3);
        assertThat(answers).containsExactly("quote 1", "quote 2", "quote 3");
    }
}
