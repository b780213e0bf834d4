package dev.breaker.cloud.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.Breaker;
import dev.breaker.BreakerRegistry;
import dev.breaker.ManualClock;
import dev.breaker.SettingsChange;
import dev.breaker.autoconfigure.BreakerAutoConfiguration;
import dev.breaker.cloud.autoconfigure.BreakerRefreshAutoConfiguration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.core.env.MapPropertySource;

/** Spring Cloud's announcement that breaker.* properties changed reaches the running breakers. */
class BreakerEnvironmentChangeListenerTest {

    private static final String THRESHOLD = "breaker.instances.payment.failure-rate-threshold";

    /** What a config server would change under the running application. */
    private final Map<String, Object> properties = new LinkedHashMap<>(Map.of(THRESHOLD, "50"));

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BreakerAutoConfiguration.class,
                    BreakerRefreshAutoConfiguration.class))
            .withBean(ManualClock.class, ManualClock::new)
            .withInitializer(context -> context.getEnvironment().getPropertySources()
                    .addFirst(new MapPropertySource("config-server", properties)));

    @Test
    void changedBreakerPropertiesReconfigureTheBreaker() {
        runner.run(context -> {
            Breaker payment = context.getBean(BreakerRegistry.class).breaker("payment");
            properties.put(THRESHOLD, "20");
            context.publishEvent(new EnvironmentChangeEvent(context, Set.of(THRESHOLD, "spring.application.name")));

            assertThat(payment.config().failureRateThreshold()).isEqualTo(20);
            assertThat(payment.settingsChanges()).singleElement().satisfies(change -> {
                assertThat(change.source()).isEqualTo("environment change");
                assertThat(change.changed()).containsExactly(
                        new SettingsChange.Setting("failure-rate-threshold", "50", "20"));
            });
        });
    }

    @Test
    void changesOfOtherPropertiesAreNoneOfItsBusiness() {
        runner.run(context -> {
            Breaker payment = context.getBean(BreakerRegistry.class).breaker("payment");
            properties.put(THRESHOLD, "20");
            context.publishEvent(new EnvironmentChangeEvent(context, Set.of("spring.application.name")));

            assertThat(payment.config().failureRateThreshold()).isEqualTo(50);
            assertThat(payment.settingsChanges()).isEmpty();
        });
    }

    @Test
    void needsSpringCloudContext() {
        runner.withClassLoader(new FilteredClassLoader(EnvironmentChangeEvent.class))
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(BreakerEnvironmentChangeListener.class));
    }

    @Test
    void backsOffWithoutBreakers() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(BreakerRefreshAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(BreakerEnvironmentChangeListener.class));
    }
}
