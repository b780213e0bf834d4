package dev.breaker.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Holds a write to the {@code circuitbreakers} endpoint to the one body it documents, {@code {"state": "..."}}:
 * a body that names {@code state} twice, or any other key, answers 400 naming the key, and nothing changes.
 *
 * <p>Spring MVC reads the body into a map for the actuator before any endpoint code runs, and a map keeps the
 * last of two equal keys and any key nobody asked for. So this advice reads the body first, checks its top-level
 * keys with a streaming parser, and hands the same bytes on. It acts only on POSTs to the endpoint's paths (the
 * application's own request bodies are read as before), on the main port and, since Spring MVC looks for advice
 * in parent contexts too, on a separate management port. A body that is not a JSON object is left to Spring MVC,
 * which rejects it as before.
 */
@ControllerAdvice
public class CircuitBreakersEndpointRequestBodyAdvice extends RequestBodyAdviceAdapter {

    /** The one key a write takes. */
    static final String ACCEPTED_KEY = "state";

    /** Far more than {@code {"state":"FORCED_OPEN"}} needs: the body is held in memory to be read twice. */
    static final int MAX_BODY_BYTES = 8 * 1024;

    private static final String EXAMPLE = "{\"state\":\"FORCED_OPEN\"}";

    private static final JsonFactory JSON = new JsonFactory();

    private final Supplier<@Nullable String> endpointPath;

    /**
     * @param endpointPath the endpoint's path as Spring MVC matches it (e.g. {@code /actuator/circuitbreakers}),
     * {@code null} while the endpoint is not served over HTTP
     */
    public CircuitBreakersEndpointRequestBodyAdvice(Supplier<@Nullable String> endpointPath) {
        this.endpointPath = endpointPath;
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        HttpServletRequest request = currentRequest();
        return request != null && HttpMethod.POST.matches(request.getMethod())
                && EndpointPaths.onEndpoint(request, endpointPath.get());
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        byte[] body;
        try (InputStream in = input.getBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE,
                    "The request body must be at most " + MAX_BODY_BYTES + " bytes, such as " + EXAMPLE);
        }
        checkKeys(body);
        HttpHeaders headers = input.getHeaders();
        return new HttpInputMessage() {

            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }

    /** Rejects a JSON object whose top-level keys are not exactly one {@value #ACCEPTED_KEY}. */
    static void checkKeys(byte[] body) {
        Set<String> seen = new HashSet<>();
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return;
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String key = parser.currentName();
                if (!seen.add(key)) {
                    throw badRequest("The request body names " + quoted(key) + " more than once: send it once, such as "
                            + EXAMPLE);
                }
                if (!ACCEPTED_KEY.equals(key)) {
                    throw badRequest("The request body may hold only '" + ACCEPTED_KEY + "', such as " + EXAMPLE
                            + ", but holds " + quoted(key));
                }
                parser.nextToken();
                parser.skipChildren();
            }
        } catch (JacksonException notJson) {
            // Spring MVC reads the body next and rejects it as it would have anyway.
        }
    }

    private static ResponseStatusException badRequest(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }

    /** The key as sent, shortened: enough to recognise it. */
    private static String quoted(String key) {
        return "'" + (key.length() > 100 ? key.substring(0, 100) + "...' (" + key.length() + " characters)"
                : key + "'");
    }

    private static @Nullable HttpServletRequest currentRequest() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        return (attributes instanceof ServletRequestAttributes servlet) ? servlet.getRequest() : null;
    }
}
