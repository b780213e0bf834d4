package dev.breaker.healthcheck;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** An HTTP GET of a URL with the JDK's client: healthy on a 2xx status; the body is read and dropped. */
final class UrlProbe implements HealthProbe {

    private final HttpClient client;
    private final HttpRequest request;
    private final Duration timeout;

    UrlProbe(HttpClient client, URI url, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
        // The request's own timeout backs the check's: it ends the exchange in the client, not only the wait for it.
        this.request = HttpRequest.newBuilder(url).GET().timeout(timeout)
                .header("User-Agent", "breaker-health-check").build();
    }

    @Override
    public Result probe() throws Exception {
        int status;
        try {
            status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (HttpTimeoutException late) {
            // The client's own deadline may beat the check's by a hair: the same silence, said the same way.
            return Result.unhealthy("no answer within " + BreakerCheck.format(timeout));
        }
        String detail = "HTTP " + status;
        return (status >= 200 && status < 300) ? Result.healthy(detail) : Result.unhealthy(detail);
    }
}
