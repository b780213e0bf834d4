package dev.breaker.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The actuator, health and Spring MVC support sit under the auto-configuration, not beside it: they do not use
 * {@code dev.breaker.autoconfigure} (the layer types, which are moving to the core, are the one exception left),
 * and among themselves dependencies point one way, to {@code actuate}.
 */
class PackageDependenciesTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/breaker");

    /** Which types of {@code dev.breaker.autoconfigure} a package may still use, until they leave it. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "actuate", Set.of("dev.breaker.autoconfigure.BreakerLayers",
                    "dev.breaker.autoconfigure.BreakerLayerRegistry"),
            "health", Set.of(),
            "web", Set.of());

    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.breaker\\.(autoconfigure|actuate|health|web)"
            + "\\.([A-Z]\\w*|\\*)");

    /** Every {@code dev.breaker.<package>.Type} a package's sources name, by file. */
    private static Map<String, List<String>> references(String pkg, String target) {
        Map<String, List<String>> found = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES.resolve(pkg))) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                Matcher matcher = REFERENCE.matcher(read(file));
                List<String> names = matcher.results().map(result -> result.group())
                        .filter(name -> name.startsWith("dev.breaker." + target + ".")).distinct().toList();
                if (!names.isEmpty()) {
                    found.put(file.getFileName().toString(), names);
                }
            });
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return found;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Test
    void theSourcesAreWhereThisTestLooks() {
        assertThat(SOURCES.resolve("actuate/CircuitBreakersEndpoint.java")).exists();
        assertThat(references("health", "actuate")).containsKey("CircuitBreakersHealthIndicator.java"); // Rates
    }

    @Test
    void actuateHealthAndWebUseNoAutoConfigurationTypeButTheLayers() {
        ALLOWED.forEach((pkg, allowed) -> references(pkg, "autoconfigure").forEach((file, names) ->
                assertThat(names).as(pkg + "/" + file).isSubsetOf(allowed)));
    }

    @Test
    void actuateUsesNeitherHealthNorWeb() {
        assertThat(references("actuate", "health")).isEmpty();
        assertThat(references("actuate", "web")).isEmpty();
        assertThat(references("health", "web")).isEmpty();
    }
}
