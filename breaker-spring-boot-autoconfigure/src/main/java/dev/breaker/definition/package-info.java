/**
 * What the configuration defines for each breaker name (its config, profile, health role, layers, experiments and
 * recording), the startup error a bad setup gives, and what runs beside the breakers because of it: their guards,
 * their shadow experiments and recordings ({@link dev.breaker.definition.BreakerTuning}), and changes of their
 * settings at runtime ({@link dev.breaker.definition.RuntimeSettings}). Shared by the integrations (AOP, actuator,
 * health, metrics, fleet state); filled from {@code breaker.*} by the auto-configuration, which is the only package
 * that knows the properties.
 */
@NullMarked
package dev.breaker.definition;

import org.jspecify.annotations.NullMarked;
