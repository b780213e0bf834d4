package dev.breaker.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * What the console says when a context fails to start on bad Breaker configuration: the failure analysis, by
 * Breaker's analyzers as Boot runs them (a value out of range, then one that cannot be bound at all).
 */
final class StartupFailures {

    private StartupFailures() {
    }

    /** The context fails and the analysis starts with {@code description} (and, if given, says {@code action}). */
    static void assertAnalysis(ApplicationContextRunner runner, String description, @Nullable String action) {
        runner.run(context -> assertAnalysis(context, description, action));
    }

    static void assertAnalysis(AssertableApplicationContext context, String description, @Nullable String action) {
        assertThat(context).hasFailed();
        FailureAnalysis analysis = new BreakerConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
        if (analysis == null) {
            analysis = new BreakerBindFailureAnalyzer().analyze(context.getStartupFailure());
        }
        assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
        assertThat(analysis.getDescription()).startsWith(description);
        if (action != null) {
            assertThat(analysis.getAction()).isEqualTo(action);
        }
    }
}
