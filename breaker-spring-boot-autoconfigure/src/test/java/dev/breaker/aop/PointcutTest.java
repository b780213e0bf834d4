package dev.breaker.aop;

import dev.breaker.FallbackListener;
import dev.breaker.definition.GuardRegistry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerListener;
import dev.breaker.BreakerRegistry;
import dev.breaker.CallNotPermittedException;
import dev.breaker.annotation.CircuitBreaker;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.aop.MethodMatcher;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;

/** Which methods the advisor protects, and how little it looks up to do so. */
class PointcutTest {

    private final AopFixture fixture = new AopFixture();

    // ---- what is protected ---------------------------------------------------------------------

    @Test
    void aClassAnnotationProtectsItsPublicMethods() {
        CatalogClient client = fixture.proxy(new CatalogClient());
        fixture.breaker("catalog").transitionToForcedOpenState();

        assertThatThrownBy(() -> client.list()).isInstanceOf(CallNotPermittedException.class);
    }

    @Test
    void aClassAnnotationLeavesNonPublicAndObjectMethodsAlone() throws Exception {
        CatalogClient client = fixture.proxy(new CatalogClient());
        fixture.breaker("catalog").transitionToForcedOpenState();

        assertThat(client.internal()).isEqualTo("internal");
        assertThat(client.toString()).isEqualTo("CatalogClient");
        MethodMatcher matcher = fixture.advisor.getPointcut().getMethodMatcher();
        assertThat(matcher.matches(Object.class.getMethod("getClass"), CatalogClient.class)).isFalse();
        assertThat(matcher.matches(CatalogClient.class.getMethod("toString"), CatalogClient.class)).isFalse();
        assertThat(matcher.matches(CatalogClient.class.getDeclaredMethod("internal"), CatalogClient.class)).isFalse();
        assertThat(matcher.matches(CatalogClient.class.getMethod("list"), CatalogClient.class)).isTrue();
    }

    @Test
    void aMethodAnnotationOverridesTheClassAnnotation() {
        CatalogClient client = fixture.proxy(new CatalogClient());

        fixture.breaker("catalog").transitionToForcedOpenState();
        assertThat(client.search("lamp")).isEqualTo("found lamp");

        fixture.breaker("search").transitionToForcedOpenState();
        assertThatThrownBy(() -> client.search("lamp")).isInstanceOf(CallNotPermittedException.class)
                .hasMessageContaining("'search'");
    }

    @Test
    void anUnannotatedClassIsNotProxied() {
        assertThat(AopUtils.canApply(fixture.advisor, Unannotated.class)).isFalse();
        assertThat(AopUtils.canApply(fixture.advisor, String.class)).isFalse();
    }

    @Test
    void anInterfaceBasedProxyFindsTheAnnotationOnTheImplementation() {
        ProxyFactory factory = new ProxyFactory(new DefaultGreeter());
        factory.addInterface(Greeter.class);
        factory.addAdvisor(fixture.advisor);
        Greeter greeter = (Greeter) factory.getProxy();
        fixture.breaker("greeter").transitionToForcedOpenState();

        assertThat(AopUtils.isJdkDynamicProxy(greeter)).isTrue();
        assertThat(greeter.greet("ada")).isEqualTo("sorry, ada");
    }

    @Test
    void anAnnotationOnAnInterfaceMethodIsFoundOnTheImplementation() {
        Pinger pinger = fixture.proxy(new DefaultPinger());
        fixture.breaker("pinger").transitionToForcedOpenState();

        assertThatThrownBy(pinger::ping).isInstanceOf(CallNotPermittedException.class);
    }

    // ---- discovery and lazy lookups ------------------------------------------------------------

    @Test
    void matchingRecordsTheBreakerNamesOfTheAnnotations() {
        AopUtils.canApply(fixture.advisor, CatalogClient.class);
        AopUtils.canApply(fixture.advisor, DefaultGreeter.class);

        assertThat(fixture.advisor.discoveredBreakerNames()).containsExactly("catalog", "greeter", "search");
        assertThat(fixture.registry.breakers()).isEmpty(); // discovery names them; it does not create them
    }

    @Test
    void neitherTheRegistryNorTheListenersAreResolvedBeforeTheyAreNeeded() {
        AtomicInteger registryLookups = new AtomicInteger();
        AtomicInteger listenerLookups = new AtomicInteger();
        ObjectProvider<FallbackListener> listeners = new ObjectProvider<>() {
            @Override
            public Stream<FallbackListener> orderedStream() {
                listenerLookups.incrementAndGet();
                return Stream.empty();
            }
        };
        GuardRegistry guards = AopFixture.guards(fixture.registry, listeners);
        BreakerAdvisor advisor = new BreakerAdvisor(() -> {
            registryLookups.incrementAndGet();
            return guards;
        });

        assertThat(AopUtils.canApply(advisor, DefaultGreeter.class)).isTrue();
        DefaultGreeter greeter = AopFixture.proxy(new DefaultGreeter(), advisor);
        assertThat(registryLookups).hasValue(0);
        assertThat(listenerLookups).hasValue(0);

        greeter.greet("ada");
        assertThat(registryLookups).hasValue(1);
        assertThat(listenerLookups).hasValue(0);

        fixture.breaker("greeter").transitionToForcedOpenState();
        greeter.greet("ada");
        greeter.greet("bob");
        assertThat(registryLookups).hasValue(1);
        assertThat(listenerLookups).hasValue(1);
    }

    @Test
    void theBreakerIsLookedUpOnceWhateverTheNumberOfCallsAndMethods() {
        CountingRegistry registry = new CountingRegistry(fixture.registry);
        GuardRegistry guards = AopFixture.guards(registry, null);
        BreakerAdvisor advisor = new BreakerAdvisor(() -> guards);
        CatalogClient client = AopFixture.proxy(new CatalogClient(), advisor);

        for (int i = 0; i < 10; i++) {
            client.list();
            client.count();
        }

        assertThat(registry.lookups).hasValue(1);
        assertThat(fixture.breaker("catalog").metrics().successfulCallsTotal()).isEqualTo(20);
    }

    @Test
    void theSameMethodIsProtectedInEveryProxyOfTheClass() throws Exception {
        CatalogClient first = fixture.proxy(new CatalogClient());
        CatalogClient second = fixture.proxy(new CatalogClient());
        first.list();
        second.list();

        assertThat(fixture.breaker("catalog").metrics().successfulCallsTotal()).isEqualTo(2);
        Method list = CatalogClient.class.getMethod("list");
        assertThat(fixture.advisor.getPointcut().getMethodMatcher().matches(list, CatalogClient.class)).isTrue();
    }

    // ---- fixtures ------------------------------------------------------------------------------

    @CircuitBreaker(name = "catalog")
    static class CatalogClient {
        public String list() {
            return "all";
        }

        public int count() {
            return 3;
        }

        @CircuitBreaker(name = "search")
        public String search(String term) {
            return "found " + term;
        }

        String internal() {
            return "internal";
        }

        @Override
        public String toString() {
            return "CatalogClient";
        }
    }

    static class Unannotated {
        public String call() {
            return "plain";
        }
    }

    interface Greeter {
        String greet(String name);
    }

    static class DefaultGreeter implements Greeter {
        @Override
        @CircuitBreaker(name = "greeter", fallbackMethod = "apologise")
        public String greet(String name) {
            return "hello, " + name;
        }

        String apologise(String name) {
            return "sorry, " + name;
        }
    }

    interface Pinger {
        @CircuitBreaker(name = "pinger")
        String ping();
    }

    static class DefaultPinger implements Pinger {
        @Override
        public String ping() {
            return "pong";
        }
    }

    /** Counts {@code breaker(name)} lookups. */
    static final class CountingRegistry implements BreakerRegistry {
        final AtomicInteger lookups = new AtomicInteger();
        private final BreakerRegistry delegate;

        CountingRegistry(BreakerRegistry delegate) {
            this.delegate = delegate;
        }

        @Override
        public Breaker breaker(String name) {
            lookups.incrementAndGet();
            return delegate.breaker(name);
        }

        @Override
        public Breaker breaker(String name, BreakerConfig config) {
            lookups.incrementAndGet();
            return delegate.breaker(name, config);
        }

        @Override
        public Optional<Breaker> find(String name) {
            return delegate.find(name);
        }

        @Override
        public Collection<Breaker> breakers() {
            return delegate.breakers();
        }

        @Override
        public BreakerConfig configFor(String name) {
            return delegate.configFor(name);
        }

        @Override
        public Optional<Breaker> remove(String name) {
            return delegate.remove(name);
        }

        @Override
        public void addBreakerListener(BreakerListener listener) {
            delegate.addBreakerListener(listener);
        }

        @Override
        public void addRegistryListener(RegistryListener listener) {
            delegate.addRegistryListener(listener);
        }
    }
}
