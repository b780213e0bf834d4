package dev.breaker.sample.search;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The last good result of the most recent queries, for the fallback to serve while the engine is cut off.
 * Bounded (least recently used out), so that a stream of distinct queries cannot fill the heap.
 */
@Component
public class SearchCache {

    static final int CAPACITY = 1_000;

    private final Map<String, SearchResult> results = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SearchResult> eldest) {
            return size() > CAPACITY;
        }
    };

    synchronized void put(SearchResult result) {
        results.put(result.query(), result);
    }

    synchronized Optional<SearchResult> get(String query) {
        return Optional.ofNullable(results.get(query));
    }
}
