package dev.breaker.autoconfigure;

import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One level of configuration a breaker resolves through: {@code breaker.defaults}, then its profile, then its
 * instance. The deepest level that sets a key has the last word.
 *
 * @param path the level's property path, e.g. {@code breaker.profiles.payment}
 * @param settings what it sets
 */
record Layer(String path, BreakerSettingsProperties settings) {

    /** The value of the deepest layer that sets it, with that layer's path; {@code null} when none does. */
    static <T> @Nullable Found<T> deepest(List<Layer> layers, Function<BreakerSettingsProperties, @Nullable T> getter) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            Layer layer = layers.get(i);
            T value = getter.apply(layer.settings());
            if (value != null) {
                return new Found<>(value, layer.path());
            }
        }
        return null;
    }

    static String camelCase(String kebabSetting) {
        StringBuilder camel = new StringBuilder();
        boolean upper = false;
        for (char c : kebabSetting.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                camel.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return camel.toString();
    }

    /** A value and the path of the level it came from. */
    record Found<T>(T value, String path) {
    }
}
