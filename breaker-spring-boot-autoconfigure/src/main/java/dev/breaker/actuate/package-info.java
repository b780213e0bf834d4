/**
 * The {@code circuitbreakers} actuator endpoint: every breaker's state and figures, and operator transitions; its
 * web extension gives the HTTP answers, errors as RFC 9457 problem details.
 */
@NullMarked
package dev.breaker.actuate;

import org.jspecify.annotations.NullMarked;
