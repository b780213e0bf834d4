package dev.breaker.aop;

import dev.breaker.CheckedSupplier;
import dev.breaker.Guard;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.interceptor.ExposeInvocationInterceptor;

/** Running the rest of an advice chain more than once, or on another thread. */
final class Invocations {

    private Invocations() {
    }

    /**
     * Each attempt of a synchronous call through a guard with layers: with a retry, on a fresh invocation; with
     * a timeout, on the timeout's thread.
     */
    static CheckedSupplier<@Nullable Object> attempts(Guard guard, MethodInvocation invocation) {
        boolean again = guard.retry() != null;
        boolean elsewhere = guard.timeout() != null;
        return () -> {
            MethodInvocation attempt = again ? fresh(invocation) : invocation;
            return elsewhere ? proceedElsewhere(attempt) : attempt.proceed();
        };
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
     * Proceeds on a thread other than the caller's (a call with a timeout), exposing the invocation there as
     * {@link ExposeInvocationInterceptor} did on the caller's: AspectJ advice inside the breaker looks it up.
     */
    static @Nullable Object proceedElsewhere(MethodInvocation invocation) throws Throwable {
        return ExposeInvocationInterceptor.INSTANCE.invoke(invocation);
    }
}
