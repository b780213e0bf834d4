package dev.breaker.autoconfigure;

import dev.breaker.definition.BreakerConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Turns a {@link BreakerConfigurationException} into the startup report: what is wrong and what to write
 * instead. Ordered first so that Boot's generic bean-creation analysis does not hide it.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class BreakerConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<BreakerConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BreakerConfigurationException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
