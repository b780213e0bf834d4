package dev.breaker.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.breaker.definition.BreakerConfigurationException;
import java.net.ConnectException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.DefaultHealthContributorRegistry;
import org.springframework.boot.health.registry.DefaultReactiveHealthContributorRegistry;
import reactor.core.publisher.Mono;

/** Finding health contributors by name or path, what counts as unhealthy, and the startup errors that name the setting. */
class ContributorProbesTest {

    private static final String PATH = "breaker.profiles.orders-db.health-check.indicator";

    private final FlippingIndicator primary = new FlippingIndicator();
    private final FlippingIndicator replica = new FlippingIndicator();
    private final HealthIndicator own = () -> Health.status("DEGRADED").build();
    private final DefaultHealthContributorRegistry registry = new DefaultHealthContributorRegistry();
    private final DefaultReactiveHealthContributorRegistry reactive = new DefaultReactiveHealthContributorRegistry();
    private final ContributorProbes probes = new ContributorProbes(registry, reactive, contributor -> contributor == own,
            "a loop");

    ContributorProbesTest() {
        Map<String, HealthContributor> members = new LinkedHashMap<>();
        members.put("primary", primary);
        members.put("replica", replica);
        registry.registerContributor("db", CompositeHealthContributor.fromMap(members));
        registry.registerContributor("ping", (HealthIndicator) () -> Health.up().build());
        registry.registerContributor("circuitBreakers", own);
        reactive.registerContributor("redis", (ReactiveHealthIndicator) () -> Mono.just(Health.down()
                .withDetail("error", "io.lettuce.core.RedisConnectionException: Unable to connect").build()));
    }

    @Test
    void aMemberOfACompositeIsFoundByItsPath() throws Exception {
        HealthProbe probe = probes.create(HealthCheckSettings.indicator(PATH, "db/replica"));

        assertThat(probe.probe()).isEqualTo(HealthProbe.Result.healthy("UP"));
        replica.down(new ConnectException("Connection refused"));
        assertThat(probe.probe()).isEqualTo(
                HealthProbe.Result.unhealthy("DOWN: java.net.ConnectException: Connection refused"));
    }

    @Test
    void aCompositeIsUnhealthyWhenOneMemberIsDownOrOutOfService() throws Exception {
        HealthProbe probe = probes.create(HealthCheckSettings.indicator(PATH, "db"));

        assertThat(probe.probe()).isEqualTo(HealthProbe.Result.healthy("UP (primary, replica)"));
        primary.outOfService();
        assertThat(probe.probe()).isEqualTo(HealthProbe.Result.unhealthy("primary: OUT_OF_SERVICE"));
    }

    @Test
    void statusesOtherThanDownAndOutOfServiceAreHealthy() throws Exception {
        registry.registerContributor("custom", (HealthIndicator) () -> Health.status(Status.UNKNOWN).build());

        assertThat(probes.create(HealthCheckSettings.indicator(PATH, "custom")).probe())
                .isEqualTo(HealthProbe.Result.healthy("UNKNOWN"));
    }

    @Test
    void reactiveContributorsAreFoundToo() throws Exception {
        assertThat(probes.create(HealthCheckSettings.indicator(PATH, "redis")).probe()).isEqualTo(
                HealthProbe.Result.unhealthy("DOWN: io.lettuce.core.RedisConnectionException: Unable to connect"));
    }

    @Test
    void anIndicatorThatDoesNotExistFailsStartupListingThoseThatDo() {
        assertThatExceptionOfType(BreakerConfigurationException.class)
                .isThrownBy(() -> probes.create(HealthCheckSettings.indicator(PATH, "dbx")))
                .satisfies(ex -> {
                    assertThat(ex.getMessage()).isEqualTo(PATH + " is 'dbx', but no health contributor has that name."
                            + " Health contributors there: [circuitBreakers, db, ping, redis].");
                    assertThat(ex.action()).startsWith("Set " + PATH + " to one of [circuitBreakers, db, ping, redis]");
                });
    }

    @Test
    void aPathThatBreaksOffSaysWhere() {
        assertThatExceptionOfType(BreakerConfigurationException.class)
                .isThrownBy(() -> probes.create(HealthCheckSettings.indicator(PATH, "db/standby")))
                .withMessage(PATH + " is 'db/standby', but 'db' has no member 'standby'. Health contributors there:"
                        + " [primary, replica].");
        assertThatExceptionOfType(BreakerConfigurationException.class)
                .isThrownBy(() -> probes.create(HealthCheckSettings.indicator(PATH, "ping/x")))
                .withMessageContaining("'ping' is a single indicator, with no members");
    }

    @Test
    void theBreakersOwnIndicatorIsRefused() {
        assertThatExceptionOfType(BreakerConfigurationException.class)
                .isThrownBy(() -> probes.create(HealthCheckSettings.indicator(PATH, "circuitBreakers")))
                .satisfies(ex -> {
                    assertThat(ex.getMessage()).isEqualTo(PATH + " is 'circuitBreakers', the breakers' own health"
                            + " indicator: a loop.");
                    assertThat(ex.action()).contains("[db, ping, redis]").doesNotContain("circuitBreakers");
                });
    }

    @Test
    void anExceptionIsDescribedByTheFirstMessageDownItsCauses() {
        assertThat(BreakerCheck.describe(new java.io.IOException(null, new ConnectException("Connection refused"))))
                .isEqualTo("ConnectException: Connection refused");
        assertThat(BreakerCheck.describe(new IllegalStateException())).isEqualTo("IllegalStateException");
    }
}
