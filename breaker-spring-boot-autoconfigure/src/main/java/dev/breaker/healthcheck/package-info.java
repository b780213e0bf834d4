/**
 * Health-check-driven opening: a breaker whose dependency a health check finds down opens before calls fail,
 * and holds its trial calls while the check stays unhealthy. Checks run on a scheduler and an executor of their
 * own, never on a calling thread. Filled from {@code breaker.*.health-check} by the auto-configuration.
 */
@NullMarked
package dev.breaker.healthcheck;

import org.jspecify.annotations.NullMarked;
