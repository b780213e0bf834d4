package dev.breaker;

/** A supplier that may throw anything, for wrapping calls such as {@code MethodInvocation::proceed}. */
@FunctionalInterface
public interface CheckedSupplier<T> {

    T get() throws Throwable;
}
