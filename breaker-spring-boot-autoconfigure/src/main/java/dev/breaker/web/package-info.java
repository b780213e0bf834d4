/**
 * Spring MVC support: a rejected call answers 503 with Retry-After and a problem detail; on the
 * {@code circuitbreakers} endpoint, Spring MVC's own errors (405, 415, an unreadable body) are problem details
 * like the endpoint's, a write's body must be exactly the documented one, and on Tomcat the paths it refuses
 * before any servlet code runs (an encoded slash, {@code %00}) answer a problem detail too.
 */
@NullMarked
package dev.breaker.web;

import org.jspecify.annotations.NullMarked;
