package dev.breaker.web;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.UrlPathHelper;

/** Whether a request is for the {@code circuitbreakers} endpoint, as Spring MVC matched it. */
final class EndpointPaths {

    private EndpointPaths() {
    }

    /**
     * @param endpointPath the endpoint's path as Spring MVC matches it (e.g. {@code /actuator/circuitbreakers}),
     * {@code null} while the endpoint is not served over HTTP
     */
    static boolean onEndpoint(HttpServletRequest request, @Nullable String endpointPath) {
        if (endpointPath == null) {
            return false;
        }
        // The path the handler mappings matched: without context path and DispatcherServlet prefix.
        String path = ServletRequestPathUtils.hasCachedPath(request)
                ? ServletRequestPathUtils.getCachedPathValue(request)
                : UrlPathHelper.defaultInstance.getLookupPathForRequest(request);
        return path.equals(endpointPath) || path.startsWith(endpointPath + "/");
    }
}
