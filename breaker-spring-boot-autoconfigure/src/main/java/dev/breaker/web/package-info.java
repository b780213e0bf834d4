/**
 * Spring MVC support: a rejected call answers 503 with Retry-After and a problem detail, and Spring MVC's own
 * errors on the {@code circuitbreakers} endpoint (405, 415, an unreadable body) are problem details like the
 * endpoint's.
 */
@NullMarked
package dev.breaker.web;

import org.jspecify.annotations.NullMarked;
