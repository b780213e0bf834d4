package dev.breaker.autoconfigure;

import dev.breaker.client.HttpBreakers;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether Boot's blocking HTTP clients get the breakers through an interceptor (some breaker their requests may
 * use has a retry layer, which sends a request again) or through their request factory (the cheaper way).
 * Decided at startup from the settings of the breakers requests may use: the mapped names, the hosts' own
 * breakers ({@code breaker.http.default-profile}, and instances named {@code http:...}), and {@code http:other}.
 *
 * @param interceptor whether the interceptor serves the requests
 */
public record HttpRequestPath(boolean interceptor) {

    static HttpRequestPath of(BreakerProperties properties, BreakerDefinitions definitions) {
        List<String> names = new ArrayList<>(properties.getHttp().getHosts().values());
        // The breaker of a host nobody mapped or configured by name: what breaker.http.default-profile gives.
        names.add(BreakerDefinitions.HTTP_HOST_PREFIX);
        names.add(HttpBreakers.OVERFLOW);
        properties.getInstances().keySet().stream().filter(name -> name.startsWith(BreakerDefinitions.HTTP_HOST_PREFIX))
                .forEach(names::add);
        return new HttpRequestPath(names.stream().anyMatch(name -> definitions.definition(name).layers().retry() != null));
    }
}
