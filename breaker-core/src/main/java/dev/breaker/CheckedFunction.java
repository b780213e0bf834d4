package dev.breaker;

/**
 * A function of one argument that may throw anything: the call form of
 * {@link Breaker#executeWith(Object, CheckedFunction)} and {@link Guard#executeWith(Object, CheckedFunction)}.
 * The call's input is passed as the argument rather than captured, so the function can be a constant (an unbound
 * method reference such as {@code MethodInvocation::proceed}, or a lambda that captures nothing) and a call
 * allocates nothing to wrap it, whether or not the JIT inlines the caller.
 *
 * @param <A> the argument's type
 * @param <T> the result's type
 */
@FunctionalInterface
public interface CheckedFunction<A, T> {

    /** Runs the call on {@code argument}. */
    T apply(A argument) throws Throwable;
}
