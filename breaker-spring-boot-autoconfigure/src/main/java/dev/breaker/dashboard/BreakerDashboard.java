package dev.breaker.dashboard;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Serves the dashboard under one path: {@code <path>/} the page, {@code <path>/dashboard.js} and
 * {@code <path>/dashboard.css} its assets (from {@code META-INF/breaker-dashboard/} in the jar: no CDN), and
 * {@code <path>/settings.json} the endpoint's URL and whether the page may write. The assets live outside
 * {@code META-INF/resources} so that Boot's static resource handling never serves them on the application's port.
 */
public final class BreakerDashboard {

    private static final String LOCATION = "META-INF/breaker-dashboard/";

    /** Scripts and styles from the page's own origin only; no inline script, no third party. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; "
            + "style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    private final String path;

    private final Supplier<@Nullable String> endpointPath;

    private final BooleanSupplier writable;

    /**
     * @param path the page's path within the management DispatcherServlet, e.g. {@code /breaker-dashboard}
     * @param endpointPath the endpoint's path within the same DispatcherServlet (e.g.
     * {@code /actuator/circuitbreakers}), null while it is not exposed over HTTP; asked per request
     * @param writable whether the endpoint's write operation is allowed; asked per request
     */
    public BreakerDashboard(String path, Supplier<@Nullable String> endpointPath, BooleanSupplier writable) {
        this.path = path;
        this.endpointPath = endpointPath;
        this.writable = writable;
    }

    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET(this.path, this::redirectToPage)
                .GET(this.path + "/", (request) -> asset("index.html", MediaType.TEXT_HTML))
                .GET(this.path + "/dashboard.js", (request) -> asset("dashboard.js",
                        MediaType.parseMediaType("text/javascript")))
                .GET(this.path + "/dashboard.css", (request) -> asset("dashboard.css",
                        MediaType.parseMediaType("text/css")))
                .GET(this.path + "/settings.json", this::settings)
                .build();
    }

    /** The page's relative links need the trailing slash. */
    private ServerResponse redirectToPage(ServerRequest request) {
        String location = request.requestPath().contextPath().value() + this.path + "/";
        return ServerResponse.status(HttpStatus.FOUND).header("Location", location).build();
    }

    private ServerResponse settings(ServerRequest request) {
        String endpoint = this.endpointPath.get();
        // contextPath() holds the servlet context path and the DispatcherServlet's prefix: what the browser needs.
        String url = (endpoint != null) ? request.requestPath().contextPath().value() + endpoint : null;
        String json = "{\"endpoint\":" + ((url != null) ? quote(url) : "null") + ",\"writable\":"
                + (url != null && this.writable.getAsBoolean()) + "}";
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).cacheControl(CacheControl.noStore())
                .header("X-Content-Type-Options", "nosniff").body(json);
    }

    private static ServerResponse asset(String name, MediaType type) {
        Resource resource = new ClassPathResource(LOCATION + name, BreakerDashboard.class.getClassLoader());
        return ServerResponse.ok().contentType(type).cacheControl(CacheControl.noCache())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .body(resource);
    }

    static String quote(String value) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            }
            else if (c < 0x20 || c == '<' || c == '>') {
                json.append(String.format("\\u%04x", (int) c));
            }
            else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }
}
