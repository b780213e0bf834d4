package dev.breaker.web;

import dev.breaker.actuate.CircuitBreakersEndpointWebExtension;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Tomcat's error report for the {@code circuitbreakers} endpoint's paths: a request that Tomcat refuses before
 * any servlet code runs (an encoded {@code /} or {@code \}, {@code %00}, a malformed {@code %}-escape) answers
 * the endpoint's {@code application/problem+json} instead of Tomcat's HTML page.
 *
 * <p>Tomcat answers those requests from its host's {@link ErrorReportValve}: no application is chosen for a path
 * it cannot decode, so no error page or Spring MVC resolver of the application ever sees them. This valve sits
 * inside the host's standard one and reports only for requests whose path, as sent, is the endpoint's; it lets
 * every other request through untouched, and an error that something else already answered (Spring MVC's own
 * problem documents, Boot's error page) keeps its answer. A request line Tomcat cannot read at all (longer than
 * {@code server.max-http-request-header-size}, 8 KB by default, or holding a character no request target may hold,
 * such as a raw {@code \} or {@code {}) has no path to go by and keeps Tomcat's page.
 */
public class CircuitBreakersEndpointErrorReportValve extends ErrorReportValve {

    /** Why Tomcat refuses a request line it could read; its own messages are not echoed. */
    static final String BAD_REQUEST = "The server refused the request before it reached the endpoint: a path must"
            + " not hold an encoded '/' or '\\', %00, a malformed %-escape or bytes that are not UTF-8";

    private static final JsonFactory JSON = new JsonFactory();

    private final Supplier<@Nullable String> endpointPath;

    private volatile @Nullable String cachedPath;

    /**
     * @param endpointPath the endpoint's path as a client sends it: context path, {@code DispatcherServlet} prefix
     * and endpoint path (e.g. {@code /actuator/circuitbreakers}); {@code null} while not known
     */
    public CircuitBreakersEndpointErrorReportValve(Supplier<@Nullable String> endpointPath) {
        this.endpointPath = endpointPath;
    }

    /**
     * Adds a valve for the endpoint to the host of {@code context} once the host has started: after the host's
     * standard {@link ErrorReportValve} (Boot's, or the one the host adds as it starts), so inside it.
     *
     * @param endpointPath the endpoint's path within {@code context}: {@code DispatcherServlet} prefix and
     * endpoint path
     */
    public static void install(Context context, Supplier<@Nullable String> endpointPath) {
        Container host = context.getParent();
        host.addLifecycleListener(event -> {
            if (Lifecycle.AFTER_START_EVENT.equals(event.getType())) {
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof CircuitBreakersEndpointErrorReportValve) {
                        return;
                    }
                }
                host.getPipeline().addValve(new CircuitBreakersEndpointErrorReportValve(() -> {
                    String path = endpointPath.get();
                    return (path != null) ? context.getPath() + path : null;
                }));
            }
        });
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        if (onEndpoint(request.getRequestURI())) {
            super.invoke(request, response);
        } else {
            getNext().invoke(request, response);
        }
    }

    private boolean onEndpoint(@Nullable String requestUri) {
        String path = cachedPath;
        if (path == null) {
            path = endpointPath.get();
            if (path == null) {
                return false;
            }
            cachedPath = path; // fixed once the application has started
        }
        return requestUri != null && (requestUri.equals(path) || requestUri.startsWith(path + "/"));
    }

    /** Writes the problem, unless the response has one already or is no error; as Tomcat's JSON valve does. */
    @Override
    protected void report(Request request, Response response, @Nullable Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean();
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            String problem = problem(status, request.getRequestURI());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(problem);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException ex) {
            // The client is gone or the response was taken over; there is no one left to tell.
        }
    }

    /** The endpoint's problem shape (see {@link CircuitBreakersEndpointWebExtension#problem}), keys as it writes them. */
    static String problem(int status, String requestUri) {
        HttpStatus known = HttpStatus.resolve(status);
        String detail = (status == 400) ? BAD_REQUEST
                : (status < 500) ? "The server refused the request before it reached the endpoint"
                : "The server failed before the endpoint could answer";
        StringWriter json = new StringWriter();
        try (JsonGenerator generator = JSON.createGenerator(ObjectWriteContext.empty(), json)) {
            generator.writeStartObject();
            generator.writeStringProperty("detail", detail);
            generator.writeStringProperty("instance", uriReference(requestUri));
            generator.writeNumberProperty("status", status);
            generator.writeStringProperty("title", (known != null) ? known.getReasonPhrase() : "Error");
            generator.writeStringProperty("type", CircuitBreakersEndpointWebExtension.PROBLEM_TYPE.toString());
            generator.writeEndObject();
        }
        return json.toString();
    }

    /**
     * The path as sent, with whatever a URI may not hold (a {@code \}, a space, a byte over 127) escaped, so that
     * {@code instance} is a URI reference as RFC 9457 wants.
     */
    static String uriReference(String requestUri) {
        StringBuilder escaped = new StringBuilder(requestUri.length());
        for (int i = 0; i < requestUri.length(); i++) {
            char c = requestUri.charAt(i);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~!$&'()*+,;=:@/%".indexOf(c) >= 0)) {
                escaped.append(c);
            } else {
                // Tomcat keeps the request line's bytes as ISO-8859-1 characters: one byte each.
                for (byte b : String.valueOf(c).getBytes(c <= 0xFF ? StandardCharsets.ISO_8859_1
                        : StandardCharsets.UTF_8)) {
                    escaped.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
                }
            }
        }
        return escaped.toString();
    }
}
