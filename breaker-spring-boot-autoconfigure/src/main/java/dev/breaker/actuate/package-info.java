/** The {@code circuitbreakers} actuator endpoint: every breaker's state and figures, and operator transitions. */
@NullMarked
package dev.breaker.actuate;

import org.jspecify.annotations.NullMarked;
