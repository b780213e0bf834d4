package dev.breaker;

import dev.breaker.internal.DefaultBreakerRegistry;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The breakers of an application, by name. A breaker is created on first request with the config the
 * registry resolves for its name; lookups with {@link #find} never create one.
 */
public interface BreakerRegistry {

    /** A registry whose breakers all use {@code BreakerConfig.defaults()}. */
    static BreakerRegistry ofDefaults() {
        return builder().build();
    }

    static Builder builder() {
        return new DefaultBreakerRegistry.RegistryBuilder();
    }

    /** The breaker named {@code name}, created with {@link #configFor(String)} if it does not exist yet. */
    Breaker breaker(String name);

    /** The breaker named {@code name}, created with {@code config} if it does not exist yet. */
    Breaker breaker(String name, BreakerConfig config);

    /** The breaker named {@code name} if it exists; never creates one. */
    Optional<Breaker> find(String name);

    /** Every breaker, sorted by name. */
    Collection<Breaker> breakers();

    /**
     * The config a breaker named {@code name} gets when created by {@link #breaker(String)}. A breaker
     * {@linkplain Breaker#reconfigure reconfigured} since keeps its own settings, in {@link Breaker#config()}.
     */
    BreakerConfig configFor(String name);

    /** Removes the breaker named {@code name}, if any. */
    Optional<Breaker> remove(String name);

    /** Adds {@code listener} to every breaker, present and future. */
    void addBreakerListener(BreakerListener listener);

    /** Tells {@code listener} about breakers added and removed from now on (not the ones already there). */
    void addRegistryListener(RegistryListener listener);

    /** Hears about breakers joining and leaving a registry. */
    interface RegistryListener {

        void onBreakerAdded(Breaker breaker);

        default void onBreakerRemoved(Breaker breaker) {
        }
    }

    /** Builds a registry. */
    interface Builder {

        /** The config of names with no config of their own. Default {@code BreakerConfig.defaults()}. */
        Builder defaultConfig(BreakerConfig config);

        /** The config of the breaker named {@code name}. */
        Builder config(String name, BreakerConfig config);

        /**
         * Resolves configs by name, for names with no {@link #config(String, BreakerConfig)}; return
         * {@code null} to use the default config.
         */
        Builder configResolver(Function<String, @Nullable BreakerConfig> resolver);

        /** A listener added to every breaker of the registry. */
        Builder breakerListener(BreakerListener listener);

        /** A listener told about breakers added and removed. */
        Builder registryListener(RegistryListener listener);

        BreakerRegistry build();
    }
}
