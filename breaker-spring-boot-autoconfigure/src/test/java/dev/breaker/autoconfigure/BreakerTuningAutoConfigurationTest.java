package dev.breaker.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.breaker.Breaker;
import dev.breaker.BreakerRegistry;
import dev.breaker.BreakerState;
import dev.breaker.ManualClock;
import dev.breaker.definition.BreakerTuning;
import dev.breaker.tuning.ExperimentReport;
import dev.breaker.tuning.Experiments;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Shadow experiments are attached to the breakers whose settings name some, from startup or their first use, run on
 * the settings the breaker runs on (again after each change of them), and cost a breaker without any nothing.
 */
class BreakerTuningAutoConfigurationTest {

    private final ManualClock clock = new ManualClock();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BreakerAutoConfiguration.class))
            .withBean(ManualClock.class, () -> clock)
            .withPropertyValues("breaker.defaults.sliding-window-size=4", "breaker.defaults.minimum-number-of-calls=4");

    @Test
    void anInstanceWithExperimentsHasThemJudgingItsCallsFromStartup() {
        runner.withPropertyValues("breaker.instances.payment.experiments.strict.failure-rate-threshold=25")
                .run(context -> {
                    Breaker payment = context.getBean(BreakerRegistry.class).breaker("payment");
                    Experiments experiments = context.getBean(BreakerTuning.class).experiments("payment").orElseThrow();
                    assertThat(experiments.live()).isSameAs(payment);
                    failThenSucceed(payment, 1, 3);

                    assertThat(payment.state()).isEqualTo(BreakerState.CLOSED);
                    ExperimentReport strict = experiments.report("strict").orElseThrow();
                    assertThat(strict.calls()).isEqualTo(4);
                    assertThat(strict.wouldOpen()).isEqualTo(1);
                    assertThat(strict.settings()).isEqualTo("failure-rate-threshold=25");
                    assertThat(experiments.baseline().wouldOpen()).isZero();
                });
    }

    @Test
    void aBreakerCreatedAtFirstUseGetsItsProfilesExperiments() {
        runner.withPropertyValues("breaker.profiles.search.experiments.lenient.failure-rate-threshold=90")
                .run(context -> {
                    BreakerTuning tuning = context.getBean(BreakerTuning.class);
                    assertThat(tuning.experiments("search")).isEmpty();
                    context.getBean(BreakerRegistry.class).breaker("search");
                    assertThat(tuning.experiments("search")).hasValueSatisfying(experiments ->
                            assertThat(experiments.reports()).extracting(ExperimentReport::experiment)
                                    .containsExactly("lenient"));
                });
    }

    @Test
    void aBreakerWithoutExperimentsHasNothingAttached() {
        runner.withPropertyValues("breaker.instances.payment.failure-rate-threshold=25",
                "breaker.instances.search.experiments.strict.failure-rate-threshold=25").run(context -> {
                    BreakerTuning tuning = context.getBean(BreakerTuning.class);
                    context.getBean(BreakerRegistry.class).breaker("other");
                    assertThat(tuning.experiments("payment")).isEmpty();
                    assertThat(tuning.recording("payment")).isEmpty();
                    assertThat(tuning.experiments("other")).isEmpty();
                    assertThat(tuning.experiments("search")).isPresent();
                });
    }

    @Test
    void experimentsStartAgainOnTheBreakersNewSettings() {
        // strict sets only the minimum: it takes the breaker's threshold, whatever that is now.
        runner.withPropertyValues("breaker.instances.payment.experiments.strict.minimum-number-of-calls=2")
                .run(context -> {
                    Breaker payment = context.getBean(BreakerRegistry.class).breaker("payment");
                    BreakerTuning tuning = context.getBean(BreakerTuning.class);
                    Experiments before = tuning.experiments("payment").orElseThrow();
                    failThenSucceed(payment, 1, 1);
                    assertThat(before.report("strict").orElseThrow().wouldOpen()).isEqualTo(1); // 50% >= 50%

                    payment.reconfigure(payment.config().toBuilder().failureRateThreshold(60).build(), "api");
                    Experiments after = tuning.experiments("payment").orElseThrow();
                    assertThat(after).isNotSameAs(before);
                    failThenSucceed(payment, 1, 1);
                    assertThat(after.report("strict").orElseThrow().calls()).isEqualTo(2);
                    assertThat(after.report("strict").orElseThrow().wouldOpen()).isZero(); // 50% < 60%
                    assertThat(context.getBean(BreakerDefinitions.class).definition("payment").config()
                            .failureRateThreshold()).isEqualTo(60);
                });
    }

    @Test
    void anExperimentThatNoLongerSuitsTheBreakersSettingsIsLeftOutWithAWarning() {
        runner.withPropertyValues("breaker.instances.payment.experiments.lenient.wait-duration-in-open-state=2m",
                "breaker.instances.payment.experiments.strict.failure-rate-threshold=25").run(context -> {
                    Breaker payment = context.getBean(BreakerRegistry.class).breaker("payment");
                    List<ILoggingEvent> logged = CapturedLog.during(BreakerTuning.class.getName(), () -> payment
                            .reconfigure(payment.config().toBuilder().maxWaitDurationInOpenState(Duration.ofMinutes(1))
                                    .build(), "api"));
                    assertThat(logged).singleElement().satisfies(line -> {
                        assertThat(line.getLevel()).isEqualTo(Level.WARN);
                        assertThat(line.getFormattedMessage()).isEqualTo("Experiment 'lenient' of circuit breaker"
                                + " 'payment' does not go with the breaker's settings and is left out:"
                                + " breaker.instances.payment.experiments.lenient.max-wait-duration-in-open-state was"
                                + " PT1M, but it must be zero (no cap) or at least wait-duration-in-open-state (PT2M)");
                    });
                    assertThat(context.getBean(BreakerTuning.class).experiments("payment").orElseThrow().reports())
                            .extracting(ExperimentReport::experiment).containsExactly("strict");
                });
    }

    @Test
    void closingTheContextStopsTheExperiments() {
        runner.withPropertyValues("breaker.instances.payment.experiments.strict.failure-rate-threshold=25")
                .run(context -> {
                    Breaker payment = context.getBean(BreakerRegistry.class).breaker("payment");
                    Experiments experiments = context.getBean(BreakerTuning.class).experiments("payment").orElseThrow();
                    context.close();
                    failThenSucceed(payment, 1, 3);
                    assertThat(experiments.report("strict").orElseThrow().calls()).isZero();
                });
    }

    private void failThenSucceed(Breaker breaker, int failures, int successes) {
        for (int i = 0; i < failures; i++) {
            breaker.onError(Duration.ofMillis(10), new IllegalStateException("down"));
            clock.advance(Duration.ofMillis(100));
        }
        for (int i = 0; i < successes; i++) {
            breaker.onSuccess(Duration.ofMillis(10));
            clock.advance(Duration.ofMillis(100));
        }
    }
}
