package dev.breaker.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
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
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Holds a write to the {@code circuitbreakers} endpoint to the body it documents, {@code {"state": "..."}} and
 * {@code {"settings": {...}}}, alone or together: a body that names a key twice (at the top or among the settings),
 * any other key, or settings that are neither an object nor its JSON text, answers 400 naming the key, and nothing
 * changes. An object of settings is handed on as its JSON text: the actuator reads a write's body into a map of
 * strings, and the endpoint takes settings as the JSON text that JMX, too, can send.
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

    /** The keys a write takes. */
    static final Set<String> ACCEPTED_KEYS = Set.of("state", "settings");

    /** Far more than {@code {"state":"FORCED_OPEN"}} needs: the body is held in memory to be read twice. */
    static final int MAX_BODY_BYTES = 8 * 1024;

    private static final String EXAMPLE = "{\"state\":\"FORCED_OPEN\"}";

    private static final String SETTINGS_EXAMPLE = "{\"settings\":{\"failure-rate-threshold\":20}}";

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
        byte[] handedOn = checkKeys(body) ? withSettingsAsText(body) : body;
        HttpHeaders headers = input.getHeaders();
        return new HttpInputMessage() {

            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(handedOn);
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }

    /**
     * Rejects a JSON object with a key other than {@code state} and {@code settings}, either of them twice, settings
     * that are neither an object nor text, or a setting named twice.
     *
     * @return whether the settings are an object, to hand on as text
     */
    static boolean checkKeys(byte[] body) {
        Set<String> seen = new HashSet<>();
        boolean settingsObject = false;
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String key = parser.currentName();
                if (!seen.add(key)) {
                    throw badRequest("The request body names " + quoted(key) + " more than once: send it once, such as "
                            + ("settings".equals(key) ? SETTINGS_EXAMPLE : EXAMPLE));
                }
                if (!ACCEPTED_KEYS.contains(key)) {
                    throw badRequest("The request body may hold only 'state' and 'settings', such as " + EXAMPLE
                            + " or " + SETTINGS_EXAMPLE + ", but holds " + quoted(key));
                }
                JsonToken value = parser.nextToken();
                if ("settings".equals(key)) {
                    settingsObject = checkSettings(parser, value);
                } else {
                    parser.skipChildren();
                }
            }
            parser.nextToken(); // the end of the document: a body cut short is left to Spring MVC
        } catch (JacksonException notJson) {
            // Spring MVC reads the body next and rejects it as it would have anyway.
            return false;
        }
        return settingsObject;
    }

    /**
     * Settings are an object that names each setting once, or its JSON text, or null for none.
     *
     * @return whether they are an object
     */
    private static boolean checkSettings(JsonParser parser, JsonToken value) {
        if (value == JsonToken.VALUE_NULL || value == JsonToken.VALUE_STRING) {
            return false;
        }
        if (value != JsonToken.START_OBJECT) {
            throw badRequest("settings must be a JSON object of breaker settings by name, such as " + SETTINGS_EXAMPLE);
        }
        Set<String> names = new HashSet<>();
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            if (!names.add(name)) {
                throw badRequest("The request body names the setting " + quoted(name) + " more than once: send it"
                        + " once, such as " + SETTINGS_EXAMPLE);
            }
            parser.nextToken();
            parser.skipChildren();
        }
        return true;
    }

    /** The same object, with the object of settings written as its JSON text: {@code {"settings":"{...}"}}. */
    static byte[] withSettingsAsText(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 32);
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body);
                JsonGenerator generator = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
            parser.nextToken();
            generator.writeStartObject();
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String key = parser.currentName();
                generator.writeName(key);
                if (parser.nextToken() == JsonToken.START_OBJECT && "settings".equals(key)) {
                    StringWriter text = new StringWriter();
                    try (JsonGenerator settings = JSON.createGenerator(ObjectWriteContext.empty(), text)) {
                        settings.copyCurrentStructure(parser);
                    }
                    generator.writeString(text.toString());
                } else {
                    generator.copyCurrentStructure(parser);
                }
            }
            generator.writeEndObject();
        }
        return out.toByteArray();
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
