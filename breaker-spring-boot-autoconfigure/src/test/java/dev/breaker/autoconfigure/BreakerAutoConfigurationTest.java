package dev.breaker.autoconfigure;

import dev.breaker.definition.BreakerDefinition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.breaker.Breaker;
import dev.breaker.BreakerClock;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerMode;
import dev.breaker.BreakerRegistry;
import dev.breaker.BreakerScheduler;
import dev.breaker.BreakerState;
import dev.breaker.CallNotPermittedException;
import dev.breaker.ManualClock;
import dev.breaker.OpenWait;
import dev.breaker.annotation.CircuitBreaker;
import dev.breaker.aop.BreakerAdvisor;
import dev.breaker.definition.FallbackListeners;
import dev.breaker.definition.GuardRegistry;
import dev.breaker.definition.LayerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

class BreakerAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, BreakerAutoConfiguration.class,
                    BreakerAopAutoConfiguration.class));

    // ---- registry and resolution ------------------------------------------------------------

    @Test
    void resolvesDefaultsThenProfileThenInstance() {
        runner.withPropertyValues(
                "breaker.defaults.minimum-number-of-calls=30",
                "breaker.defaults.wait-duration-in-open-state=5s",
                "breaker.profiles.payment.failure-rate-threshold=10",
                "breaker.profiles.payment.wait-duration-in-open-state=120s",
                "breaker.instances.card-vault.profile=payment",
                "breaker.instances.card-vault.minimum-number-of-calls=5")
                .run(context -> {
                    BreakerRegistry registry = context.getBean(BreakerRegistry.class);
                    Breaker cardVault = registry.find("card-vault").orElseThrow(); // instances exist at startup
                    assertThat(cardVault.config().failureRateThreshold()).isEqualTo(10f);
                    assertThat(cardVault.config().waitDurationInOpenState()).isEqualTo(Duration.ofSeconds(120));
                    assertThat(cardVault.config().minimumNumberOfCalls()).isEqualTo(5);
                    assertThat(cardVault.config().slowCallRateThreshold()).isEqualTo(100f); // built-in default

                    BreakerDefinitions definitions = context.getBean(BreakerDefinitions.class);
                    assertThat(definitions.definition("card-vault").profile()).isEqualTo("payment");
                    BreakerDefinition unknown = definitions.definition("inventory");
                    assertThat(unknown.profile()).isNull();
                    assertThat(unknown.config().minimumNumberOfCalls()).isEqualTo(30);
                    assertThat(unknown.config().waitDurationInOpenState()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(registry.find("inventory")).isEmpty(); // resolving a name creates no breaker
                });
    }

    @Test
    void modeAndSuccessThresholdResolveLikeTheOtherSettings() {
        runner.withPropertyValues("breaker.defaults.mode=observe",
                        "breaker.profiles.payment.success-threshold-in-half-open-state=3",
                        "breaker.instances.card-vault.profile=payment",
                        "breaker.instances.card-vault.mode=ENFORCE")
                .run(context -> {
                    BreakerDefinitions definitions = context.getBean(BreakerDefinitions.class);
                    BreakerConfig payment = definitions.definition("payment").config();
                    assertThat(payment.mode()).isEqualTo(BreakerMode.OBSERVE);
                    assertThat(payment.successThresholdInHalfOpenState()).isEqualTo(3);
                    BreakerConfig cardVault = definitions.definition("card-vault").config();
                    assertThat(cardVault.mode()).isEqualTo(BreakerMode.ENFORCE);
                    assertThat(cardVault.successThresholdInHalfOpenState()).isEqualTo(3);
                    assertThat(definitions.definition("search").config().successThresholdInHalfOpenState()).isZero();
                });
    }

    @Test
    void anAnnotationNameUsesTheProfileOfTheSameNameAndExistsFromStartup() {
        runner.withUserConfiguration(PaymentClientConfig.class)
                .withPropertyValues("breaker.profiles.payment.failure-rate-threshold=10",
                        "breaker.profiles.payment.affects-health=false")
                .run(context -> {
                    Breaker payment = context.getBean(BreakerRegistry.class).find("payment").orElseThrow();
                    assertThat(payment.config().failureRateThreshold()).isEqualTo(10f);
                    BreakerDefinition definition = context.getBean(BreakerDefinitions.class).definition("payment");
                    assertThat(definition.profile()).isEqualTo("payment");
                    assertThat(definition.affectsHealth()).isFalse();
                });
    }

    @Test
    void perEnvironmentFilesOverrideKeyByKey() {
        ApplicationContextRunner withFiles = runner
                .withInitializer(new ConfigDataApplicationContextInitializer())
                .withPropertyValues("spring.config.name=breakertest");
        withFiles.run(context -> {
            BreakerDefinitions definitions = context.getBean(BreakerDefinitions.class);
            assertThat(definitions.definition("payment").config().failureRateThreshold()).isEqualTo(10f);
            assertThat(definitions.definition("payment").config().minimumNumberOfCalls()).isEqualTo(20);
            assertThat(definitions.definition("card-vault").config().minimumNumberOfCalls()).isEqualTo(5);
        });
        withFiles.withPropertyValues("spring.profiles.active=prod").run(context -> {
            BreakerDefinitions definitions = context.getBean(BreakerDefinitions.class);
            BreakerConfig payment = definitions.definition("payment").config();
            assertThat(payment.failureRateThreshold()).isEqualTo(5f); // overridden in -prod
            assertThat(payment.minimumNumberOfCalls()).isEqualTo(50); // overridden in -prod
            assertThat(payment.waitDurationInOpenState()).isEqualTo(Duration.ofSeconds(120)); // kept
            assertThat(payment.slowCallDurationThreshold()).isEqualTo(Duration.ofSeconds(1)); // kept
            assertThat(definitions.definition("card-vault").config().minimumNumberOfCalls()).isEqualTo(5);
            assertThat(definitions.definition("search").config().failureRateThreshold()).isEqualTo(50f);
        });
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnRegistry() {
        BreakerRegistry own = BreakerRegistry.ofDefaults();
        runner.withBean(BreakerRegistry.class, () -> own).withUserConfiguration(PaymentClientConfig.class)
                .run(context -> {
                    assertThat(context.getBean(BreakerRegistry.class)).isSameAs(own);
                    context.getBean(PaymentClient.class).pay("p1");
                    assertThat(own.find("payment")).isPresent(); // the advisor uses the application's registry
                });
    }

    @Test
    void customizersAdjustConfigsAfterProperties() {
        runner.withPropertyValues("breaker.profiles.payment.failure-rate-threshold=10")
                .withBean("everyBreaker", BreakerConfigCustomizer.class,
                        () -> (name, builder) -> builder.minimumNumberOfCalls(7))
                .withBean("paymentOnly", BreakerConfigCustomizer.class,
                        () -> BreakerConfigCustomizer.forBreaker("payment", b -> b.failureRateThreshold(25)))
                .run(context -> {
                    BreakerDefinitions definitions = context.getBean(BreakerDefinitions.class);
                    assertThat(definitions.definition("payment").config().failureRateThreshold()).isEqualTo(25f);
                    assertThat(definitions.definition("payment").config().minimumNumberOfCalls()).isEqualTo(7);
                    assertThat(definitions.definition("search").config().failureRateThreshold()).isEqualTo(50f);
                    assertThat(definitions.definition("search").config().minimumNumberOfCalls()).isEqualTo(7);
                });
    }

    @Test
    void aCustomizerCanDecideTheOpenWait() {
        OpenWait backoff = (reopenCount, cause) -> Duration.ofSeconds(10L << Math.min(reopenCount, 5));
        runner.withBean(ManualClock.class, ManualClock::new)
                .withBean(BreakerConfigCustomizer.class, () -> BreakerConfigCustomizer.forBreaker("payment",
                        b -> b.openWait(backoff)))
                .run(context -> {
                    Breaker payment = context.getBean(BreakerRegistry.class).breaker("payment");
                    assertThat(payment.config().openWait()).isSameAs(backoff);
                    payment.transitionToOpenState();
                    assertThat(payment.retryAfter()).isEqualTo(Duration.ofSeconds(10));
                    assertThat(context.getBean(BreakerRegistry.class).breaker("search").config().openWait()).isNull();
                });
    }

    @Test
    void aClockBeanDrivesEveryBreaker() {
        ManualClock clock = new ManualClock();
        runner.withBean(ManualClock.class, () -> clock)
                .withPropertyValues("breaker.instances.payment.wait-duration-in-open-state=10s")
                .run(context -> {
                    Breaker payment = context.getBean(BreakerRegistry.class).breaker("payment");
                    assertThat(payment.config().clock()).isSameAs(clock);
                    assertThat(payment.config().scheduler()).isSameAs(clock);
                    payment.transitionToForcedOpenState();
                    payment.transitionToClosedState();
                    assertThat(payment.transitions().get(0).at()).isEqualTo(clock.now());
                });
    }

    // ---- conditions ----------------------------------------------------------------------------

    @Test
    void providesTheDefinitionsRegistryGuardsAndTransitionPublisherWithoutTheAdvisor() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(BreakerAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasSingleBean(BreakerDefinitions.class).hasSingleBean(BreakerRegistry.class)
                            .hasSingleBean(GuardRegistry.class).hasSingleBean(BreakerTransitionPublisher.class)
                            .doesNotHaveBean(BreakerAdvisor.class);
                    assertThat(context.getBean(GuardRegistry.class).guard("payment").breaker())
                            .isSameAs(context.getBean(BreakerRegistry.class).find("payment").orElseThrow());
                });
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnDefinitions() {
        BreakerProperties properties = new BreakerProperties();
        properties.getDefaults().setFailureRateThreshold(10f);
        runner.withBean("ownDefinitions", BreakerDefinitions.class, () -> new BreakerDefinitions(properties,
                        List.of(), null, BreakerClock.system(), BreakerScheduler.system()))
                .withPropertyValues("breaker.defaults.failure-rate-threshold=30")
                .run(context -> {
                    assertThat(context.getBeansOfType(BreakerDefinitions.class)).containsOnlyKeys("ownDefinitions");
                    assertThat(context.getBean(BreakerRegistry.class).breaker("payment").config()
                            .failureRateThreshold()).isEqualTo(10f); // the registry resolves through them
                });
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnGuardRegistry() {
        runner.withUserConfiguration(OwnGuardRegistryConfig.class, PaymentClientConfig.class)
                .withPropertyValues("breaker.instances.payment.max-concurrent-calls=5")
                .run(context -> {
                    assertThat(context.getBeansOfType(GuardRegistry.class)).containsOnlyKeys("ownGuards");
                    context.getBean(PaymentClient.class).pay("p1"); // the advisor uses the application's guards
                    assertThat(context.getBean(GuardRegistry.class).find("payment").orElseThrow().hasLayers())
                            .isFalse(); // its layers are none, whatever the properties say
                });
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnTransitionPublisher() {
        runner.withUserConfiguration(OwnTransitionPublisherConfig.class, EventCollectorConfig.class)
                .run(context -> {
                    assertThat(context.getBeansOfType(BreakerTransitionPublisher.class))
                            .containsOnlyKeys("ownTransitionPublisher");
                    context.getBean(BreakerRegistry.class).breaker("payment").transitionToForcedOpenState();
                    assertThat(context.getBean(EventCollector.class).events).hasSize(1); // published once, not twice
                });
    }

    // ---- the annotation ------------------------------------------------------------------------

    @Test
    void protectsAnnotatedBeansWithTheConfiguredOrder() {
        runner.withUserConfiguration(PaymentClientConfig.class)
                .withPropertyValues("breaker.aspect-order=42",
                        "breaker.profiles.payment.minimum-number-of-calls=2",
                        "breaker.profiles.payment.sliding-window-size=2")
                .run(context -> {
                    assertThat(context.getBean(BreakerAdvisor.class).getOrder()).isEqualTo(42);
                    PaymentClient client = context.getBean(PaymentClient.class);
                    assertThat(AopUtils.isAopProxy(client)).isTrue();
                    assertThatThrownBy(client::fail).isInstanceOf(IllegalStateException.class);
                    assertThatThrownBy(client::fail).isInstanceOf(IllegalStateException.class);
                    assertThat(client.pay("p1")).isEqualTo("queued p1"); // open: the fallback answers
                    assertThat(client.calls()).isEqualTo(2);
                });
    }

    @Test
    void disabledLeavesAnnotatedMethodsUnprotected() {
        runner.withUserConfiguration(PaymentClientConfig.class)
                .withPropertyValues("breaker.enabled=false")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(BreakerAdvisor.class);
                    assertThat(context).hasSingleBean(BreakerRegistry.class);
                    PaymentClient client = context.getBean(PaymentClient.class);
                    assertThat(AopUtils.isAopProxy(client)).isFalse();
                    assertThatThrownBy(client::fail).isInstanceOf(IllegalStateException.class);
                });
    }

    @Test
    void worksWithoutReactorOnTheClasspath() {
        runner.withClassLoader(new FilteredClassLoader("reactor.core"))
                .withUserConfiguration(PaymentClientConfig.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(AopUtils.isAopProxy(context.getBean(PaymentClient.class))).isTrue();
                });
    }

    @Test
    void worksWithoutAspectJOnTheClasspath() {
        runner.withClassLoader(new FilteredClassLoader("org.aspectj"))
                .withUserConfiguration(PaymentClientConfig.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(AopUtils.isAopProxy(context.getBean(PaymentClient.class))).isTrue();
                });
    }

    @Test
    void worksWhenBootsAopAutoConfigurationIsOff() {
        runner.withPropertyValues("spring.aop.auto=false")
                .withUserConfiguration(PaymentClientConfig.class)
                .run(context -> assertThat(AopUtils.isAopProxy(context.getBean(PaymentClient.class))).isTrue());
    }

    @Test
    void publishesAndLogsStateChanges() {
        runner.withUserConfiguration(EventCollectorConfig.class)
                .withPropertyValues("breaker.instances.payment.failure-rate-threshold=10")
                .run(context -> {
                    Breaker payment = context.getBean(BreakerRegistry.class).breaker("payment");
                    List<ILoggingEvent> logged = CapturedLog.during("dev.breaker.Breaker",
                            payment::transitionToForcedOpenState);
                    assertThat(logged).singleElement().satisfies(line -> {
                        assertThat(line.getLevel()).isEqualTo(Level.WARN);
                        assertThat(line.getFormattedMessage()).isEqualTo(
                                "Circuit breaker 'payment' CLOSED -> FORCED_OPEN: forced open by an operator");
                    });
                    List<BreakerStateChangedEvent> events = context.getBean(EventCollector.class).events;
                    assertThat(events).singleElement().satisfies(event -> {
                        assertThat(event.getBreakerName()).isEqualTo("payment");
                        assertThat(event.getFrom()).isEqualTo(BreakerState.CLOSED);
                        assertThat(event.getTo()).isEqualTo(BreakerState.FORCED_OPEN);
                        assertThat(event.getReason()).isEqualTo("forced open by an operator");
                        assertThat(event.getBreaker()).isSameAs(payment);
                    });
                });
    }

    @Test
    void anObservingBreakerPublishesWouldOpenInsteadOfAStateChange() {
        runner.withUserConfiguration(EventCollectorConfig.class)
                .withBean(ManualClock.class, ManualClock::new)
                .withPropertyValues("breaker.instances.shadow.mode=observe",
                        "breaker.instances.shadow.minimum-number-of-calls=2",
                        "breaker.instances.shadow.sliding-window-size=2")
                .run(context -> {
                    Breaker shadow = context.getBean(BreakerRegistry.class).breaker("shadow");
                    List<ILoggingEvent> logged = CapturedLog.during("dev.breaker.Breaker", () -> {
                        shadow.onError(Duration.ofMillis(5), new IllegalStateException("down"));
                        shadow.onError(Duration.ofMillis(5), new IllegalStateException("down"));
                    });
                    assertThat(shadow.state()).isEqualTo(BreakerState.CLOSED);
                    assertThat(shadow.metrics().wouldBeState()).isEqualTo(BreakerState.OPEN);
                    EventCollector collector = context.getBean(EventCollector.class);
                    assertThat(collector.events).isEmpty();
                    assertThat(collector.wouldOpen).singleElement().satisfies(event -> {
                        assertThat(event.getBreakerName()).isEqualTo("shadow");
                        assertThat(event.getBreaker()).isSameAs(shadow);
                        assertThat(event.getReason()).startsWith("failure rate 100% >= 50%");
                    });
                    assertThat(logged).singleElement().satisfies(line -> {
                        assertThat(line.getLevel()).isEqualTo(Level.WARN);
                        assertThat(line.getFormattedMessage()).startsWith("Circuit breaker 'shadow' (observe mode,"
                                + " nothing rejected) would go CLOSED -> OPEN: failure rate 100% >= 50%");
                    });
                });
    }

    @Test
    void aThrowingEventListenerLeavesCallsAndTheBreakerUnaffected() {
        runner.withUserConfiguration(ThrowingEventListenerConfig.class)
                .run(context -> {
                    Breaker payment = context.getBean(BreakerRegistry.class).breaker("payment");
                    payment.transitionToForcedOpenState();
                    assertThat(payment.state()).isEqualTo(BreakerState.FORCED_OPEN);
                    assertThatThrownBy(() -> payment.execute(() -> "x")).isInstanceOf(CallNotPermittedException.class);
                });
    }

    // ---- fixtures ------------------------------------------------------------------------------

    @Configuration(proxyBeanMethods = false)
    static class PaymentClientConfig {
        @Bean
        PaymentClient paymentClient() {
            return new PaymentClient();
        }
    }

    /** Public: a filtered class loader defines the CGLIB proxy in another loader, which needs access. */
    public static class PaymentClient {
        private int calls;

        public int calls() {
            return calls;
        }

        @CircuitBreaker(name = "payment", fallbackMethod = "queue")
        public String pay(String id) {
            calls++;
            return "paid " + id;
        }

        @CircuitBreaker(name = "payment")
        public void fail() {
            calls++;
            throw new IllegalStateException("downstream down");
        }

        public String queue(String id, CallNotPermittedException rejected) {
            return "queued " + id;
        }
    }

    static class EventCollector {
        final List<BreakerStateChangedEvent> events = new ArrayList<>();
        final List<BreakerWouldOpenEvent> wouldOpen = new ArrayList<>();

        @EventListener
        void on(BreakerStateChangedEvent event) {
            events.add(event);
        }

        @EventListener
        void on(BreakerWouldOpenEvent event) {
            wouldOpen.add(event);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class EventCollectorConfig {
        @Bean
        EventCollector eventCollector() {
            return new EventCollector();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnGuardRegistryConfig {
        @Bean
        GuardRegistry ownGuards(BreakerRegistry registry) {
            return new GuardRegistry(registry, name -> LayerSettings.NONE, new FallbackListeners(null));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnTransitionPublisherConfig {
        @Bean
        BreakerTransitionPublisher ownTransitionPublisher(BreakerRegistry registry, ApplicationEventPublisher events) {
            return new BreakerTransitionPublisher(registry, events);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ThrowingEventListenerConfig {
        @EventListener
        void on(BreakerStateChangedEvent event) {
            throw new IllegalStateException("listener bug");
        }
    }
}
