package dev.breaker.sample.traffic;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /traffic?service=payment&calls=50}: drives {@code calls} (1 to 1000, default 20) calls to a
 * service and answers how many were served normally, by the fallback after a failure, or rejected by the
 * breaker. It answers when the last call has.
 */
@RestController
public class TrafficController {

    private final TrafficDriver driver;

    public TrafficController(TrafficDriver driver) {
        this.driver = driver;
    }

    @PostMapping("/traffic")
    public TrafficSummary drive(@RequestParam String service, @RequestParam(defaultValue = "20") int calls) {
        try {
            return driver.drive(service, calls);
        } catch (IllegalArgumentException ex) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, ex.getMessage());
        }
    }
}
