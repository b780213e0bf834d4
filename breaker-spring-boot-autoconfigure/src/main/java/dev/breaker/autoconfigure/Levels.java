package dev.breaker.autoconfigure;

import dev.breaker.definition.BreakerConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The levels of configuration a breaker name resolves through: {@code breaker.defaults}, then its profile (the
 * instance's {@code profile}, else the profile named like the breaker, else for a host's breaker
 * {@code breaker.http.default-profile}), then its instance.
 *
 * @param profile the profile among them, or {@code null} when none applies
 * @param layers the levels, shallowest first
 */
record Levels(@Nullable String profile, List<Layer> layers) {

    static Levels of(BreakerProperties properties, String name) {
        BreakerInstanceProperties instance = properties.getInstances().get(name);
        String profile = profileOf(properties, name, instance);
        List<Layer> layers = new ArrayList<>();
        layers.add(new Layer("breaker.defaults", properties.getDefaults()));
        if (profile != null) {
            layers.add(new Layer("breaker.profiles" + BreakerDefinitions.key(profile),
                    properties.getProfiles().get(profile)));
        }
        if (instance != null) {
            layers.add(new Layer("breaker.instances" + BreakerDefinitions.key(name), instance));
        }
        return new Levels(profile, List.copyOf(layers));
    }

    private static @Nullable String profileOf(BreakerProperties properties, String name,
            @Nullable BreakerInstanceProperties instance) {
        if (instance != null && instance.getProfile() != null) {
            String profile = instance.getProfile();
            if (!properties.getProfiles().containsKey(profile)) {
                String path = "breaker.instances" + BreakerDefinitions.key(name) + ".profile";
                throw new BreakerConfigurationException(
                        path + " names profile '" + profile + "', which does not exist. Profiles that exist: "
                                + new TreeSet<>(properties.getProfiles().keySet()) + ".",
                        "Set " + path + " to one of " + new TreeSet<>(properties.getProfiles().keySet())
                                + ", or define breaker.profiles." + profile + ".");
            }
            return profile;
        }
        if (properties.getProfiles().containsKey(name)) {
            return name;
        }
        // A host's own breaker (outbound HTTP): the profile chosen for hosts nobody mapped.
        return name.startsWith(BreakerDefinitions.HTTP_HOST_PREFIX) ? properties.getHttp().getDefaultProfile() : null;
    }

    /**
     * {@code breaker.http.default-profile} must name a profile: hosts' breakers would otherwise silently run on the
     * defaults.
     */
    static void checkHttpDefaultProfile(BreakerProperties properties) {
        String profile = properties.getHttp().getDefaultProfile();
        if (profile != null && !properties.getProfiles().containsKey(profile)) {
            String path = "breaker.http.default-profile";
            Set<String> profiles = new TreeSet<>(properties.getProfiles().keySet());
            throw new BreakerConfigurationException(path + " names profile '" + profile
                    + "', which does not exist. Profiles that exist: " + profiles + ".",
                    "Set " + path + " to one of " + profiles + ", define breaker.profiles." + profile
                            + ", or remove " + path + " to give hosts' breakers breaker.defaults.");
        }
    }
}
