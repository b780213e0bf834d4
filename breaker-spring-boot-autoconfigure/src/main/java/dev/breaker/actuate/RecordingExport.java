package dev.breaker.actuate;

import dev.breaker.tuning.Recording;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;

/**
 * A breaker's recording as the endpoint sends it: JSON lines ({@link Recording#writeJsonLines}) in a temporary file,
 * deleted once sent. A recording may keep up to ten million events, whose text would not fit in memory at once, and
 * every web stack the actuator runs on streams a {@link Resource}.
 */
final class RecordingExport {

    /** The media type of JSON lines. */
    static final String NDJSON = "application/x-ndjson";

    private RecordingExport() {
    }

    static Resource of(Recording recording, String breaker) {
        Path file = null;
        try {
            file = Files.createTempFile("breaker-recording-", ".jsonl");
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                recording.writeJsonLines(out);
            }
            file.toFile().deleteOnExit(); // in case it is never sent
            return new SentOnce(file);
        } catch (IOException | RuntimeException failed) {
            delete(file);
            if (failed instanceof IOException io) {
                throw new UncheckedIOException("Could not export the recording of circuit breaker '" + breaker + "'",
                        io);
            }
            throw (RuntimeException) failed;
        }
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // deleteOnExit takes it
            }
        }
    }

    /**
     * The file, read once as a stream and deleted when that stream closes. Not a "file" to the web stack, which
     * would otherwise send it by path and never close a stream.
     */
    private static final class SentOnce extends FileSystemResource {

        SentOnce(Path file) {
            super(file);
        }

        @Override
        public boolean isFile() {
            return false;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return new FilterInputStream(super.getInputStream()) {

                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        delete(getFile().toPath());
                    }
                }
            };
        }
    }
}
