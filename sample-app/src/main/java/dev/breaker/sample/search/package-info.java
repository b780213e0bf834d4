/**
 * Search: the breaker {@code search} (balanced thresholds: results can degrade) protects the call to the
 * search engine; its fallback serves the last good result for the same query, marked stale.
 */
@NullMarked
package dev.breaker.sample.search;

import org.jspecify.annotations.NullMarked;
