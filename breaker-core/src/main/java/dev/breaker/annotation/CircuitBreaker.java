package dev.breaker.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Protects a method, or every public method of a class, with the circuit breaker named {@link #name()}.
 * The Spring Boot starter gives it its behaviour: the breaker's settings come from
 * {@code breaker.profiles.<name>} and {@code breaker.instances.<name>}, and the fallback runs when the
 * call fails or is rejected. A method's annotation wins over its class's.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface CircuitBreaker {

    /** The breaker's name; also the profile it uses unless {@code breaker.instances.<name>.profile} says otherwise. */
    String name();

    /**
     * A method of the same class to call instead when the call fails or is rejected: same parameter
     * types, optionally followed by one {@code Throwable}-typed parameter, and a compatible return type.
     * Empty: no fallback.
     */
    String fallbackMethod() default "";
}
