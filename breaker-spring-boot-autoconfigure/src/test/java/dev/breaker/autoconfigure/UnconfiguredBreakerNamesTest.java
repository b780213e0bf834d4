package dev.breaker.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.BreakerRegistry;
import dev.breaker.annotation.CircuitBreaker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An annotation whose name matches no instance and no profile runs on the defaults: at startup each such name is
 * logged as a warning with the closest configured name, or, with {@code breaker.require-configured-names}, fails
 * startup listing them all.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnconfiguredBreakerNamesTest {

    private static final String WARNING = "@CircuitBreaker name '";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, BreakerAutoConfiguration.class,
                    BreakerAopAutoConfiguration.class))
            .withUserConfiguration(ClientsConfig.class);

    @Test
    void anUnconfiguredNameIsLoggedOnceWithTheClosestConfiguredName(CapturedOutput output) {
        runner.withPropertyValues("breaker.profiles.inventory.failure-rate-threshold=10",
                        "breaker.instances.shipping.failure-rate-threshold=20")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(BreakerRegistry.class).find("inventroy")).isPresent();
                });

        assertThat(output.getOut().lines().filter(line -> line.contains(WARNING))).singleElement()
                // The logger's name is abbreviated once Boot's logging system is set up by another test in the JVM.
                .satisfies(line -> assertThat(line).contains(" WARN ")
                        .contains(BreakerAopAutoConfiguration.class.getSimpleName())
                        .endsWith("@CircuitBreaker name 'inventroy' matches no breaker.instances or breaker.profiles"
                                + " entry, so it runs on breaker.defaults and the built-in defaults"
                                + " (failure-rate-threshold 50, wait-duration-in-open-state 60s); did you mean"
                                + " 'inventory'? Set breaker.require-configured-names=true to make this a startup"
                                + " failure."));
    }

    @Test
    void theWarningSaysWhatTheBreakerRunsWithAndSuggestsNothingWhenNoNameIsClose(CapturedOutput output) {
        runner.withPropertyValues("breaker.defaults.failure-rate-threshold=30",
                        "breaker.profiles.search.failure-rate-threshold=10",
                        "breaker.instances.shipping.failure-rate-threshold=20")
                .run(context -> assertThat(context).hasNotFailed());

        assertThat(output.getOut()).contains("@CircuitBreaker name 'inventroy' matches no breaker.instances or"
                + " breaker.profiles entry, so it runs on breaker.defaults and the built-in defaults"
                + " (failure-rate-threshold 30, wait-duration-in-open-state 60s). Set");
    }

    @Test
    void configuredNamesAreNotLogged(CapturedOutput output) {
        // 'inventroy' is an instance, 'shipping' a profile: both configured, as a name in code would be.
        runner.withPropertyValues("breaker.instances.inventroy.failure-rate-threshold=10",
                        "breaker.profiles.shipping.failure-rate-threshold=20")
                .run(context -> assertThat(context).hasNotFailed());
        runner.withPropertyValues("breaker.instances.inventroy.failure-rate-threshold=10")
                .withBean(BreakerConfigCustomizer.class, () -> BreakerConfigCustomizer.forBreaker("shipping",
                        builder -> builder.minimumNumberOfCalls(5)))
                .run(context -> assertThat(context).hasNotFailed());

        assertThat(output.getOut()).doesNotContain(WARNING);
    }

    @Test
    void requiringConfiguredNamesFailsStartupListingEveryName(CapturedOutput output) {
        runner.withPropertyValues("breaker.require-configured-names=true",
                        "breaker.profiles.inventory.failure-rate-threshold=10")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new BreakerConfigurationFailureAnalyzer()
                            .analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).isEqualTo("breaker.require-configured-names is true, but"
                            + " these @CircuitBreaker names match no breaker.instances or breaker.profiles entry"
                            + " (configured: inventory):\n"
                            + "    - 'inventroy' (did you mean 'inventory'?)\n"
                            + "    - 'shipping'");
                    assertThat(analysis.getAction()).isEqualTo("Name a configured breaker, or configure the name:\n"
                            + "    - 'inventroy': write @CircuitBreaker(name = \"inventory\"), or add"
                            + " breaker.instances.inventroy (or breaker.profiles.inventroy) with its settings\n"
                            + "    - 'shipping': add breaker.instances.shipping (or breaker.profiles.shipping) with"
                            + " its settings\n"
                            + "Or set breaker.require-configured-names to false to let such names run on"
                            + " breaker.defaults.");
                });
        assertThat(output.getOut()).doesNotContain(WARNING);
    }

    @Test
    void requiringConfiguredNamesStartsWhenEveryNameIsConfigured() {
        runner.withPropertyValues("breaker.require-configured-names=true",
                        "breaker.profiles.inventroy.failure-rate-threshold=10",
                        "breaker.instances.shipping.profile=inventroy")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Configuration(proxyBeanMethods = false)
    static class ClientsConfig {

        @Bean
        InventoryClient inventoryClient() {
            return new InventoryClient();
        }

        @Bean
        ShippingClient shippingClient() {
            return new ShippingClient();
        }
    }

    static class InventoryClient {

        @CircuitBreaker(name = "inventroy")
        public String stock() {
            return "12";
        }
    }

    static class ShippingClient {

        @CircuitBreaker(name = "shipping")
        public String ship() {
            return "shipped";
        }
    }
}
