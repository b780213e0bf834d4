package dev.breaker.cloud.refresh;

import dev.breaker.autoconfigure.BreakerSettingsRefresher;
import java.util.Objects;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Gives the running breakers their new settings when Spring Cloud announces that {@code breaker.*} properties
 * changed ({@link BreakerSettingsRefresher#refresh()}); other changes are none of its business. Heard before Spring
 * Cloud rebinds the application's {@code @ConfigurationProperties} beans, so a wrong breaker value is logged with the
 * breaker's own message even when that rebinding fails on it too.
 */
public class BreakerEnvironmentChangeListener implements ApplicationListener<EnvironmentChangeEvent>, Ordered {

    private static final String PREFIX = "breaker.";

    private final BreakerSettingsRefresher refresher;

    public BreakerEnvironmentChangeListener(BreakerSettingsRefresher refresher) {
        this.refresher = Objects.requireNonNull(refresher, "refresher");
    }

    @Override
    public void onApplicationEvent(EnvironmentChangeEvent event) {
        if (event.getKeys().stream().anyMatch(key -> key.startsWith(PREFIX))) {
            refresher.refresh();
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }
}
