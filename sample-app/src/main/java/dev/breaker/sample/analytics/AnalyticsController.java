package dev.breaker.sample.analytics;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code POST /api/analytics/events}: always 202, recorded or dropped; the caller has nothing to retry. */
@RestController
public class AnalyticsController {

    private final AnalyticsService analytics;

    public AnalyticsController(AnalyticsService analytics) {
        this.analytics = analytics;
    }

    @PostMapping("/api/analytics/events")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public EventReceipt collect(@RequestBody AnalyticsEvent event) {
        String problem = event.problem();
        if (problem != null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, problem);
        }
        return analytics.send(event);
    }
}
