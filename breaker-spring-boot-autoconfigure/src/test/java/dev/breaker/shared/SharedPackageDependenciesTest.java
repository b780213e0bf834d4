package dev.breaker.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shared package is a support package: the auto-configuration and the metrics package use it, never the
 * other way round (its meters live in {@code dev.breaker.metrics}).
 */
class SharedPackageDependenciesTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/breaker/shared");

    @Test
    void usesNeitherTheAutoConfigurationNorTheMetricsPackageNorMicrometer() throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(SOURCES)) {
            files = listed.filter(file -> file.toString().endsWith(".java")).toList();
        }
        assertThat(files).extracting(file -> file.getFileName().toString()).contains("RedisFleetSync.java");
        assertThat(files).allSatisfy(file -> assertThat(read(file)).as(file.getFileName().toString())
                .doesNotContain("dev.breaker.autoconfigure", "dev.breaker.metrics", "io.micrometer"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }
}
