package dev.breaker.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.BreakerRegistry;
import dev.breaker.autoconfigure.BreakerAutoConfiguration;
import dev.breaker.autoconfigure.BreakerEndpointAutoConfiguration;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.jmx.JmxEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jmx.JmxAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Over JMX, a write takes settings as the JSON text of an object, and a read shows experiments like HTTP does. */
class CircuitBreakersEndpointJmxTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JmxAutoConfiguration.class, EndpointAutoConfiguration.class,
                    JmxEndpointAutoConfiguration.class, BreakerAutoConfiguration.class,
                    BreakerEndpointAutoConfiguration.class))
            .withPropertyValues("spring.jmx.enabled=true", "spring.jmx.unique-names=true",
                    "management.endpoints.jmx.exposure.include=circuitbreakers",
                    "management.endpoint.circuitbreakers.access=UNRESTRICTED",
                    "breaker.instances.payment.experiments.strict.failure-rate-threshold=25");

    @Test
    void settingsAreWrittenAsJsonTextAndExperimentsRead() {
        runner.run(context -> {
            MBeanServer server = context.getBean(MBeanServer.class);
            ObjectName endpoint = server.queryNames(new ObjectName("*:type=Endpoint,name=Circuitbreakers,*"), null)
                    .iterator().next();
            Object view = server.invoke(endpoint, "transition",
                    new Object[] {"payment", null, "{\"failure-rate-threshold\": 40}"},
                    new String[] {String.class.getName(), String.class.getName(), String.class.getName()});

            assertThat(context.getBean(BreakerRegistry.class).breaker("payment").config().failureRateThreshold())
                    .isEqualTo(40);
            assertThat(view).isInstanceOfSatisfying(Map.class, details -> {
                assertThat(details.get("settingsChanges")).asList().hasSize(1);
                assertThat(details.get("experiments")).isInstanceOfSatisfying(Map.class,
                        experiments -> assertThat(experiments).containsOnlyKeys("live", "strict"));
            });
        });
    }
}
