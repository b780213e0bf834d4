package dev.breaker.sample.search;

import dev.breaker.annotation.CircuitBreaker;
import dev.breaker.sample.DownstreamClient;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Asks the search engine, behind the breaker {@code search}, and remembers each good answer. When the engine
 * fails or the breaker has stopped calling it, {@link #fromCache} answers from memory: a slightly old result
 * is worth more to a user than an error page.
 */
@Service
public class SearchService {

    private final DownstreamClient downstream;
    private final SearchCache cache;

    public SearchService(DownstreamClient downstream, SearchCache cache) {
        this.downstream = downstream;
        this.cache = cache;
    }

    @CircuitBreaker(name = "search", fallbackMethod = "fromCache")
    public SearchResult search(String query) {
        Hits hits = downstream.rest().get().uri("/search?q={q}", query).retrieve().body(Hits.class);
        if (hits == null || hits.hits() == null) {
            throw new IllegalStateException("The search engine answered without hits");
        }
        SearchResult result = SearchResult.fresh(query, hits.hits());
        cache.put(result);
        return result;
    }

    /** The fallback: never calls the engine, only the local cache. */
    SearchResult fromCache(String query, Throwable cause) {
        return cache.get(query).map(result -> result.asStale(cause))
                .orElseGet(() -> SearchResult.degraded(query, cause));
    }

    /** The part of the engine's answer this service needs. */
    record Hits(@Nullable List<String> hits) {
    }
}
