package dev.breaker.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Opt-in, and a path that cannot be matched as written fails the startup, naming the key and the value. */
class DashboardAutoConfigurationTest {

    @Test
    void isOffByDefault() {
        try (ConfigurableApplicationContext context = start("server.port=0")) {
            assertThat(context.getBeansOfType(BreakerDashboard.class)).isEmpty();
        }
    }

    @Test
    void servesThePageWhenEnabled() {
        try (ConfigurableApplicationContext context = start("server.port=0", "breaker.dashboard.enabled=true")) {
            assertThat(context.getBeansOfType(BreakerDashboard.class)).hasSize(1);
        }
    }

    @Test
    void refusesAPathThatClimbsOrIsRelative() {
        for (String bad : new String[] {"breaker-dashboard", "/a/../b", "/a/**", "/"}) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(
                    () -> start("server.port=0", "breaker.dashboard.enabled=true", "breaker.dashboard.path=" + bad)))
                    .as(bad).rootCause().hasMessageContaining("breaker.dashboard.path")
                    .hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void quotesTheEndpointUrlAsJson() {
        assertThat(BreakerDashboard.quote("/a\"b\\c</script>")).isEqualTo("\"/a\\\"b\\\\c\\u003c/script\\u003e\"");
    }

    private static ConfigurableApplicationContext start(String... properties) {
        return new SpringApplicationBuilder(App.class).web(WebApplicationType.SERVLET).properties(properties)
                .properties("spring.main.banner-mode=off", "logging.level.root=off",
                        "management.endpoints.web.exposure.include=circuitbreakers")
                .run();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
