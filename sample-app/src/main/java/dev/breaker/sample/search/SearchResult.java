package dev.breaker.sample.search;

import dev.breaker.sample.FallbackReason;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The answer to a search. Fresh from the engine; or from the fallback: the last good result for the query,
 * {@code stale}, or when there is none an empty {@code degraded} one. A client can show stale results with a
 * notice, and should not cache degraded ones.
 *
 * @param stale whether the hits are an earlier answer served from the local cache
 * @param degraded whether the hits are empty because the engine could not be asked and nothing was cached
 * @param fetchedAt when the engine produced these hits; {@code null} when degraded
 * @param fallback why the fallback answered, or {@code null} for a fresh answer
 */
public record SearchResult(String query, List<String> hits, boolean stale, boolean degraded,
        @Nullable Instant fetchedAt, @Nullable FallbackReason fallback) {

    static SearchResult fresh(String query, List<String> hits) {
        return new SearchResult(query, List.copyOf(hits), false, false, Instant.now(), null);
    }

    SearchResult asStale(Throwable cause) {
        return new SearchResult(query, hits, true, false, fetchedAt, FallbackReason.of(cause));
    }

    static SearchResult degraded(String query, Throwable cause) {
        return new SearchResult(query, List.of(), false, true, null, FallbackReason.of(cause));
    }
}
