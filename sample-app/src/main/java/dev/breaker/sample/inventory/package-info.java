/**
 * Inventory: stock levels asked of the inventory service through a plain {@code RestClient}, with no
 * {@code @CircuitBreaker}. Its breaker {@code inventory} comes from {@code breaker.http} in application.yml,
 * which maps the host and path prefix of the calls to it; when it is open, the call fails with
 * {@code CallNotPermittedException} and the caller gets the starter's 503 problem. No fallback: the plain path.
 */
@NullMarked
package dev.breaker.sample.inventory;

import org.jspecify.annotations.NullMarked;
