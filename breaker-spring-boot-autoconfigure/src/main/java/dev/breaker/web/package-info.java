/**
 * Spring MVC support: a rejected call answers 503 with Retry-After and a problem detail; on the
 * {@code circuitbreakers} endpoint, Spring MVC's own errors (405, 415, an unreadable body) are problem details
 * like the endpoint's, and a write's body must be exactly the documented one.
 */
@NullMarked
package dev.breaker.web;

import org.jspecify.annotations.NullMarked;
