package dev.breaker.aop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breaker.CallNotPermittedException;
import dev.breaker.annotation.CircuitBreaker;
import dev.breaker.definition.BreakerConfigurationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.autoproxy.DefaultAdvisorAutoProxyCreator;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Mistakes in annotations fail when the proxy is created, naming the method, what is wrong and what to
 * write. {@link AopUtils#canApply} is what auto-proxy creators call for each bean.
 */
class StartupChecksTest {

    private final AopFixture fixture = new AopFixture();

    private BreakerConfigurationException failure(Class<?> beanClass) {
        return assertThatExceptionOfType(BreakerConfigurationException.class)
                .isThrownBy(() -> AopUtils.canApply(fixture.advisor, beanClass)).actual();
    }

    // ---- fallback signatures -------------------------------------------------------------------

    @Test
    void aFallbackWithWrongParameterTypesIsRejectedWithTheSignaturesItAccepts() {
        BreakerConfigurationException ex = failure(WrongParameters.class);

        assertThat(ex.getMessage()).isEqualTo("Fallback method 'queueForLater' of @CircuitBreaker(name = \"payment\")"
                + " on dev.breaker.aop.StartupChecksTest$WrongParameters.pay(Payment payment) cannot serve it. Found:\n"
                + "    - queueForLater(String paymentId) in dev.breaker.aop.StartupChecksTest$WrongParameters:"
                + " its parameter 1 'String paymentId' cannot take the Payment that pay receives");
        assertThat(ex.action())
                .startsWith("Declare the fallback in dev.breaker.aop.StartupChecksTest$WrongParameters"
                        + " (or a superclass, any visibility) with the parameters of pay")
                .contains("\n    public PaymentReceipt queueForLater(Payment payment)\n")
                .contains("\n    public PaymentReceipt queueForLater(Payment payment, Throwable error)\n")
                .endsWith("or point fallbackMethod at an existing method.");
    }

    @Test
    void aFallbackWithAnIncompatibleReturnTypeIsRejected() {
        assertThat(failure(WrongReturnType.class).getMessage()).endsWith(
                "- queueForLater(Payment payment) in dev.breaker.aop.StartupChecksTest$WrongReturnType:"
                        + " it returns String, which pay cannot return (it returns PaymentReceipt)");
    }

    @Test
    void aMissingFallbackIsRejected() {
        BreakerConfigurationException ex = failure(MissingFallback.class);

        assertThat(ex.getMessage()).isEqualTo("Fallback method 'queueForLater' of @CircuitBreaker(name = \"payment\")"
                + " on dev.breaker.aop.StartupChecksTest$MissingFallback.pay(Payment payment) does not exist:"
                + " dev.breaker.aop.StartupChecksTest$MissingFallback and its superclasses declare no method named"
                + " 'queueForLater'.");
        assertThat(ex.action()).contains("public PaymentReceipt queueForLater(Payment payment, Throwable error)");
    }

    @Test
    void aFallbackWithTwoThrowableParametersIsRejected() {
        assertThat(failure(TwoThrowables.class).getMessage()).endsWith(
                "- queueForLater(Payment payment, CallNotPermittedException rejected, Throwable error) in"
                        + " dev.breaker.aop.StartupChecksTest$TwoThrowables: it takes 2 Throwable parameters"
                        + " after those of pay; at most one is allowed");
    }

    @Test
    void everyRejectedOverloadIsListedWithItsReason() {
        String message = failure(SeveralWrongOverloads.class).getMessage();

        assertThat(message)
                .contains("- queueForLater() in dev.breaker.aop.StartupChecksTest$SeveralWrongOverloads: it takes"
                        + " 0 parameters; it must take the 1 parameter of pay first")
                .contains("- queueForLater(Payment payment, String reason) in"
                        + " dev.breaker.aop.StartupChecksTest$SeveralWrongOverloads: its last parameter"
                        + " 'String reason' is not a Throwable");
    }

    @Test
    void aPrimitiveResultNeedsTheSamePrimitiveOrItsBox() {
        assertThat(failure(WideningPrimitive.class).getMessage())
                .endsWith("- fallback(String sku) in dev.breaker.aop.StartupChecksTest$WideningPrimitive:"
                        + " it returns int, which count cannot return (it returns long)");
        assertThat(AopUtils.canApply(fixture.advisor, BoxedPrimitive.class)).isTrue();
    }

    @Test
    void aCompletionStageMethodNeedsAFallbackReturningAStage() {
        assertThat(failure(StageWithPlainFallback.class).getMessage())
                .contains("it returns String, not a CompletionStage (find returns CompletionStage<String>)");
        assertThat(failure(StageWithPlainFallback.class).action())
                .contains("CompletionStage<String> cached(String key)");
    }

    @Test
    void twoFallbacksForTheSameExceptionAreAmbiguous() {
        assertThat(failure(AmbiguousFallbacks.class).getMessage()).contains("is ambiguous")
                .contains("queueForLater(Payment payment)").contains("queueForLater(Object payment)");
    }

    // ---- methods a proxy cannot intercept ------------------------------------------------------

    @Test
    void anAnnotatedPrivateMethodFailsStartup() {
        BreakerConfigurationException ex = failure(PrivateMethod.class);

        assertThat(ex.getMessage()).isEqualTo("@CircuitBreaker(name = \"payment\") on"
                + " dev.breaker.aop.StartupChecksTest$PrivateMethod.pay(Payment payment) can never run: the method"
                + " is private: a proxy cannot see private methods.");
        assertThat(ex.action()).startsWith("Make pay an instance method that is neither private nor final");
    }

    @Test
    void anAnnotatedFinalMethodFailsStartup() {
        assertThat(failure(FinalMethod.class).getMessage()).contains("FinalMethod.pay(Payment payment)")
                .contains("the method is final: a class-based (CGLIB) proxy cannot override final methods");
    }

    @Test
    void anAnnotatedStaticMethodFailsStartup() {
        assertThat(failure(StaticMethod.class).getMessage()).contains("StaticMethod.ping()")
                .contains("the method is static");
    }

    @Test
    void aBadAnnotationFailsEvenWhenAnotherMethodOfTheClassMatchedFirst() {
        // The proxy creator stops at the first matching method; the whole class is checked regardless.
        assertThat(failure(GoodAndPrivate.class).getMessage()).contains("GoodAndPrivate.hidden()");
    }

    @Test
    void aBlankBreakerNameFailsStartup() {
        assertThat(failure(BlankName.class).getMessage()).contains("has a blank name");
    }

    @Test
    void aBadFallbackFailsTheApplicationContextAtStartup() {
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            context.registerBean(DefaultAdvisorAutoProxyCreator.class, StartupChecksTest::classProxyCreator);
            context.registerBean(BreakerAdvisor.class, () -> fixture.advisor);
            context.registerBean(WrongParameters.class);

            assertThatThrownBy(context::refresh).isInstanceOf(BeanCreationException.class)
                    .rootCause().isInstanceOf(BreakerConfigurationException.class)
                    .hasMessageContaining("WrongParameters.pay(Payment payment) cannot serve it");
        }
    }

    @Test
    void aValidBeanIsProxiedAndProtectedInAnApplicationContext() {
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            context.registerBean(DefaultAdvisorAutoProxyCreator.class, StartupChecksTest::classProxyCreator);
            context.registerBean(BreakerAdvisor.class, () -> fixture.advisor);
            context.registerBean(ValidClient.class);
            context.refresh();

            ValidClient client = context.getBean(ValidClient.class);
            assertThat(AopUtils.isCglibProxy(client)).isTrue();
            fixture.breaker("payment").transitionToForcedOpenState();
            assertThat(client.pay(new Payment("p1")).status()).isEqualTo("queued p1");
        }
    }

    private static DefaultAdvisorAutoProxyCreator classProxyCreator() {
        DefaultAdvisorAutoProxyCreator creator = new DefaultAdvisorAutoProxyCreator();
        creator.setProxyTargetClass(true);
        return creator;
    }

    // ---- fixtures ------------------------------------------------------------------------------

    record Payment(String id) {
    }

    record PaymentReceipt(String status) {
    }

    static class WrongParameters {
        @CircuitBreaker(name = "payment", fallbackMethod = "queueForLater")
        public PaymentReceipt pay(Payment payment) {
            return new PaymentReceipt("paid");
        }

        PaymentReceipt queueForLater(String paymentId) {
            return new PaymentReceipt("queued");
        }
    }

    static class WrongReturnType {
        @CircuitBreaker(name = "payment", fallbackMethod = "queueForLater")
        public PaymentReceipt pay(Payment payment) {
            return new PaymentReceipt("paid");
        }

        String queueForLater(Payment payment) {
            return "queued";
        }
    }

    static class MissingFallback {
        @CircuitBreaker(name = "payment", fallbackMethod = "queueForLater")
        public PaymentReceipt pay(Payment payment) {
            return new PaymentReceipt("paid");
        }
    }

    static class TwoThrowables {
        @CircuitBreaker(name = "payment", fallbackMethod = "queueForLater")
        public PaymentReceipt pay(Payment payment) {
            return new PaymentReceipt("paid");
        }

        PaymentReceipt queueForLater(Payment payment, CallNotPermittedException rejected, Throwable error) {
            return new PaymentReceipt("queued");
        }
    }

    static class SeveralWrongOverloads {
        @CircuitBreaker(name = "payment", fallbackMethod = "queueForLater")
        public PaymentReceipt pay(Payment payment) {
            return new PaymentReceipt("paid");
        }

        PaymentReceipt queueForLater() {
            return new PaymentReceipt("queued");
        }

        PaymentReceipt queueForLater(Payment payment, String reason) {
            return new PaymentReceipt("queued");
        }
    }

    static class WideningPrimitive {
        @CircuitBreaker(name = "stock", fallbackMethod = "fallback")
        public long count(String sku) {
            return 1;
        }

        int fallback(String sku) {
            return 0;
        }
    }

    static class BoxedPrimitive {
        @CircuitBreaker(name = "stock", fallbackMethod = "fallback")
        public long count(String sku) {
            return 1;
        }

        Long fallback(String sku, Throwable error) {
            return 0L;
        }
    }

    static class StageWithPlainFallback {
        @CircuitBreaker(name = "search", fallbackMethod = "cached")
        public CompletionStage<String> find(String key) {
            return CompletableFuture.completedFuture(key);
        }

        String cached(String key) {
            return key;
        }
    }

    static class AmbiguousFallbacks {
        @CircuitBreaker(name = "payment", fallbackMethod = "queueForLater")
        public PaymentReceipt pay(Payment payment) {
            return new PaymentReceipt("paid");
        }

        PaymentReceipt queueForLater(Payment payment) {
            return new PaymentReceipt("queued");
        }

        PaymentReceipt queueForLater(Object payment) {
            return new PaymentReceipt("queued");
        }
    }

    static class PrivateMethod {
        @CircuitBreaker(name = "payment")
        private PaymentReceipt pay(Payment payment) {
            return new PaymentReceipt("paid");
        }
    }

    static class FinalMethod {
        @CircuitBreaker(name = "payment")
        public final PaymentReceipt pay(Payment payment) {
            return new PaymentReceipt("paid");
        }
    }

    static class StaticMethod {
        @CircuitBreaker(name = "payment")
        public static String ping() {
            return "pong";
        }
    }

    static class GoodAndPrivate {
        @CircuitBreaker(name = "payment")
        public String visible() {
            return "ok";
        }

        @CircuitBreaker(name = "payment")
        private String hidden() {
            return "never protected";
        }
    }

    static class BlankName {
        @CircuitBreaker(name = " ")
        public String call() {
            return "ok";
        }
    }

    static class ValidClient {
        @CircuitBreaker(name = "payment", fallbackMethod = "queueForLater")
        public PaymentReceipt pay(Payment payment) {
            return new PaymentReceipt("paid " + payment.id());
        }

        PaymentReceipt queueForLater(Payment payment, CallNotPermittedException rejected) {
            return new PaymentReceipt("queued " + payment.id());
        }
    }
}
