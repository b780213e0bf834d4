/**
 * Spring Boot auto-configuration for Breaker: the {@code breaker.*} properties, the registry built from
 * them, and one {@code @AutoConfiguration} per concern.
 */
@NullMarked
package dev.breaker.autoconfigure;

import org.jspecify.annotations.NullMarked;
