/** Micrometer meters for every breaker, bound through the core's listener SPI. */
@NullMarked
package dev.breaker.metrics;

import org.jspecify.annotations.NullMarked;
