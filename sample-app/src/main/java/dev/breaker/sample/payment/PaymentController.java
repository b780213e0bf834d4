package dev.breaker.sample.payment;

import java.net.URI;
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
 * {@code POST /api/payments}: 200 {@code "paid"}; 202 {@code "queued"} when the fallback took the payment
 * (accepted, not yet done: it is sent once the breaker closes again); 503 with a problem, {@code "queued":false},
 * when the queue is full too and the payment was not taken at all. {@code GET /api/payments/queued} lists the
 * queue, {@code GET /api/payments/queue} sums it up.
 */
@RestController
@RequestMapping("/api/payments")
public class PaymentController {

    /** The problem of a payment that was neither made nor queued. */
    static final URI NOT_QUEUED = URI.create("urn:problem-type:breaker-sample:payment-not-queued");

    private final PaymentService payments;
    private final PaymentQueue queue;
    private final PaymentQueueDrainer drainer;

    public PaymentController(PaymentService payments, PaymentQueue queue, PaymentQueueDrainer drainer) {
        this.payments = payments;
        this.queue = queue;
        this.drainer = drainer;
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

    @GetMapping("/queue")
    public PaymentQueueStatus queue() {
        return new PaymentQueueStatus(queue.size(), queue.capacity(), drainer.draining(), drainer.drained());
    }

    /** Says plainly that the payment was not taken: a 202 here would promise a payment nobody will make. */
    @ExceptionHandler(PaymentQueueFullException.class)
    ProblemDetail queueFull(PaymentQueueFullException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
        problem.setType(NOT_QUEUED);
        problem.setTitle("Payment not queued");
        problem.setProperty("orderId", ex.orderId());
        problem.setProperty("queued", false);
        problem.setProperty("fallback", ex.fallback());
        problem.setProperty("queueCapacity", ex.capacity());
        return problem;
    }
}
