package dev.breaker.aop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Reactor is optional: the advisor must load and protect synchronous and stage methods without it. */
class WithoutReactorTest {

    @Test
    void protectsMethodsWhenReactorIsNotOnTheClasspath() throws Exception {
        ClassLoader withoutReactor = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                // Hide Reactor, and this package so that it is loaded again by the child below.
                if (name.startsWith("reactor.") || name.startsWith("dev.breaker.aop.")) {
                    throw new ClassNotFoundException(name);
                }
                return super.loadClass(name, resolve);
            }
        };
        URL[] aopClasses = {BreakerAdvisor.class.getProtectionDomain().getCodeSource().getLocation(),
                getClass().getProtectionDomain().getCodeSource().getLocation()};
        try (URLClassLoader loader = new URLClassLoader(aopClasses, withoutReactor)) {
            Class<?> scenario = loader.loadClass(WithoutReactorScenario.class.getName());
            assertThat(scenario.getClassLoader()).isSameAs(loader);

            @SuppressWarnings("unchecked")
            Supplier<String> run = (Supplier<String>) scenario.getDeclaredConstructor().newInstance();

            assertThat(run.get()).isEqualTo("reactor=false matched=true sync=fallback stage=fallback");
        }
    }
}
