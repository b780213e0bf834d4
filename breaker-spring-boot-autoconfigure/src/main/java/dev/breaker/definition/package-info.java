/**
 * What the configuration defines for each breaker name (its config, profile, health role and layers), and the
 * startup error a bad setup gives. Shared by the integrations (AOP, actuator, health, metrics, fleet state);
 * filled from {@code breaker.*} by the auto-configuration, which is the only package that knows the properties.
 */
@NullMarked
package dev.breaker.definition;

import org.jspecify.annotations.NullMarked;
