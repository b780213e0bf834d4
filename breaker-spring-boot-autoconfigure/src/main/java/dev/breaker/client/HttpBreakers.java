package dev.breaker.client;

import dev.breaker.BreakerConfig;
import dev.breaker.Guard;
import dev.breaker.definition.GuardRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Which breaker an outbound request runs through, and what its response means for that breaker. Shared by
 * the {@link BreakerHttpRequestInterceptor} (RestClient, RestTemplate) and the
 * {@link BreakerExchangeFilterFunction} (WebClient), so both clients follow the same rules:
 * <ul>
 * <li>A mapped host ({@code breaker.http.hosts}) uses the named breaker: the longest matching path prefix
 * wins, a key with a port before one without. Its profile, layers, endpoint entry, metrics and health are
 * those of that name, shared with any annotated method of the same name.
 * <li>Any other host gets a breaker named {@code http:<host>}, with {@code :<port>} when the port is not the
 * scheme's default, resolved with {@code breaker.http.default-profile}. At most {@code max-hosts} are created:
 * past that, new hosts share {@value #OVERFLOW}, and one warning says so.
 * <li>A response with a failure status counts as a failure; a 429 or 503 with {@code Retry-After} opens the
 * breaker until then, capped by its {@code max-wait-duration-in-open-state}.
 * </ul>
 * Finding the breaker of a host already seen takes no lock and allocates nothing.
 */
public final class HttpBreakers {

    /** The breaker shared by hosts past {@code max-hosts}. */
    public static final String OVERFLOW = "http:other";

    private static final Log logger = LogFactory.getLog(HttpBreakers.class);

    private final GuardRegistry guards;
    private final HttpStatuses failureStatuses;
    private final boolean honorRetryAfter;
    private final int maxHosts;
    private final Map<String, Route[]> routes;
    private final ConcurrentHashMap<String, HostGuards> automatic = new ConcurrentHashMap<>();
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicBoolean warned = new AtomicBoolean();
    private volatile @Nullable Guard overflow;

    /**
     * @param guards where the breakers and their layers come from
     * @param hosts breaker names by host key (see {@code breaker.http.hosts}); mapped breakers are created now
     * @param failureStatuses responses that count as failures
     * @param honorRetryAfter whether a 429 or 503 with {@code Retry-After} opens the breaker until then
     * @param maxHosts breakers created for distinct unmapped hosts, at most
     * @throws InvalidHttpSettingException for a host key that is not a host, or a {@code maxHosts} below 1
     */
    public HttpBreakers(GuardRegistry guards, Map<String, String> hosts, HttpStatuses failureStatuses,
            boolean honorRetryAfter, int maxHosts) {
        if (maxHosts < 1) {
            throw new InvalidHttpSettingException("", String.valueOf(maxHosts), "at least 1");
        }
        this.guards = guards;
        this.failureStatuses = failureStatuses;
        this.honorRetryAfter = honorRetryAfter;
        this.maxHosts = maxHosts;
        Map<String, List<Route>> byHost = new HashMap<>();
        hosts.forEach((key, name) -> {
            HostKey parsed = HostKey.parse(key);
            byHost.computeIfAbsent(parsed.host(), host -> new ArrayList<>()).add(new Route(parsed, guards.guard(name)));
        });
        Map<String, Route[]> sorted = new HashMap<>();
        byHost.forEach((host, list) -> sorted.put(host, list.stream().sorted(Route.MOST_SPECIFIC_FIRST).toArray(Route[]::new)));
        this.routes = Map.copyOf(sorted);
    }

    /** The guard of the breaker {@code uri} runs through; {@code null} for a URI without a host. */
    public @Nullable Guard guardFor(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            return null;
        }
        host = host.toLowerCase(Locale.ROOT); // the same string when already lower case
        int defaultPort = defaultPort(uri.getScheme());
        int port = uri.getPort() == -1 ? defaultPort : uri.getPort();
        Route[] mapped = routes.get(host);
        if (mapped != null) {
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            for (Route route : mapped) {
                if (route.key.matches(port, path)) {
                    return route.guard;
                }
            }
        }
        HostGuards known = automatic.get(host);
        if (known != null) {
            Guard guard = known.find(port == defaultPort ? -1 : port);
            if (guard != null) {
                return guard;
            }
        }
        return create(host, port == defaultPort ? -1 : port);
    }

    /**
     * What a response with {@code status} means for {@code guard}'s breaker: with {@code Retry-After} on a 429
     * or 503, the breaker opens until then; a failure status gives the exception to record, carrying the response.
     *
     * @return the failure to record, or {@code null} when the response counts as a success
     */
    @Nullable HttpFailureStatusException judge(Guard guard, URI uri, int status, @Nullable String retryAfter,
            Object response) {
        if (retryAfter != null && readsRetryAfter(status) && !OVERFLOW.equals(guard.name())) {
            // The overflow breaker stands for many unrelated hosts: one of them asking for quiet says nothing of the rest.
            BreakerConfig config = guard.breaker().config();
            Duration asked = RetryAfter.parse(retryAfter, config.clock().now());
            if (asked != null) {
                open(guard, hostOf(uri), asked, config.maxWaitDurationInOpenState());
            }
        }
        return failureStatuses.contains(status) ? new HttpFailureStatusException(status, hostOf(uri), response) : null;
    }

    /** Whether a response with {@code status} may open its breaker through {@code Retry-After}. */
    boolean readsRetryAfter(int status) {
        return honorRetryAfter && (status == 429 || status == 503);
    }

    /**
     * A factory whose requests run through the breaker of their host (see {@link BreakerClientHttpRequestFactory}),
     * for a client built by hand whose hosts' breakers have no retry.
     */
    public BreakerClientHttpRequestFactory wrap(org.springframework.http.client.ClientHttpRequestFactory factory) {
        return new BreakerClientHttpRequestFactory(factory, this);
    }

    /** The breakers created for unmapped hosts so far (not counting {@value #OVERFLOW}). */
    public int automaticHosts() {
        return created.get();
    }

    private static void open(Guard guard, String host, Duration asked, Duration cap) {
        String reason = host + " asked to retry after " + seconds(asked);
        Duration wait = asked;
        if (!cap.isZero() && asked.compareTo(cap) > 0) {
            wait = cap;
            reason += " (capped at " + seconds(cap) + " by max-wait-duration-in-open-state)";
        }
        guard.breaker().openFor(wait, reason);
    }

    /** @param port the port the breaker is named with, -1 for the scheme's default (http and https share it) */
    private Guard create(String host, int port) {
        HostGuards known = automatic.get(host);
        if (known == null) {
            if (created.get() >= maxHosts) {
                // Checked before adding the host: past the cap, new hosts must not grow the map either.
                return overflow(host);
            }
            known = automatic.computeIfAbsent(host, key -> new HostGuards());
        }
        return known.add(host, port);
    }

    /** Takes one of the {@code max-hosts} places for a new breaker. */
    private boolean reserve() {
        if (created.incrementAndGet() <= maxHosts) {
            return true;
        }
        created.decrementAndGet();
        return false;
    }

    /** The overflow breaker, warning once that {@code host} (with its port, if any) is the first to share it. */
    private Guard overflow(String host) {
        if (warned.compareAndSet(false, true)) {
            logger.warn("Outbound HTTP breakers reached breaker.http.max-hosts (" + maxHosts + "): requests to "
                    + host + " and every other new host share the breaker '" + OVERFLOW + "'. If this application"
                    + " calls hosts derived from input, that is the cap at work; otherwise raise"
                    + " breaker.http.max-hosts or map the hosts under breaker.http.hosts.");
        }
        Guard guard = overflow;
        if (guard == null) {
            overflow = guard = guards.guard(OVERFLOW);
        }
        return guard;
    }

    private static String name(String host, int port) {
        return "http:" + host + (port == -1 ? "" : ":" + port);
    }

    private static String hostOf(URI uri) {
        String host = uri.getHost();
        return uri.getPort() == -1 ? host : host + ":" + uri.getPort();
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    private static int defaultPort(@Nullable String scheme) {
        if (scheme == null) {
            return -1;
        }
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "http", "ws" -> 80;
            case "https", "wss" -> 443;
            default -> -1;
        };
    }

    /** A mapped host key and its breaker's guard. */
    private record Route(HostKey key, Guard guard) {

        /** Longest path prefix first; for the same prefix, a key with a port before one without. */
        static final Comparator<Route> MOST_SPECIFIC_FIRST = Comparator
                .comparingInt((Route route) -> route.key.pathPrefix().length()).reversed()
                .thenComparing(route -> route.key.port() == -1);
    }

    /** The guards of one unmapped host, by the port in their name (-1: none): usually one, scanned without a lock. */
    private final class HostGuards {

        private volatile int[] ports = new int[0];
        private volatile Guard[] byPort = new Guard[0];

        @Nullable Guard find(int port) {
            Guard[] found = byPort; // read first: ports is written after byPort
            int[] at = ports;
            for (int i = 0; i < Math.min(at.length, found.length); i++) {
                if (at[i] == port) {
                    return found[i];
                }
            }
            return null;
        }

        /** The guard of {@code port}, created if new and a place is left under {@code max-hosts}. */
        synchronized Guard add(String host, int port) {
            Guard existing = find(port);
            if (existing != null) {
                return existing;
            }
            if (!reserve()) {
                return overflow(port == -1 ? host : host + ":" + port);
            }
            Guard guard = guards.guard(name(host, port));
            Guard[] grownGuards = Arrays.copyOf(byPort, byPort.length + 1);
            grownGuards[byPort.length] = guard;
            int[] grownPorts = Arrays.copyOf(ports, ports.length + 1);
            grownPorts[ports.length] = port;
            byPort = grownGuards;
            ports = grownPorts;
            return guard;
        }
    }
}
