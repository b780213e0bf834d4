/**
 * The live dashboard page: one HTML page with its script and style sheet from the jar, and a small JSON that
 * tells it where the {@code circuitbreakers} endpoint is and whether it may write. Served by Spring MVC on the
 * management side.
 */
@NullMarked
package dev.breaker.dashboard;

import org.jspecify.annotations.NullMarked;
