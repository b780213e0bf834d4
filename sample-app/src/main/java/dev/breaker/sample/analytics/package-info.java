/**
 * Analytics: the breaker {@code analytics} (tolerant thresholds, {@code affects-health: false}) protects the
 * call to the collector; its fallback drops the event and counts it. Losing analytics must never degrade the
 * application, so this breaker stays out of the health status.
 */
@NullMarked
package dev.breaker.sample.analytics;

import org.jspecify.annotations.NullMarked;
