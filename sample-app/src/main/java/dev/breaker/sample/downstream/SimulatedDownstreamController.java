package dev.breaker.sample.downstream;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /downstream/*}: stand-ins for a payment gateway, a search engine, an analytics collector and a stock
 * service, so the sample needs nothing else running. Each answer first goes through {@link Chaos}: it may be
 * late, and it may be a 500. The services reach these over HTTP like any remote API, so timeouts and errors are real.
 */
@RestController
@RequestMapping("/downstream")
public class SimulatedDownstreamController {

    private final Chaos chaos;
    private final PaymentLedger ledger;

    public SimulatedDownstreamController(Chaos chaos, PaymentLedger ledger) {
        this.chaos = chaos;
        this.ledger = ledger;
    }

    /** Deduplicates on {@code orderId} ({@link PaymentLedger}): an order is charged once however often it is sent. */
    @PostMapping("/payment")
    public ResponseEntity<?> charge(@RequestBody ChargeRequest request) throws InterruptedException {
        if (chaos.strike(Downstream.PAYMENT)) {
            return simulatedFailure(Downstream.PAYMENT);
        }
        return ResponseEntity.ok(ledger.charge(request.orderId(), request.amount()));
    }

    @GetMapping("/search")
    public ResponseEntity<?> search(@RequestParam("q") String query) throws InterruptedException {
        if (chaos.strike(Downstream.SEARCH)) {
            return simulatedFailure(Downstream.SEARCH);
        }
        List<String> hits = IntStream.rangeClosed(1, 3).mapToObj(i -> query + " result " + i).toList();
        return ResponseEntity.ok(new Hits(query, hits));
    }

    @PostMapping("/analytics")
    public ResponseEntity<?> collect(@RequestBody Map<String, Object> event) throws InterruptedException {
        if (chaos.strike(Downstream.ANALYTICS)) {
            return simulatedFailure(Downstream.ANALYTICS);
        }
        return ResponseEntity.accepted().build();
    }

    @GetMapping("/inventory/{sku}")
    public ResponseEntity<?> stock(@PathVariable String sku) throws InterruptedException {
        if (chaos.strike(Downstream.INVENTORY)) {
            return simulatedFailure(Downstream.INVENTORY);
        }
        // The same SKU always has the same stock: answers can be compared across calls and runs.
        return ResponseEntity.ok(new Stock(sku, Math.floorMod(sku.hashCode(), 50)));
    }

    private ResponseEntity<ProblemDetail> simulatedFailure(Downstream downstream) {
        return ResponseEntity.internalServerError().body(ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR, "Simulated failure of the " + downstream.id()
                        + " downstream (chaos failureRate " + chaos.settings(downstream).failureRate() + ")"));
    }

    /** What the payment gateway is asked to charge. */
    public record ChargeRequest(String orderId, BigDecimal amount, @Nullable String currency) {
    }

    /** A completed charge. */
    public record Charge(String chargeId, String orderId, BigDecimal amount) {
    }

    /** The units of one SKU in stock. */
    public record Stock(String sku, int available) {
    }

    /** What the search engine found. */
    public record Hits(String query, List<String> hits) {
    }
}
