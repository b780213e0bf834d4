package dev.breaker.aop;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One accepted fallback method: the protected method's parameters, and the exception too when it takes one.
 *
 * @param method the fallback, already made accessible
 * @param errorType the type of its trailing exception parameter, or {@code null} if it takes none
 */
record FallbackMethod(Method method, @Nullable Class<?> errorType) {

    /** Calls the fallback on {@code target}; what it throws propagates as itself, not wrapped. */
    @Nullable Object invoke(@Nullable Object target, @Nullable Object[] arguments, Throwable error) throws Throwable {
        @Nullable Object[] actual = arguments;
        if (errorType != null) {
            actual = Arrays.copyOf(arguments, arguments.length + 1);
            actual[arguments.length] = error;
        }
        try {
            return method.invoke(target, actual);
        } catch (InvocationTargetException ex) {
            throw ex.getTargetException();
        } catch (IllegalAccessException ex) {
            throw new IllegalStateException("Cannot call fallback method " + method, ex);
        }
    }
}
