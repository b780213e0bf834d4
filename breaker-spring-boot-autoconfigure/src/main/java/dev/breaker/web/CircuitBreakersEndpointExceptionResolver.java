package dev.breaker.web;

import dev.breaker.actuate.CircuitBreakersEndpointWebExtension;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.ErrorResponse;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.handler.AbstractHandlerExceptionResolver;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Answers the errors Spring MVC raises itself on the {@code circuitbreakers} endpoint's paths (405 for a method
 * it does not take, 415 and 406 for media types, 400 for a body that is not a JSON object or a missing
 * parameter) with the same {@code application/problem+json} documents as the endpoint's own 404 and 400,
 * instead of Boot's error-page JSON.
 *
 * <p>These errors happen while Spring MVC matches the request or reads its body, before any endpoint code runs,
 * so they go to the {@code DispatcherServlet}'s exception resolvers (with a separate management port, the
 * management context's resolver asks the parent's too). This one runs before Spring MVC's own (order 0), so an
 * application's {@code spring.mvc.problemdetails.enabled} or {@code @ControllerAdvice} does not change the
 * endpoint's answers, and only on the endpoint's paths, so it changes nothing else in the application.
 * A 404 for a path the endpoint does not have, and unexpected exceptions (500), keep Boot's handling.
 */
public class CircuitBreakersEndpointExceptionResolver extends AbstractHandlerExceptionResolver {

    /** What a write expects, said when its body cannot be read; the parser's message is not echoed back. */
    static final String UNREADABLE_BODY =
            "The request body must be a JSON object such as {\"state\":\"FORCED_OPEN\"}";

    private final Supplier<@Nullable String> endpointPath;
    private final Supplier<List<HttpMessageConverter<?>>> converters;

    /**
     * @param endpointPath the endpoint's path as Spring MVC matches it (e.g. {@code /actuator/circuitbreakers}),
     * {@code null} while the endpoint is not served over HTTP
     * @param converters the application's message converters, to write the problem as the endpoint's own
     * answers are written
     */
    public CircuitBreakersEndpointExceptionResolver(Supplier<@Nullable String> endpointPath,
            Supplier<List<HttpMessageConverter<?>>> converters) {
        this.endpointPath = endpointPath;
        this.converters = converters;
        setOrder(Ordered.HIGHEST_PRECEDENCE + 1); // after Boot's DefaultErrorAttributes, which records the error
        setWarnLogCategory(getClass().getName()); // logged like Spring MVC's DefaultHandlerExceptionResolver
    }

    @Override
    protected @Nullable ModelAndView doResolveException(HttpServletRequest request, HttpServletResponse response,
            @Nullable Object handler, Exception ex) {
        if (response.isCommitted() || !EndpointPaths.onEndpoint(request, endpointPath.get())) {
            return null;
        }
        ProblemDetail problem;
        HttpHeaders headers = HttpHeaders.EMPTY;
        if (ex instanceof HttpMessageNotReadableException) {
            problem = CircuitBreakersEndpointWebExtension.problem(HttpStatus.BAD_REQUEST, UNREADABLE_BODY);
        } else if (ex instanceof ErrorResponse error && !(ex instanceof NoResourceFoundException)
                && !(ex instanceof NoHandlerFoundException)) {
            problem = CircuitBreakersEndpointWebExtension.problem(error.getStatusCode(), error.getBody().getDetail());
            headers = error.getHeaders(); // e.g. Allow with a 405
        } else {
            return null;
        }
        problem.setInstance(URI.create(request.getRequestURI()));
        return write(problem, headers, response) ? new ModelAndView() : null;
    }

    @SuppressWarnings("unchecked")
    private boolean write(ProblemDetail problem, HttpHeaders headers, HttpServletResponse response) {
        for (HttpMessageConverter<?> converter : converters.get()) {
            if (converter.canWrite(ProblemDetail.class, MediaType.APPLICATION_PROBLEM_JSON)) {
                ServletServerHttpResponse output = new ServletServerHttpResponse(response);
                output.setStatusCode(HttpStatusCode.valueOf(problem.getStatus()));
                output.getHeaders().putAll(headers);
                try {
                    ((HttpMessageConverter<Object>) converter).write(problem, MediaType.APPLICATION_PROBLEM_JSON,
                            output);
                } catch (IOException ex) {
                    logger.debug("Could not write the problem for " + problem.getInstance(), ex);
                }
                return true;
            }
        }
        return false;
    }
}
