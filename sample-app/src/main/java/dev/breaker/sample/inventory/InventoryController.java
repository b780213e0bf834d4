package dev.breaker.sample.inventory;

import java.util.regex.Pattern;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /api/inventory/{sku}}: 200 with the stock level; 502 when the inventory service failed; 503 with
 * {@code Retry-After} when the breaker {@code inventory} is open, answered by the starter for the
 * {@code CallNotPermittedException} this controller lets through.
 */
@RestController
public class InventoryController {

    private static final Pattern SKU = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final InventoryService inventory;

    public InventoryController(InventoryService inventory) {
        this.inventory = inventory;
    }

    @GetMapping("/api/inventory/{sku}")
    public StockLevel stock(@PathVariable String sku) {
        if (!SKU.matcher(sku).matches()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "sku must have 1 to 64 letters, digits, '-' or '_'");
        }
        return inventory.stock(sku);
    }

    /** The inventory service's error or timeout, said as such rather than as this application's own 500. */
    @ExceptionHandler(RestClientException.class)
    ProblemDetail downstreamFailed(RestClientException failure) {
        String detail = (failure instanceof RestClientResponseException answered)
                ? "The inventory service answered " + answered.getStatusCode().value()
                : "The inventory service did not answer: "
                        + NestedExceptionUtils.getMostSpecificCause(failure).getMessage();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, detail);
        problem.setTitle("Inventory unavailable");
        return problem;
    }
}
