package dev.breaker.sample.search;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code GET /api/search?q=...}: always 200; {@code stale} or {@code degraded} tell a fallback answer apart. */
@RestController
public class SearchController {

    static final int MAX_QUERY_LENGTH = 200;

    private final SearchService search;

    public SearchController(SearchService search) {
        this.search = search;
    }

    @GetMapping("/api/search")
    public SearchResult search(@RequestParam("q") String query) {
        if (query.isBlank() || query.length() > MAX_QUERY_LENGTH) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "q must have 1 to " + MAX_QUERY_LENGTH + " characters");
        }
        return search.search(query);
    }
}
