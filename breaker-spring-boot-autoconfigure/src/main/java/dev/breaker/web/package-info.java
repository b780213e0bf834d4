/** Spring MVC support: a rejected call answers 503 with Retry-After and a problem detail. */
@NullMarked
package dev.breaker.web;

import org.jspecify.annotations.NullMarked;
