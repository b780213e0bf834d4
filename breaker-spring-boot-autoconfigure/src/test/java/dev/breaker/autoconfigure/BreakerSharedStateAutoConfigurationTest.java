package dev.breaker.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.Breaker;
import dev.breaker.FleetSync;
import dev.breaker.FleetTransition;
import dev.breaker.ProbeGate;
import dev.breaker.shared.RedisFleetSync;
import dev.breaker.shared.SharedStateSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The fleet-wide store comes from the application's Redis connection. No breaker here is created shared, so
 * Boot's Lettuce connection factory is never asked to connect and no Redis server is needed.
 */
class BreakerSharedStateAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
                    BreakerSharedStateAutoConfiguration.class, BreakerAutoConfiguration.class))
            .withPropertyValues("breaker.profiles.payment.shared=true");

    @Test
    void sharesBreakersMarkedSharedThroughTheApplicationsRedis() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(LettuceConnectionFactory.class).hasSingleBean(RedisFleetSync.class);
            BreakerDefinitions definitions = context.getBean(BreakerDefinitions.class);
            assertThat(definitions.definition("payment").config().fleetSync())
                    .containsSame(context.getBean(RedisFleetSync.class));
            assertThat(definitions.definition("search").config().fleetSync()).isEmpty();
        });
    }

    @Test
    void mapsBreakerSharedOntoTheStoresSettings() {
        runner.withPropertyValues("spring.application.name=shop", "breaker.shared.key-prefix=cb",
                "breaker.shared.instance-id=shop-1", "breaker.shared.timeout=300ms",
                "breaker.shared.reconcile-interval=2s", "breaker.shared.probe-lease-time=20s").run(context -> {
                    SharedStateSettings settings = context.getBean(RedisFleetSync.class).settings();
                    assertThat(settings.keyPrefix()).isEqualTo("cb");
                    assertThat(settings.namespace()).isEqualTo("shop"); // from spring.application.name
                    assertThat(settings.instanceId()).isEqualTo("shop-1");
                    assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(300));
                    assertThat(settings.reconcileInterval()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(settings.probeLeaseTime()).isEqualTo(Duration.ofSeconds(20));
                });
        runner.withPropertyValues("spring.application.name=shop", "breaker.shared.namespace=orders").run(context ->
                assertThat(context.getBean(RedisFleetSync.class).settings().namespace()).isEqualTo("orders"));
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnFleetSync() {
        FleetSync own = new LocalOnly();
        runner.withBean(FleetSync.class, () -> own).run(context -> {
            assertThat(context).doesNotHaveBean(RedisFleetSync.class);
            assertThat(context.getBean(BreakerDefinitions.class).definition("payment").config().fleetSync())
                    .containsSame(own);
        });
    }

    @Test
    void isAbsentWithoutARedisConnection() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BreakerSharedStateAutoConfiguration.class,
                        BreakerAutoConfiguration.class))
                .run(context -> assertThat(context).hasSingleBean(BreakerDefinitions.class)
                        .doesNotHaveBean(FleetSync.class));
    }

    @Test
    void disappearsWithoutSpringDataRedis() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BreakerSharedStateAutoConfiguration.class,
                        BreakerAutoConfiguration.class))
                .withBean(LettuceConnectionFactory.class, LettuceConnectionFactory::new)
                .withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
                .run(context -> {
                    assertThat(context).hasSingleBean(BreakerDefinitions.class).doesNotHaveBean(FleetSync.class);
                    // the class condition decides, before the bean condition on the same (missing) library
                    assertThat(ConditionEvaluationReport.get(context.getBeanFactory()).getConditionAndOutcomesBySource()
                            .get(BreakerSharedStateAutoConfiguration.class.getName())).anySatisfy(condition ->
                                    assertThat(condition.getOutcome().getMessage()).contains("@ConditionalOnClass did "
                                            + "not find required class 'org.springframework.data.redis.core."
                                            + "ReactiveStringRedisTemplate'"));
                });
    }

    @Test
    void disappearsWithoutReactor() {
        runner.withPropertyValues("breaker.profiles.payment.shared=false")
                .withClassLoader(new FilteredClassLoader("reactor.core"))
                .run(context -> assertThat(context).hasSingleBean(LettuceConnectionFactory.class)
                        .doesNotHaveBean(FleetSync.class));
    }

    static class LocalOnly implements FleetSync {
        @Override
        public void publish(Breaker breaker, FleetTransition transition) {
        }

        @Override
        public ProbeGate probeGate(Breaker breaker) {
            return ProbeGate.LOCAL;
        }
    }
}
