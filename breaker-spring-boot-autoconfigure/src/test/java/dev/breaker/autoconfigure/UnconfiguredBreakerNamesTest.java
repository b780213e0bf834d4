package dev.breaker.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.BreakerRegistry;
import dev.breaker.annotation.CircuitBreaker;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An annotation whose name matches no instance and no profile runs on the defaults: at startup each such name is
 * logged as a warning with the closest configured name, or, with {@code breaker.require-configured-names}, fails
 * startup listing them all.
 */
class UnconfiguredBreakerNamesTest {

    private static final String WARNING = "@CircuitBreaker name '";

    /** The auto-configuration's log, captured here rather than printed (logback-test.xml keeps it quiet). */
    private final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> log =
            new ch.qos.logback.core.read.ListAppender<>();
    private final ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
            .getLogger(BreakerAopAutoConfiguration.class);
    private ch.qos.logback.classic.Level level;

    @org.junit.jupiter.api.BeforeEach
    void captureTheLog() {
        level = logger.getLevel();
        log.start();
        logger.addAppender(log);
        logger.setLevel(ch.qos.logback.classic.Level.WARN);
        logger.setAdditive(false);
    }

    @org.junit.jupiter.api.AfterEach
    void restoreTheLog() {
        logger.detachAppender(log);
        logger.setLevel(level);
        logger.setAdditive(true);
    }

    /** What was logged, one line per event, as the console shows it: level, logger, message. */
    private String logged() {
        StringBuilder lines = new StringBuilder();
        log.list.forEach(event -> lines.append(' ').append(event.getLevel()).append(' ').append(event.getLoggerName())
                .append(" : ").append(event.getFormattedMessage()).append('\n'));
        return lines.toString();
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, BreakerAutoConfiguration.class,
                    BreakerAopAutoConfiguration.class))
            .withUserConfiguration(ClientsConfig.class);

    @Test
    void anUnconfiguredNameIsLoggedOnceWithTheClosestConfiguredName() {
        runner.withPropertyValues("breaker.profiles.inventory.failure-rate-threshold=10",
                        "breaker.instances.shipping.failure-rate-threshold=20")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(BreakerRegistry.class).find("inventroy")).isPresent();
                });

        assertThat(logged().lines().filter(line -> line.contains(WARNING))).singleElement()
                .satisfies(line -> assertThat(line).contains(" WARN ")
                        .contains(BreakerAopAutoConfiguration.class.getSimpleName())
                        .endsWith("@CircuitBreaker name 'inventroy' matches no breaker.instances or breaker.profiles"
                                + " entry, so it runs on breaker.defaults and the built-in defaults"
                                + " (failure-rate-threshold 50, wait-duration-in-open-state 60s); did you mean"
                                + " 'inventory'? Set breaker.require-configured-names=true to make this a startup"
                                + " failure."));
    }

    @Test
    void theWarningSaysWhatTheBreakerRunsWithAndSuggestsNothingWhenNoNameIsClose() {
        runner.withPropertyValues("breaker.defaults.failure-rate-threshold=30",
                        "breaker.profiles.search.failure-rate-threshold=10",
                        "breaker.instances.shipping.failure-rate-threshold=20")
                .run(context -> assertThat(context).hasNotFailed());

        assertThat(logged()).contains("@CircuitBreaker name 'inventroy' matches no breaker.instances or"
                + " breaker.profiles entry, so it runs on breaker.defaults and the built-in defaults"
                + " (failure-rate-threshold 30, wait-duration-in-open-state 60s). Set");
    }

    @Test
    void configuredNamesAreNotLogged() {
        // 'inventroy' is an instance, 'shipping' a profile: both configured, as a name in code would be.
        runner.withPropertyValues("breaker.instances.inventroy.failure-rate-threshold=10",
                        "breaker.profiles.shipping.failure-rate-threshold=20")
                .run(context -> assertThat(context).hasNotFailed());
        runner.withPropertyValues("breaker.instances.inventroy.failure-rate-threshold=10")
                .withBean(BreakerConfigCustomizer.class, () -> BreakerConfigCustomizer.forBreaker("shipping",
                        builder -> builder.minimumNumberOfCalls(5)))
                .run(context -> assertThat(context).hasNotFailed());

        assertThat(logged()).doesNotContain(WARNING);
    }

    @Test
    void requiringConfiguredNamesFailsStartupListingEveryName() {
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
        assertThat(logged()).doesNotContain(WARNING);
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
