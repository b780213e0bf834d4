package dev.breaker.internal;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerListener;
import dev.breaker.BreakerRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The {@link BreakerRegistry} implementation. Not API: use {@link BreakerRegistry#builder()}.
 *
 * <p>Lookups are lock-free; creating a breaker takes a lock, so that a listener added to every breaker
 * can never miss one created at the same moment.
 */
public final class DefaultBreakerRegistry implements BreakerRegistry {

    private final ConcurrentHashMap<String, Breaker> breakers = new ConcurrentHashMap<>();
    private final Map<String, BreakerConfig> configs;
    private final Function<String, @Nullable BreakerConfig> resolver;
    private final BreakerConfig defaultConfig;
    private final Object lock = new Object();
    private final List<BreakerListener> breakerListeners;
    private final List<RegistryListener> registryListeners;

    private DefaultBreakerRegistry(RegistryBuilder builder) {
        this.configs = Map.copyOf(builder.configs);
        this.resolver = builder.resolver;
        this.defaultConfig = builder.defaultConfig;
        this.breakerListeners = new ArrayList<>(builder.breakerListeners);
        this.registryListeners = new CopyOnWriteArrayList<>(builder.registryListeners);
    }

    @Override
    public Breaker breaker(String name) {
        Breaker existing = breakers.get(Objects.requireNonNull(name, "name"));
        return existing != null ? existing : create(name, null);
    }

    @Override
    public Breaker breaker(String name, BreakerConfig config) {
        Objects.requireNonNull(config, "config");
        Breaker existing = breakers.get(Objects.requireNonNull(name, "name"));
        return existing != null ? existing : create(name, config);
    }

    private Breaker create(String name, @Nullable BreakerConfig config) {
        Breaker created;
        synchronized (lock) {
            Breaker existing = breakers.get(name);
            if (existing != null) {
                return existing;
            }
            created = new DefaultBreaker(name, config != null ? config : configFor(name));
            breakerListeners.forEach(created::addListener);
            breakers.put(name, created);
        }
        for (RegistryListener listener : registryListeners) {
            listener.onBreakerAdded(created);
        }
        return created;
    }

    @Override
    public Optional<Breaker> find(String name) {
        return Optional.ofNullable(breakers.get(Objects.requireNonNull(name, "name")));
    }

    @Override
    public Collection<Breaker> breakers() {
        List<Breaker> all = new ArrayList<>(breakers.values());
        all.sort(Comparator.comparing(Breaker::name));
        return List.copyOf(all);
    }

    @Override
    public BreakerConfig configFor(String name) {
        BreakerConfig config = configs.get(name);
        if (config == null) {
            config = resolver.apply(name);
        }
        return config != null ? config : defaultConfig;
    }

    @Override
    public Optional<Breaker> remove(String name) {
        Breaker removed;
        synchronized (lock) {
            removed = breakers.remove(name);
        }
        if (removed != null) {
            for (RegistryListener listener : registryListeners) {
                listener.onBreakerRemoved(removed);
            }
        }
        return Optional.ofNullable(removed);
    }

    @Override
    public void addBreakerListener(BreakerListener listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (lock) {
            breakerListeners.add(listener);
            breakers.values().forEach(breaker -> breaker.addListener(listener));
        }
    }

    @Override
    public void addRegistryListener(RegistryListener listener) {
        registryListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public String toString() {
        return "BreakerRegistry" + breakers().stream().map(Breaker::name).toList();
    }

    /** Builds a {@link DefaultBreakerRegistry}. */
    public static final class RegistryBuilder implements BreakerRegistry.Builder {

        private final Map<String, BreakerConfig> configs = new HashMap<>();
        private Function<String, @Nullable BreakerConfig> resolver = name -> null;
        private BreakerConfig defaultConfig = BreakerConfig.defaults();
        private final List<BreakerListener> breakerListeners = new ArrayList<>();
        private final List<RegistryListener> registryListeners = new ArrayList<>();

        @Override
        public Builder defaultConfig(BreakerConfig config) {
            this.defaultConfig = Objects.requireNonNull(config, "config");
            return this;
        }

        @Override
        public Builder config(String name, BreakerConfig config) {
            configs.put(BreakerNames.check(name), Objects.requireNonNull(config, "config"));
            return this;
        }

        @Override
        public Builder configResolver(Function<String, @Nullable BreakerConfig> resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        @Override
        public Builder breakerListener(BreakerListener listener) {
            breakerListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        @Override
        public Builder registryListener(RegistryListener listener) {
            registryListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        @Override
        public BreakerRegistry build() {
            return new DefaultBreakerRegistry(this);
        }
    }
}
