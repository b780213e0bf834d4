package dev.breaker.autoconfigure;

import static dev.breaker.autoconfigure.StartupFailures.assertAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breaker.Breaker;
import dev.breaker.BreakerRegistry;
import dev.breaker.BreakerState;
import dev.breaker.ManualClock;
import dev.breaker.actuate.BreakerDetailsDescriptor;
import dev.breaker.actuate.CircuitBreakersEndpoint;
import dev.breaker.actuate.HealthCheckDescriptor;
import dev.breaker.healthcheck.HealthCheckSettings;
import dev.breaker.healthcheck.HealthCheckStatus;
import dev.breaker.healthcheck.HealthChecks;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The health checks in an application: wired to Boot's contributor registry, the endpoint and the meters, started
 * with the context on a {@link ManualClock}, and startup errors that name the property.
 */
class BreakerHealthCheckAutoConfigurationTest {

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final String INDICATOR = "breaker.instances.orders-db.health-check.indicator";

    private final ManualClock clock = new ManualClock();
    private final AtomicReference<Health> flaky = new AtomicReference<>(Health.up().build());

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(context -> context.getEnvironment()
                    .setConversionService(new ApplicationConversionService()))
            .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                    HealthContributorRegistryAutoConfiguration.class, BreakerAutoConfiguration.class,
                    BreakerHealthAutoConfiguration.class, BreakerHealthCheckAutoConfiguration.class,
                    BreakerMetricsAutoConfiguration.class, BreakerEndpointAutoConfiguration.class))
            .withPropertyValues("management.endpoints.web.exposure.include=circuitbreakers")
            .withBean(ManualClock.class, () -> clock)
            .withBean("flakyHealthIndicator", HealthIndicator.class, () -> flaky::get);

    @Test
    void anIndicatorThatGoesDownOpensTheBreakerAndTheEndpointAndMetersSayWhy() {
        runner.withPropertyValues(INDICATOR + "=flaky", "breaker.instances.orders-db.health-check.unhealthy-threshold=2")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(HealthChecks.class).isRunning()).isTrue();
                    Breaker breaker = context.getBean(BreakerRegistry.class).breaker("orders-db");
                    HealthChecks checks = context.getBean(HealthChecks.class);
                    flaky.set(Health.down(new IllegalStateException("Connection refused")).build());

                    check(checks, Duration.ZERO);
                    check(checks, HealthCheckSettings.DEFAULT_INTERVAL);

                    assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
                    BreakerDetailsDescriptor details = context.getBean(CircuitBreakersEndpoint.class)
                            .circuitBreaker("orders-db");
                    HealthCheckDescriptor healthCheck = details.summary().healthCheck();
                    assertThat(healthCheck).isNotNull();
                    assertThat(healthCheck.check()).isEqualTo("flaky");
                    assertThat(healthCheck.status()).isEqualTo(HealthCheckStatus.Result.UNHEALTHY);
                    assertThat(healthCheck.detail()).isEqualTo("DOWN: java.lang.IllegalStateException: Connection refused");
                    assertThat(healthCheck.at()).isEqualTo(clock.now().toString());
                    assertThat(healthCheck.consecutiveUnhealthy()).isEqualTo(2);
                    assertThat(healthCheck.holdingTrials()).isTrue();
                    assertThat(details.transitions().get(0).reason()).isEqualTo("health check 'flaky' unhealthy 2 times:"
                            + " DOWN: java.lang.IllegalStateException: Connection refused");

                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    assertThat(meters.get("circuit.breaker.health.checks").tag("name", "orders-db")
                            .tag("result", "unhealthy").functionCounter().count()).isEqualTo(2);
                    assertThat(meters.get("circuit.breaker.health.checks").tag("name", "orders-db")
                            .tag("result", "healthy").functionCounter().count()).isZero();
                    assertThat(meters.find("circuit.breaker.health.checks").tag("name", "search").meters())
                            .as("a breaker without a check has no such meter").isEmpty();
                });
    }

    @Test
    void aBreakerWithoutACheckShowsNullOnTheEndpoint() {
        runner.run(context -> {
            context.getBean(BreakerRegistry.class).breaker("search");
            assertThat(context.getBean(CircuitBreakersEndpoint.class).circuitBreaker("search").summary().healthCheck())
                    .isNull();
        });
    }

    @Test
    void aBreakerCreatedAtFirstUseGetsTheCheckOfItsProfile() {
        runner.withPropertyValues("breaker.profiles.orders.health-check.indicator=flaky").run(context -> {
            HealthChecks checks = context.getBean(HealthChecks.class);
            assertThat(checks.status("orders")).isEmpty();

            context.getBean(BreakerRegistry.class).breaker("orders");

            check(checks, "orders", Duration.ZERO);
            assertThat(checks.status("orders").orElseThrow().result()).isEqualTo(HealthCheckStatus.Result.HEALTHY);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.get("circuit.breaker.health.checks").tag("name", "orders").tag("result", "healthy")
                    .functionCounter().count()).isEqualTo(1);
        });
    }

    @Test
    void theChecksStopWithTheContext() {
        HealthChecks[] checks = new HealthChecks[1];
        runner.withPropertyValues(INDICATOR + "=flaky").run(context -> checks[0] = context.getBean(HealthChecks.class));
        assertThat(checks[0].isRunning()).isFalse();
        assertThat(checks[0].status("orders-db")).isEmpty();
    }

    @Test
    void settingsResolveKeyByKeyAndTheDeepestTargetWins() {
        runner.withPropertyValues("breaker.defaults.health-check.url=http://payments.internal/health",
                        "breaker.defaults.health-check.interval=30s",
                        "breaker.profiles.orders.health-check.indicator=flaky",
                        "breaker.profiles.orders.health-check.unhealthy-threshold=5",
                        "breaker.instances.orders-db.profile=orders",
                        "breaker.instances.orders-db.health-check.timeout=500ms",
                        "breaker.instances.unchecked.health-check.url=")
                .run(context -> {
                    BreakerDefinitions definitions = context.getBean(BreakerDefinitions.class);
                    assertThat(definitions.healthCheck("orders-db")).isEqualTo(new HealthCheckSettings(
                            "breaker.profiles.orders.health-check.indicator", "flaky", null, Duration.ofSeconds(30),
                            Duration.ofMillis(500), 5));
                    assertThat(definitions.healthCheck("anything")).isEqualTo(new HealthCheckSettings(
                            "breaker.defaults.health-check.url", null, URI.create("http://payments.internal/health"),
                            Duration.ofSeconds(30), HealthCheckSettings.DEFAULT_TIMEOUT, 3));
                    assertThat(definitions.healthCheck("unchecked")).as("an empty target turns the check off").isNull();
                });
    }

    @Test
    void urlChecksNeedNoSpringBootHealth() {
        runner.withClassLoader(new FilteredClassLoader(HealthContributorRegistry.class))
                .withPropertyValues("breaker.instances.payments.health-check.url=http://payments.internal/health")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(HealthChecks.class));
    }

    @Test
    void anIndicatorWithoutSpringBootHealthFailsNamingTheProperty() {
        assertAnalysis(runner.withClassLoader(new FilteredClassLoader(HealthContributorRegistry.class))
                        .withPropertyValues(INDICATOR + "=db"),
                INDICATOR + " is 'db', but the application has no Spring Boot health contributors to check",
                "Add spring-boot-starter-actuator to the application, or check an HTTP endpoint with"
                        + " breaker.instances.orders-db.health-check.url instead.");
    }

    @Test
    void anIndicatorThatDoesNotExistFailsListingThoseThatDo() {
        assertAnalysis(runner.withPropertyValues(INDICATOR + "=db"), INDICATOR + " is 'db', but no health contributor"
                + " has that name. Health contributors there: [circuitBreakers, flaky].", null);
    }

    @Test
    void aProfilesIndicatorIsCheckedAtStartupEvenWithoutABreakerYet() {
        assertAnalysis(runner.withPropertyValues("breaker.profiles.orders.health-check.indicator=flakey"),
                "breaker.profiles.orders.health-check.indicator is 'flakey', but no health contributor has that name",
                null);
    }

    @Test
    void theBreakersOwnIndicatorIsALoop() {
        assertAnalysis(runner.withPropertyValues(INDICATOR + "=circuitBreakers"), INDICATOR + " is 'circuitBreakers',"
                + " the breakers' own health indicator: it reports the breakers' states, so a breaker it opened would"
                + " keep itself open.", "Check the dependency itself: set " + INDICATOR + " to one of [flaky], or use"
                + " health-check.url.");
    }

    @Test
    void aMalformedUrlFailsNamingTheProperty() {
        String url = "breaker.profiles.payments.health-check.url";
        assertAnalysis(runner.withPropertyValues(url + "=payments.internal/health"), "Invalid breaker setting: " + url
                + " is 'payments.internal/health', but it must be an absolute http or https URL, such as"
                + " http://payments.internal/health.", null);
        assertAnalysis(runner.withPropertyValues(url + "=http://payments internal/health"),
                "Invalid breaker setting: " + url + " is 'http://payments internal/health' (Illegal character", null);
    }

    @Test
    void bothIndicatorAndUrlFailNamingTheLevel() {
        assertAnalysis(runner.withPropertyValues(INDICATOR + "=flaky",
                        "breaker.instances.orders-db.health-check.url=http://orders.internal/health"),
                "breaker.instances.orders-db.health-check sets both indicator ('flaky') and url"
                        + " ('http://orders.internal/health'), but a health check has one target.",
                "Keep breaker.instances.orders-db.health-check.indicator to check a Spring Boot health contributor,"
                        + " or breaker.instances.orders-db.health-check.url to check an HTTP endpoint, and remove the"
                        + " other.");
    }

    @Test
    void badTimingsFailNamingTheProperty() {
        assertAnalysis(runner.withPropertyValues("breaker.defaults.health-check.interval=0s"),
                "Invalid breaker setting: breaker.defaults.health-check.interval is PT0S, but it must be a positive"
                        + " duration up to 1d", null);
        assertAnalysis(runner.withPropertyValues("breaker.profiles.orders.health-check.unhealthy-threshold=0"),
                "Invalid breaker setting: breaker.profiles.orders.health-check.unhealthy-threshold is 0, but it must be"
                        + " a whole number of checks in a row, at least 1.", null);
    }

    @Test
    void aValueThatDoesNotBindIsReportedWithWhatTheHealthCheckKeyAccepts() {
        assertThat(BreakerSettings.acceptedFor("breaker.profiles.orders.health-check.timeout"))
                .isEqualTo(HealthCheckResolver.DURATION);
        assertThat(BreakerSettings.acceptedFor("breaker.instances[a.b].health-check.unhealthy-threshold"))
                .isEqualTo(HealthCheckResolver.THRESHOLD);
        assertThat(BreakerSettings.acceptedFor("breaker.profiles.orders.timeout")).as("the breaker's own timeout")
                .startsWith("a duration such as 500ms or 2s");
    }

    private void check(HealthChecks checks, Duration after) {
        check(checks, "orders-db", after);
    }

    /** Moves the clock and waits, with a bound, for the check this makes due to answer. */
    private void check(HealthChecks checks, String breaker, Duration after) {
        long before = total(checks.status(breaker).orElseThrow());
        clock.advance(after);
        await().atMost(BOUND).until(() -> total(checks.status(breaker).orElseThrow()) > before);
    }

    private static long total(HealthCheckStatus status) {
        return status.healthyChecks() + status.unhealthyChecks();
    }
}
