/** The {@code circuitBreakers} health contributor and the DEGRADED status it reports. */
@NullMarked
package dev.breaker.health;

import org.jspecify.annotations.NullMarked;
