package dev.breaker.aop;

import dev.breaker.FallbackListener;
import dev.breaker.definition.GuardRegistry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.breaker.CallNotPermittedException;
import dev.breaker.annotation.CircuitBreaker;
import dev.breaker.aop.AopFixture.FallbackEvent;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

/** Which fallback answers which failure of a synchronous method, and what the caller and listeners see. */
class FallbackRulesTest {

    private final AopFixture fixture = new AopFixture();

    // ---- choosing among overloads --------------------------------------------------------------

    @Test
    void theOverloadWithTheClosestExceptionSupertypeWins() throws Exception {
        PaymentClient target = new PaymentClient();
        PaymentClient client = fixture.proxy(target);

        target.failWith(new FileNotFoundException("no such file"));
        assertThat(client.pay("p1")).isEqualTo("file p1");
        target.failWith(new SocketException("reset")); // an IOException, not a FileNotFoundException
        assertThat(client.pay("p2")).isEqualTo("io p2");
        target.failWith(new IllegalStateException("boom"));
        assertThat(client.pay("p3")).isEqualTo("exception p3");
    }

    @Test
    void aRejectedCallGoesToTheOverloadTakingCallNotPermittedException() throws Exception {
        PaymentClient target = new PaymentClient();
        PaymentClient client = fixture.proxy(target);
        fixture.breaker("payment").transitionToForcedOpenState();

        assertThat(client.pay("p1")).isEqualTo("rejected p1");
        assertThat(target.calls).hasValue(0);
        assertThat(fixture.fallbacks).singleElement().satisfies(event -> {
            assertThat(event.cause()).isInstanceOf(CallNotPermittedException.class);
            assertThat(event.succeeded()).isTrue();
        });
    }

    @Test
    void theFormWithoutAnExceptionParameterTakesWhatNoTypedOverloadAccepts() throws Exception {
        InventoryClient target = new InventoryClient();
        InventoryClient client = fixture.proxy(target);

        target.failWith(new IOException("timeout"));
        assertThat(client.stock("sku-1")).isEqualTo(-2);
        target.failWith(new IllegalStateException("boom"));
        assertThat(client.stock("sku-1")).isEqualTo(-1);
        fixture.breaker("inventory").transitionToForcedOpenState();
        assertThat(client.stock("sku-1")).isEqualTo(-1);
    }

    @Test
    void anExceptionNoOverloadAcceptsPropagatesUnchanged() {
        IoOnlyClient target = new IoOnlyClient();
        IoOnlyClient client = fixture.proxy(target);
        IllegalStateException boom = new IllegalStateException("boom");
        target.failure = boom;

        assertThat(catchThrowable(() -> client.load("a"))).isSameAs(boom);
        assertThat(boom.getSuppressed()).isEmpty();
        assertThat(fixture.fallbacks).isEmpty();
    }

    @Test
    void aRejectionNoOverloadAcceptsPropagatesAsCallNotPermittedException() {
        IoOnlyClient client = fixture.proxy(new IoOnlyClient());
        fixture.open("io");

        assertThatThrownBy(() -> client.load("a")).isInstanceOf(CallNotPermittedException.class);
        assertThat(fixture.fallbacks).isEmpty();
    }

    @Test
    void theFallbackReceivesTheArgumentsAndTheCause() throws Exception {
        InventoryClient target = new InventoryClient();
        InventoryClient client = fixture.proxy(target);
        IOException timeout = new IOException("timeout");
        target.failWith(timeout);

        client.stock("sku-9");

        assertThat(target.lastFallbackSku).isEqualTo("sku-9");
        assertThat(target.lastFallbackError).isSameAs(timeout);
        assertThat(fixture.fallbacks).containsExactly(new FallbackEvent("inventory", timeout, true));
    }

    @Test
    void aPrivateFallbackInASuperclassIsFound() {
        SubClient client = fixture.proxy(new SubClient());

        assertThat(client.greet("ada")).isEqualTo("hello from the base, ada");
    }

    @Test
    void aVoidMethodFallsBackToAVoidMethod() {
        AuditClient target = new AuditClient();
        AuditClient client = fixture.proxy(target);

        client.record("login");

        assertThat(target.deferred).containsExactly("login");
    }

    // ---- what never reaches a fallback ---------------------------------------------------------

    @Test
    void ignoredExceptionsPropagateWithoutFallback() {
        AopFixture ignoring = new AopFixture(config -> config.ignoreExceptions(IllegalArgumentException.class));
        PaymentClient target = new PaymentClient();
        PaymentClient client = ignoring.proxy(target);
        IllegalArgumentException invalid = new IllegalArgumentException("bad id");
        target.failWith(invalid);

        assertThat(catchThrowable(() -> client.pay("p1"))).isSameAs(invalid);
        assertThat(ignoring.fallbacks).isEmpty();
        assertThat(ignoring.breaker("payment").metrics().ignoredCallsTotal()).isEqualTo(1);
    }

    @Test
    void exceptionsOutsideTheRecordedOnesCountAsSuccessAndPropagateWithoutFallback() throws Exception {
        AopFixture recordingIo = new AopFixture(config -> config.recordExceptions(IOException.class));
        PaymentClient target = new PaymentClient();
        PaymentClient client = recordingIo.proxy(target);
        IllegalStateException business = new IllegalStateException("card declined");
        target.failWith(business);

        assertThat(catchThrowable(() -> client.pay("p1"))).isSameAs(business);
        assertThat(recordingIo.breaker("payment").metrics().successfulCallsTotal()).isEqualTo(1);
        assertThat(recordingIo.fallbacks).isEmpty();

        target.failWith(new IOException("timeout"));
        assertThat(client.pay("p2")).isEqualTo("io p2");
    }

    // ---- without a fallback --------------------------------------------------------------------

    @Test
    void withoutAFallbackTheOriginalExceptionPropagatesAsTheSameInstance() {
        PlainClient target = new PlainClient();
        PlainClient client = fixture.proxy(target);
        IOException timeout = new IOException("timeout");
        target.failure = timeout;

        assertThat(catchThrowable(() -> client.fetch())).isSameAs(timeout);
        assertThat(fixture.breaker("plain").metrics().failedCallsTotal()).isEqualTo(1);
    }

    @Test
    void withoutAFallbackARejectedCallThrowsCallNotPermittedExceptionWithoutRunning() {
        PlainClient target = new PlainClient();
        PlainClient client = fixture.proxy(target);
        fixture.open("plain");

        assertThatThrownBy(client::fetch).isInstanceOf(CallNotPermittedException.class)
                .hasMessageStartingWith("Circuit breaker 'plain' is OPEN");
        assertThat(target.calls).hasValue(0);
    }

    @Test
    void aPermittedCallReturnsItsResultAndIsRecorded() throws IOException {
        PlainClient client = fixture.proxy(new PlainClient());

        assertThat(client.fetch()).isEqualTo("fresh");
        assertThat(fixture.breaker("plain").metrics().successfulCallsTotal()).isEqualTo(1);
    }

    // ---- a failing fallback and failing listeners ----------------------------------------------

    @Test
    void aThrowingFallbackPropagatesItsExceptionWithTheOriginalSuppressed() {
        QueueClient target = new QueueClient();
        QueueClient client = fixture.proxy(target);
        IllegalStateException boom = new IllegalStateException("downstream down");
        target.failure = boom;

        Throwable thrown = catchThrowable(() -> client.send("m1"));

        assertThat(thrown).isSameAs(target.queueFull);
        assertThat(thrown.getSuppressed()).containsExactly(boom);
        assertThat(fixture.fallbacks).containsExactly(new FallbackEvent("queue", boom, false));
    }

    @Test
    void aFallbackRethrowingTheCauseDoesNotSuppressItself() {
        RethrowingClient target = new RethrowingClient();
        RethrowingClient client = fixture.proxy(target);

        Throwable thrown = catchThrowable(() -> client.call());

        assertThat(thrown).isSameAs(target.failure);
        assertThat(thrown.getSuppressed()).isEmpty();
        assertThat(fixture.fallbacks).singleElement().extracting(FallbackEvent::succeeded).isEqualTo(false);
    }

    @Test
    void aThrowingListenerDoesNotChangeTheCallersResult() throws Exception {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerSingleton("broken", (FallbackListener) (breaker, cause, succeeded) -> {
            throw new IllegalStateException("metrics down");
        });
        GuardRegistry guards = AopFixture.guards(fixture.registry, beans.getBeanProvider(FallbackListener.class));
        BreakerAdvisor advisor = new BreakerAdvisor(() -> guards);
        InventoryClient target = new InventoryClient();
        InventoryClient client = AopFixture.proxy(target, advisor);
        target.failWith(new IllegalStateException("boom"));

        assertThat(client.stock("sku-1")).isEqualTo(-1);
    }

    // ---- fixtures ------------------------------------------------------------------------------

    static class PaymentClient {
        final AtomicInteger calls = new AtomicInteger();
        private @Nullable Exception failure;

        void failWith(Exception failure) {
            this.failure = failure;
        }

        @CircuitBreaker(name = "payment", fallbackMethod = "queue")
        public String pay(String id) throws Exception {
            calls.incrementAndGet();
            if (failure != null) {
                throw failure;
            }
            return "paid " + id;
        }

        String queue(String id, FileNotFoundException error) {
            return "file " + id;
        }

        String queue(String id, IOException error) {
            return "io " + id;
        }

        String queue(String id, Exception error) {
            return "exception " + id;
        }

        String queue(String id, CallNotPermittedException rejected) {
            return "rejected " + id;
        }
    }

    static class InventoryClient {
        private @Nullable Exception failure;
        @Nullable String lastFallbackSku;
        @Nullable Throwable lastFallbackError;

        void failWith(Exception failure) {
            this.failure = failure;
        }

        @CircuitBreaker(name = "inventory", fallbackMethod = "cachedStock")
        public int stock(String sku) throws Exception {
            if (failure != null) {
                throw failure;
            }
            return 7;
        }

        private Integer cachedStock(String sku) {
            return -1;
        }

        private int cachedStock(String sku, IOException error) {
            lastFallbackSku = sku;
            lastFallbackError = error;
            return -2;
        }
    }

    static class IoOnlyClient {
        @Nullable RuntimeException failure;

        @CircuitBreaker(name = "io", fallbackMethod = "fromDisk")
        public String load(String key) {
            if (failure != null) {
                throw failure;
            }
            return "loaded " + key;
        }

        String fromDisk(String key, IOException error) {
            return "disk " + key;
        }
    }

    static class BaseClient {
        private String politely(String name) {
            return "hello from the base, " + name;
        }
    }

    static class SubClient extends BaseClient {
        @CircuitBreaker(name = "greeter", fallbackMethod = "politely")
        public String greet(String name) {
            throw new IllegalStateException("greeter down");
        }
    }

    static class AuditClient {
        final List<String> deferred = new ArrayList<>();

        @CircuitBreaker(name = "audit", fallbackMethod = "defer")
        public void record(String event) {
            throw new IllegalStateException("audit log down");
        }

        void defer(String event, Throwable error) {
            deferred.add(event);
        }
    }

    static class PlainClient {
        final AtomicInteger calls = new AtomicInteger();
        @Nullable IOException failure;

        @CircuitBreaker(name = "plain")
        public String fetch() throws IOException {
            calls.incrementAndGet();
            if (failure != null) {
                throw failure;
            }
            return "fresh";
        }
    }

    static class QueueClient {
        @Nullable RuntimeException failure;
        final IllegalStateException queueFull = new IllegalStateException("queue full");

        @CircuitBreaker(name = "queue", fallbackMethod = "park")
        public String send(String message) {
            if (failure != null) {
                throw failure;
            }
            return "sent";
        }

        String park(String message) {
            throw queueFull;
        }
    }

    static class RethrowingClient {
        final IllegalStateException failure = new IllegalStateException("down");

        @CircuitBreaker(name = "rethrow", fallbackMethod = "rethrow")
        public String call() {
            throw failure;
        }

        String rethrow(RuntimeException error) {
            throw error;
        }
    }
}
