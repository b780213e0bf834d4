package dev.breaker.aop;

import dev.breaker.CheckedFunction;
import dev.breaker.Guard;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.framework.ReflectiveMethodInvocation;
import org.springframework.aop.interceptor.ExposeInvocationInterceptor;

/** Running the rest of an advice chain more than once, or on another thread. */
final class Invocations {

    /** {@code ReflectiveMethodInvocation.currentInterceptorIndex}, or null where it cannot be read. */
    private static final @Nullable VarHandle POSITION;
    /** {@code ReflectiveMethodInvocation.interceptorsAndDynamicMethodMatchers}, or null likewise. */
    private static final @Nullable VarHandle CHAIN;

    static {
        VarHandle position = null;
        VarHandle chain = null;
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(ReflectiveMethodInvocation.class,
                    MethodHandles.lookup());
            position = lookup.findVarHandle(ReflectiveMethodInvocation.class, "currentInterceptorIndex", int.class);
            chain = lookup.findVarHandle(ReflectiveMethodInvocation.class, "interceptorsAndDynamicMethodMatchers",
                    List.class);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError notReadable) {
            // Another Spring, or a module that does not open it: every retried attempt proceeds on a clone.
            position = null;
            chain = null;
        }
        POSITION = position;
        CHAIN = chain;
    }

    private Invocations() {
    }

    /** An attempt that proceeds on the invocation itself, on the caller's thread. */
    private static final CheckedFunction<MethodInvocation, @Nullable Object> PROCEED = MethodInvocation::proceed;
    /** On the invocation itself, on the timeout's thread. */
    private static final CheckedFunction<MethodInvocation, @Nullable Object> PROCEED_ELSEWHERE =
            Invocations::proceedElsewhere;
    /** On a clone of the invocation, on the caller's thread. */
    private static final CheckedFunction<MethodInvocation, @Nullable Object> PROCEED_FRESH =
            invocation -> fresh(invocation).proceed();
    /** On a clone of the invocation, on the timeout's thread. */
    private static final CheckedFunction<MethodInvocation, @Nullable Object> PROCEED_FRESH_ELSEWHERE =
            invocation -> proceedElsewhere(fresh(invocation));

    /**
     * Each attempt of a synchronous call through a guard with layers, given the invocation (a constant, so that
     * nothing is allocated to pass it): with a retry, on a fresh invocation (unless the breaker's advice is the last
     * of the chain); with a timeout, on the timeout's thread.
     */
    static CheckedFunction<MethodInvocation, @Nullable Object> attempts(Guard guard, MethodInvocation invocation) {
        boolean elsewhere = guard.timeout() != null;
        if (guard.retry() == null || rerunnable(invocation)) {
            return elsewhere ? PROCEED_ELSEWHERE : PROCEED;
        }
        return elsewhere ? PROCEED_FRESH_ELSEWHERE : PROCEED_FRESH;
    }

    /**
     * An invocation that can proceed through the rest of the chain once more. A Spring invocation proceeds
     * only once (it keeps its position in the chain), so each retry attempt proceeds on a clone made before
     * any attempt, as Spring's own retry interceptor does; the inner advice (a transaction) runs each time.
     */
    static MethodInvocation fresh(MethodInvocation invocation) {
        return (invocation instanceof ProxyMethodInvocation proxied) ? proxied.invocableClone() : invocation;
    }

    /**
     * Whether {@code invocation} may proceed again as it is: a Spring invocation whose advice chain ends at
     * the current advice (the breaker's) proceeds straight to the method, each time, without moving; a clone
     * would proceed exactly alike. With advice after the breaker's, or an invocation of another kind, no.
     */
    static boolean rerunnable(MethodInvocation invocation) {
        VarHandle position = POSITION;
        VarHandle chain = CHAIN;
        if (position == null || chain == null || !(invocation instanceof ReflectiveMethodInvocation spring)) {
            return false;
        }
        List<?> advice = (List<?>) chain.get(spring);
        return advice != null && (int) position.get(spring) == advice.size() - 1;
    }

    /**
     * Proceeds on a thread other than the caller's (a call with a timeout), exposing the invocation there as
     * {@link ExposeInvocationInterceptor} did on the caller's: AspectJ advice inside the breaker looks it up.
     */
    static @Nullable Object proceedElsewhere(MethodInvocation invocation) throws Throwable {
        return ExposeInvocationInterceptor.INSTANCE.invoke(invocation);
    }
}
