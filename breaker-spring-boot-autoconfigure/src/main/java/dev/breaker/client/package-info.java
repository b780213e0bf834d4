/**
 * Outbound HTTP clients: a breaker per downstream host (or host and path prefix) for {@code RestClient},
 * {@code RestTemplate} and {@code WebClient}, applied by a request interceptor and an exchange filter.
 */
@NullMarked
package dev.breaker.client;

import org.jspecify.annotations.NullMarked;
