package dev.breaker.shared;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One Redis command over a socket of its own, for the tests' setup and checks: quiet (no client library that
 * logs its reconnects), and never waiting more than a second for a server that hangs.
 */
final class RedisCommands {

    private static final int TIMEOUT_MILLIS = 1000;

    private RedisCommands() {
    }

    /**
     * Sends {@code args} to the server on {@code port} and returns its reply: a String (simple or bulk, null
     * for a null bulk), a Long, or a List of those.
     *
     * @throws IllegalStateException when the server answers with an error
     * @throws UncheckedIOException when it cannot be reached or does not answer in time
     */
    static Object call(int port, Object... args) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
            for (Object arg : args) {
                byte[] bytes = String.valueOf(arg).getBytes(StandardCharsets.UTF_8);
                request.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
            }
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return read(new BufferedInputStream(socket.getInputStream()));
        } catch (IOException failed) {
            throw new UncheckedIOException("redis on port " + port + ": " + List.of(args) + " failed", failed);
        }
    }

    /** The reply to {@code args} as text (a bulk or simple string). */
    static String text(int port, Object... args) {
        return String.valueOf(call(port, args));
    }

    /** One {@code field:value} line of an {@code INFO} (or {@code CLUSTER INFO}) reply, or null. */
    static String infoField(String info, String field) {
        return info.lines().filter(line -> line.startsWith(field + ":")).map(line -> line.substring(field.length() + 1)
                .trim()).findFirst().orElse(null);
    }

    private static Object read(InputStream in) throws IOException {
        int type = in.read();
        String line = line(in);
        return switch (type) {
            case '+' -> line;
            case '-' -> throw new IllegalStateException(line);
            case ':' -> Long.parseLong(line);
            case '$' -> {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    yield null;
                }
                byte[] bytes = in.readNBytes(length + 2);
                yield new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int count = Integer.parseInt(line);
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    items.add(read(in));
                }
                yield items;
            }
            case -1 -> throw new IOException("connection closed");
            default -> throw new IOException("unexpected reply type " + (char) type + line);
        };
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\r') {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            bytes.write(b);
        }
        in.read(); // '\n'
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
