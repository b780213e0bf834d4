package dev.breaker.aop;

import dev.breaker.definition.GuardRegistry;
import dev.breaker.BreakerRegistry;
import dev.breaker.annotation.CircuitBreaker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.springframework.aop.support.AopUtils;
import org.springframework.util.ClassUtils;

/**
 * Protects a bean and reports what happened. {@link WithoutReactorTest} loads it, with this package, in a
 * class loader that has no Reactor, so it must name no Reactor type.
 */
public class WithoutReactorScenario implements Supplier<String> {

    @Override
    public String get() {
        BreakerRegistry registry = BreakerRegistry.ofDefaults();
        GuardRegistry guards = AopFixture.guards(registry, null);
        BreakerAdvisor advisor = new BreakerAdvisor(() -> guards);
        boolean matched = AopUtils.canApply(advisor, Client.class);
        Client client = AopFixture.proxy(new Client(), advisor);
        registry.breaker("remote").transitionToForcedOpenState();
        return "reactor=" + ClassUtils.isPresent("reactor.core.publisher.Mono", BreakerAdvisor.class.getClassLoader())
                + " matched=" + matched + " sync=" + client.call() + " stage="
                + client.callLater().toCompletableFuture().join();
    }

    static class Client {
        @CircuitBreaker(name = "remote", fallbackMethod = "later")
        public String call() {
            return "remote";
        }

        String later() {
            return "fallback";
        }

        @CircuitBreaker(name = "remote", fallbackMethod = "laterAsync")
        public CompletionStage<String> callLater() {
            return CompletableFuture.completedFuture("remote");
        }

        CompletionStage<String> laterAsync() {
            return CompletableFuture.completedFuture("fallback");
        }
    }
}
