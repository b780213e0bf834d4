package dev.breaker.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.mock.http.MockHttpInputMessage;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.databind.json.JsonMapper;

/** Spring MVC's own errors on the endpoint's paths become problems; everywhere else nothing changes. */
class CircuitBreakersEndpointExceptionResolverTest {

    private static final JsonMapper JSON = new JsonMapper();

    private @Nullable String endpointPath = "/actuator/circuitbreakers";
    private List<HttpMessageConverter<?>> converters = List.of(new JacksonJsonHttpMessageConverter());
    private final CircuitBreakersEndpointExceptionResolver resolver =
            new CircuitBreakersEndpointExceptionResolver(() -> endpointPath, () -> converters);
    private final MockHttpServletResponse response = new MockHttpServletResponse();

    private @Nullable ModelAndView resolve(MockHttpServletRequest request, Exception ex) {
        return resolver.resolveException(request, response, null, ex);
    }

    private Map<String, Object> problem() throws Exception {
        assertThat(response.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        return JSON.readValue(response.getContentAsString(), Map.class);
    }

    @Test
    void aMethodTheEndpointDoesNotTakeIsAMethodNotAllowedProblemWithAllow() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("PUT", "/actuator/circuitbreakers/payment");
        ModelAndView handled = resolve(request,
                new HttpRequestMethodNotSupportedException("PUT", List.of("GET", "POST")));

        assertThat(handled).isNotNull().satisfies(view -> assertThat(view.isEmpty()).isTrue());
        assertThat(response.getStatus()).isEqualTo(405);
        assertThat(response.getHeader("Allow")).isEqualTo("GET, POST");
        assertThat(problem()).containsExactlyInAnyOrderEntriesOf(Map.of("type", "about:blank",
                "title", "Method Not Allowed", "status", 405, "detail", "Method 'PUT' is not supported.",
                "instance", "/actuator/circuitbreakers/payment"));
    }

    @Test
    void aBodyThatIsNotAJsonObjectIsABadRequestProblemThatDoesNotEchoTheParser() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/actuator/circuitbreakers/payment");
        resolve(request, new HttpMessageNotReadableException("JSON parse error: Unexpected end-of-input at [Source: x]",
                new MockHttpInputMessage("{\"state\": ".getBytes())));

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(problem()).containsExactlyInAnyOrderEntriesOf(Map.of("type", "about:blank",
                "title", "Bad Request", "status", 400,
                "detail", "The request body must be a JSON object such as {\"state\":\"FORCED_OPEN\"}",
                "instance", "/actuator/circuitbreakers/payment"));
        assertThat(response.getContentAsString()).doesNotContain("Source", "end-of-input");
    }

    @Test
    void theListPathAndAnUnsupportedMediaTypeAreCoveredToo() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/actuator/circuitbreakers");
        resolve(request, new HttpMediaTypeNotSupportedException(MediaType.TEXT_PLAIN,
                List.of(MediaType.APPLICATION_JSON), HttpMethod.POST));

        assertThat(response.getStatus()).isEqualTo(415);
        assertThat(problem()).containsEntry("title", "Unsupported Media Type")
                .containsEntry("instance", "/actuator/circuitbreakers");
    }

    @Test
    void theInstanceIsTheRequestPathAsSentBehindAContextPath() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("PUT", "/shop/actuator/circuitbreakers/payment");
        request.setContextPath("/shop");
        resolve(request, new HttpRequestMethodNotSupportedException("PUT", List.of("GET")));

        assertThat(problem()).containsEntry("instance", "/shop/actuator/circuitbreakers/payment");
    }

    @Test
    void otherPathsKeepTheirErrorHandling() {
        for (String path : new String[] {"/api/payments", "/actuator/health", "/actuator/circuitbreakersx"}) {
            MockHttpServletRequest request = new MockHttpServletRequest("PUT", path);
            assertThat(resolve(request, new HttpRequestMethodNotSupportedException("PUT", List.of("GET"))))
                    .as(path).isNull();
        }
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentAsByteArray()).isEmpty();
    }

    @Test
    void unexpectedFailuresAndUnmappedPathsKeepTheirErrorHandling() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/actuator/circuitbreakers/a/b");
        assertThat(resolve(request, new IllegalStateException("bug"))).isNull();
        assertThat(resolve(request, new NoResourceFoundException(HttpMethod.GET, "/actuator/circuitbreakers/a/b",
                "actuator/circuitbreakers/a/b"))).isNull();
        assertThat(response.getContentAsByteArray()).isEmpty();
    }

    @Test
    void nothingIsAnsweredWhileTheEndpointIsNotOnTheWebOrNoConverterWritesJson() {
        MockHttpServletRequest request = new MockHttpServletRequest("PUT", "/actuator/circuitbreakers/payment");
        endpointPath = null;
        assertThat(resolve(request, new HttpRequestMethodNotSupportedException("PUT", List.of("GET")))).isNull();
        endpointPath = "/actuator/circuitbreakers";
        converters = List.of();
        assertThat(resolve(request, new HttpRequestMethodNotSupportedException("PUT", List.of("GET")))).isNull();
        assertThat(response.getStatus()).isEqualTo(200);
    }
}
