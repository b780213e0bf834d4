package dev.breaker.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.mock.http.MockHttpInputMessage;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.server.ResponseStatusException;

/**
 * A write's body holds {@code state} and an object of {@code settings}, each at most once, and nothing else; every
 * other request body is left alone.
 */
class CircuitBreakersEndpointRequestBodyAdviceTest {

    /** The start of the answer to a body with a key a write does not take. */
    private static final String ONLY_STATE_AND_SETTINGS = "The request body may hold only 'state' and 'settings', such as"
            + " {\"state\":\"FORCED_OPEN\"} or {\"settings\":{\"failure-rate-threshold\":20}}, but holds ";

    private @Nullable String endpointPath = "/actuator/circuitbreakers";
    private final CircuitBreakersEndpointRequestBodyAdvice advice =
            new CircuitBreakersEndpointRequestBodyAdvice(() -> endpointPath);

    @AfterEach
    void clearRequest() {
        RequestContextHolder.resetRequestAttributes();
    }

    private boolean supports(String method, String path) {
        RequestContextHolder.setRequestAttributes(
                new ServletRequestAttributes(new MockHttpServletRequest(method, path)));
        return advice.supports(null, Object.class, JacksonJsonHttpMessageConverter.class);
    }

    private static HttpInputMessage body(String json) {
        MockHttpInputMessage input = new MockHttpInputMessage(json.getBytes(StandardCharsets.UTF_8));
        input.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        return input;
    }

    private HttpInputMessage read(String json) throws Exception {
        return advice.beforeBodyRead(body(json), null, Object.class, JacksonJsonHttpMessageConverter.class);
    }

    private void assertRejected(String json, int status, String detail) {
        assertThatExceptionOfType(ResponseStatusException.class).isThrownBy(() -> read(json))
                .satisfies(ex -> {
                    assertThat(ex.getStatusCode().value()).isEqualTo(status);
                    assertThat(ex.getBody().getDetail()).isEqualTo(detail);
                });
    }

    @Test
    void appliesOnlyToWritesToTheEndpoint() {
        assertThat(supports("POST", "/actuator/circuitbreakers/payment")).isTrue();
        assertThat(supports("POST", "/actuator/circuitbreakers")).isTrue();
        assertThat(supports("GET", "/actuator/circuitbreakers/payment")).isFalse();
        assertThat(supports("POST", "/actuator/circuitbreakersx")).isFalse();
        assertThat(supports("POST", "/api/payments")).isFalse();
        endpointPath = null; // not exposed over HTTP
        assertThat(supports("POST", "/actuator/circuitbreakers/payment")).isFalse();
        RequestContextHolder.resetRequestAttributes();
        assertThat(advice.supports(null, Object.class, JacksonJsonHttpMessageConverter.class)).isFalse();
    }

    @Test
    void aKeyNamedTwiceIsABadRequestNamingIt() {
        assertRejected("{\"state\":\"CLOSED\",\"state\":\"FORCED_OPEN\"}", 400,
                "The request body names 'state' more than once: send it once, such as {\"state\":\"FORCED_OPEN\"}");
        assertRejected("{\"state\":\"CLOSED\", \"state\": {\"nested\": 1}}", 400,
                "The request body names 'state' more than once: send it once, such as {\"state\":\"FORCED_OPEN\"}");
    }

    @Test
    void anyOtherKeyIsABadRequestNamingTheAcceptedOne() {
        assertRejected("{\"state\":\"CLOSED\",\"foo\":1}", 400,
                ONLY_STATE_AND_SETTINGS + "'foo'");
        assertRejected("{\"State\":\"CLOSED\"}", 400,
                ONLY_STATE_AND_SETTINGS + "'State'");
        assertRejected("{\"" + "k".repeat(500) + "\":1}", 400,
                ONLY_STATE_AND_SETTINGS + "'"
                        + "k".repeat(100) + "...' (500 characters)");
    }

    @Test
    void settingsAreAnObjectNamingEachSettingOnce() throws Exception {
        assertThatNoException().isThrownBy(() -> read("{\"settings\":{\"failure-rate-threshold\":20,"
                + "\"wait-duration-in-open-state\":\"15s\"},\"state\":\"CLOSED\"}"));
        assertThatNoException().isThrownBy(() -> read("{\"settings\":null,\"state\":\"CLOSED\"}"));
        assertRejected("{\"settings\":{\"failure-rate-threshold\":20,\"failure-rate-threshold\":30}}", 400,
                "The request body names the setting 'failure-rate-threshold' more than once: send it once, such as"
                        + " {\"settings\":{\"failure-rate-threshold\":20}}");
        assertRejected("{\"settings\":{\"minimum-number-of-calls\":5},\"settings\":{}}", 400,
                "The request body names 'settings' more than once: send it once, such as"
                        + " {\"settings\":{\"failure-rate-threshold\":20}}");
        for (String notAnObject : new String[] {"[20]", "20", "true"}) {
            assertRejected("{\"settings\":" + notAnObject + "}", 400, "settings must be a JSON object of breaker"
                    + " settings by name, such as {\"settings\":{\"failure-rate-threshold\":20}}");
        }
    }

    @Test
    void anObjectOfSettingsIsHandedOnAsItsJsonTextForTheActuatorsMapOfStrings() throws Exception {
        HttpInputMessage read = read("{\"state\":\"CLOSED\", \"settings\": {\"failure-rate-threshold\": 20,"
                + " \"wait-duration-in-open-state\": \"15s\", \"automatic-transition-to-half-open\": true}}");
        assertThat(new String(read.getBody().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"state\":\"CLOSED\","
                + "\"settings\":\"{\\\"failure-rate-threshold\\\":20,\\\"wait-duration-in-open-state\\\":\\\"15s\\\","
                + "\\\"automatic-transition-to-half-open\\\":true}\"}");
        String asText = "{\"settings\":\"{\\\"failure-rate-threshold\\\":20}\"}";
        assertThat(new String(read(asText).getBody().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(asText);
    }

    @Test
    void aBodyFarLargerThanAWriteNeedsIsRefusedUnread() {
        assertRejected("{\"state\":\"CLOSED\"" + " ".repeat(8 * 1024) + "}", 413,
                "The request body must be at most 8192 bytes, such as {\"state\":\"FORCED_OPEN\"}");
    }

    @Test
    void aStrictBodyIsHandedOnByteForByte() throws Exception {
        String json = "{ \"state\" : \"FORCED_OPEN\" }";
        HttpInputMessage read = read(json);
        assertThat(new String(read.getBody().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(json);
        assertThat(read.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
    }

    @Test
    void whatIsNotAJsonObjectIsLeftToSpringMvc() {
        for (String notAnObject : new String[] {"{\"state\": ", "[\"FORCED_OPEN\"]", "FORCED_OPEN", "{}", "\"x\"",
                "{\"state\":\"CLOSED\"", "{\"state\" \"CLOSED\"}"}) {
            assertThatNoException().as(notAnObject).isThrownBy(() -> read(notAnObject));
        }
    }
}
