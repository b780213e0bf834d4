/**
 * Changed {@code breaker.*} properties reach the running breakers when Spring Cloud announces them
 * ({@code EnvironmentChangeEvent}: a refresh from a config server, {@code /actuator/refresh}).
 */
@NullMarked
package dev.breaker.cloud.refresh;

import org.jspecify.annotations.NullMarked;
