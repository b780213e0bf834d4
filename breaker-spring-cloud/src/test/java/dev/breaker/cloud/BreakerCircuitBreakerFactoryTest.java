package dev.breaker.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breaker.Breaker;
import dev.breaker.BreakerRegistry;
import dev.breaker.BreakerState;
import dev.breaker.CallNotPermittedException;
import dev.breaker.CallTimeoutException;
import dev.breaker.ManualClock;
import dev.breaker.actuate.CircuitBreakersEndpoint;
import dev.breaker.autoconfigure.BreakerAutoConfiguration;
import dev.breaker.autoconfigure.BreakerEndpointAutoConfiguration;
import dev.breaker.cloud.autoconfigure.BreakerSpringCloudAutoConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.circuitbreaker.CircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.cloud.client.circuitbreaker.NoFallbackAvailableException;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The factories used directly, as an application or a library would: state, rejections, fallbacks, the endpoint. */
class BreakerCircuitBreakerFactoryTest {

    private final ManualClock clock = new ManualClock();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BreakerAutoConfiguration.class,
                    BreakerEndpointAutoConfiguration.class, BreakerSpringCloudAutoConfiguration.class))
            .withBean(ManualClock.class, () -> clock)
            .withPropertyValues("management.endpoints.web.exposure.include=circuitbreakers",
                    "breaker.profiles.payment.sliding-window-size=4", "breaker.profiles.payment.minimum-number-of-calls=4",
                    "breaker.profiles.payment.wait-duration-in-open-state=30s");

    private static Breaker breaker(AssertableApplicationContext context, String name) {
        return context.getBean(BreakerRegistry.class).find(name).orElseThrow();
    }

    private static RuntimeException down() {
        return new IllegalStateException("gateway down");
    }

    @Test
    void providesBothFactoriesAndBacksOffFromAnApplicationsOwn() {
        runner.run(context -> assertThat(context).hasSingleBean(BreakerCircuitBreakerFactory.class)
                .hasSingleBean(BreakerReactiveCircuitBreakerFactory.class));
        runner.withUserConfiguration(OwnFactory.class).run(context -> assertThat(context)
                .doesNotHaveBean(BreakerCircuitBreakerFactory.class).hasSingleBean(CircuitBreakerFactory.class)
                .hasSingleBean(BreakerReactiveCircuitBreakerFactory.class));
    }

    @Test
    void runsThroughTheNamedBreakerOpensRejectsAndFallsBack() {
        runner.run(context -> {
            CircuitBreakerFactory<?, ?> factory = context.getBean(CircuitBreakerFactory.class);
            CircuitBreaker payment = factory.create("payment");
            assertThat(factory.create("payment")).isSameAs(payment);
            assertThat(payment.run(() -> "charged")).isEqualTo("charged");

            AtomicInteger calls = new AtomicInteger();
            List<Throwable> fallbackSaw = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String answer = payment.run(() -> {
                    calls.incrementAndGet();
                    throw down();
                }, failure -> {
                    fallbackSaw.add(failure);
                    return "queued";
                });
                assertThat(answer).isEqualTo("queued");
            }
            // The profile's window of 4 is full: 1 success and 3 failures, 75% >= 50%.
            assertThat(breaker(context, "payment").state()).isEqualTo(BreakerState.OPEN);
            assertThat(fallbackSaw).hasSize(3).allSatisfy(seen -> assertThat(seen).hasMessage("gateway down"));

            String rejected = payment.run(() -> {
                calls.incrementAndGet();
                return "charged";
            }, failure -> failure instanceof CallNotPermittedException ? "rejected" : "other");
            assertThat(rejected).isEqualTo("rejected");
            assertThat(calls).hasValue(3);
            assertThatThrownBy(() -> payment.run(() -> "charged")).isInstanceOf(NoFallbackAvailableException.class)
                    .hasCauseInstanceOf(CallNotPermittedException.class);

            CircuitBreakersEndpoint endpoint = context.getBean(CircuitBreakersEndpoint.class);
            assertThat(endpoint.circuitBreakers().circuitBreakers().get("payment").state()).isEqualTo(BreakerState.OPEN);
            assertThat(endpoint.circuitBreakers().circuitBreakers().get("payment").profile()).isEqualTo("payment");

            clock.advance(Duration.ofSeconds(30));
            for (int i = 0; i < 10; i++) {
                assertThat(payment.run(() -> "charged")).isEqualTo("charged");
            }
            assertThat(breaker(context, "payment").state()).isEqualTo(BreakerState.CLOSED);
        });
    }

    @Test
    void theTimeoutLayerPlaysTimeLimitersPart() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BreakerAutoConfiguration.class,
                        BreakerSpringCloudAutoConfiguration.class))
                .withPropertyValues("breaker.profiles.slow.timeout=50ms")
                .run(context -> {
                    CircuitBreaker slow = context.getBean(CircuitBreakerFactory.class).create("slow");
                    Object answer = slow.run(() -> {
                        try {
                            Thread.sleep(5_000);
                        } catch (InterruptedException interrupted) {
                            Thread.currentThread().interrupt();
                        }
                        return "late";
                    }, failure -> failure);
                    assertThat(answer).isInstanceOf(CallTimeoutException.class);
                    assertThat(breaker(context, "slow").metrics().failedCallsTotal()).isEqualTo(1);
                });
    }

    @Test
    void reactiveRunsOpenRejectWithoutSubscribingAndFallBack() {
        runner.run(context -> {
            ReactiveCircuitBreakerFactory<?, ?> factory = context.getBean(ReactiveCircuitBreakerFactory.class);
            AtomicInteger subscriptions = new AtomicInteger();
            Mono<String> failing = Mono.defer(() -> {
                subscriptions.incrementAndGet();
                return Mono.error(down());
            });
            for (int i = 0; i < 4; i++) {
                StepVerifier.create(factory.create("payment").run(failing, failure -> Mono.just("queued")))
                        .expectNext("queued").verifyComplete();
            }
            assertThat(breaker(context, "payment").state()).isEqualTo(BreakerState.OPEN);
            StepVerifier.create(factory.create("payment").run(failing))
                    .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(NoFallbackAvailableException.class)
                            .hasCauseInstanceOf(CallNotPermittedException.class))
                    .verify(Duration.ofSeconds(5));
            StepVerifier.create(factory.create("payment").run(Flux.just("a", "b"),
                            failure -> Flux.just(failure.getClass().getSimpleName())))
                    .expectNext("CallNotPermittedException").verifyComplete();
            assertThat(subscriptions).hasValue(4);
        });
    }

    @Test
    void oneBreakerWhateverTheEntryPoint() {
        runner.run(context -> {
            context.getBean(ReactiveCircuitBreakerFactory.class).create("payment");
            context.getBean(CircuitBreakerFactory.class).create("payment").run(() -> "x");
            assertThat(context.getBean(BreakerRegistry.class).breakers()).extracting(Breaker::name)
                    .containsOnlyOnce("payment");
            assertThat(breaker(context, "payment").metrics().successfulCallsTotal()).isEqualTo(1);
        });
    }

    @Test
    void customizersConfigureOnTopOfYaml() {
        runner.withUserConfiguration(Customizers.class).run(context -> {
            context.getBean(CircuitBreakerFactory.class).create("payment");
            Breaker payment = breaker(context, "payment"); // breaker.profiles.payment, then the customizers
            assertThat(payment.config().failureRateThreshold()).isEqualTo(10f); // configure(..., "payment")
            assertThat(payment.config().slidingWindowSize()).isEqualTo(4); // YAML kept
            assertThat(payment.config().waitDurationInOpenState()).isEqualTo(Duration.ofSeconds(30));
            Breaker search = context.getBean(BreakerRegistry.class).breaker("search");
            assertThat(search.config().minimumNumberOfCalls()).isEqualTo(7); // configureDefault
            assertThat(payment.config().minimumNumberOfCalls()).isEqualTo(7); // default, then by id
            context.getBean(ReactiveCircuitBreakerFactory.class).create("analytics");
            assertThat(breaker(context, "analytics").config().slowCallRateThreshold()).isEqualTo(80f);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizers {

        @Bean
        Customizer<BreakerCircuitBreakerFactory> defaults() {
            return factory -> factory.configureDefault(
                    id -> new BreakerCloudConfigBuilder(id).settings(b -> b.minimumNumberOfCalls(7)).build());
        }

        @Bean
        Customizer<BreakerCircuitBreakerFactory> payment() {
            return factory -> factory.configure(builder -> builder.settings(b -> b.failureRateThreshold(10)), "payment");
        }

        @Bean
        Customizer<BreakerReactiveCircuitBreakerFactory> analytics() {
            return factory -> factory.configure(builder -> builder.settings(b -> b.slowCallRateThreshold(80)),
                    "analytics");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnFactory {

        @Bean
        CircuitBreakerFactory<?, ?> mine() {
            return new CircuitBreakerFactory<BreakerCloudConfig, BreakerCloudConfigBuilder>() {
                @Override
                public CircuitBreaker create(String id) {
                    throw new UnsupportedOperationException("not used");
                }

                @Override
                protected BreakerCloudConfigBuilder configBuilder(String id) {
                    return new BreakerCloudConfigBuilder(id);
                }

                @Override
                public void configureDefault(java.util.function.Function<String, BreakerCloudConfig> defaults) {
                }
            };
        }
    }
}
