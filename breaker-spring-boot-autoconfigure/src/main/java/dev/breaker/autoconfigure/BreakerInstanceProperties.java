package dev.breaker.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationPropertiesSource;

/** A breaker by name: the settings of a profile, overridden by its own. */
@ConfigurationPropertiesSource
public class BreakerInstanceProperties extends BreakerSettingsProperties {

    /** Profile whose settings this breaker starts from; default: the profile named like the breaker, if any. */
    private @Nullable String profile;

    public @Nullable String getProfile() {
        return profile;
    }

    public void setProfile(@Nullable String profile) {
        this.profile = profile;
    }
}
