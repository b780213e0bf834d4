package dev.breaker.sample.payment;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /api/payments}: 200 {@code "paid"}, or 202 {@code "queued"} when the fallback took the payment
 * (accepted, not yet done). {@code GET /api/payments/queued} lists the queue.
 */
@RestController
@RequestMapping("/api/payments")
public class PaymentController {

    private final PaymentService payments;
    private final PaymentQueue queue;

    public PaymentController(PaymentService payments, PaymentQueue queue) {
        this.payments = payments;
        this.queue = queue;
    }

    @PostMapping
    public ResponseEntity<PaymentResult> pay(@RequestBody PaymentRequest request) {
        String problem = request.problem();
        if (problem != null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, problem);
        }
        PaymentResult result = payments.pay(request);
        return ResponseEntity.status(result.queued() ? HttpStatus.ACCEPTED : HttpStatus.OK).body(result);
    }

    @GetMapping("/queued")
    public List<QueuedPayment> queued() {
        return queue.list();
    }

    @ExceptionHandler(PaymentQueueFullException.class)
    ProblemDetail queueFull(PaymentQueueFullException ex) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
    }
}
