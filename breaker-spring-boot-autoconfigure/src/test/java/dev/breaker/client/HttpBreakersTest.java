package dev.breaker.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breaker.BreakerRegistry;
import dev.breaker.FallbackListener;
import dev.breaker.Guard;
import dev.breaker.definition.GuardRegistry;
import dev.breaker.definition.LayerSettings;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which breaker a request URI runs through: mapping, naming, the longest-prefix rule and the host cap. */
class HttpBreakersTest {

    private final BreakerRegistry registry = BreakerRegistry.ofDefaults();
    private final GuardRegistry guards = new GuardRegistry(registry, name -> LayerSettings.NONE, FallbackListener.NONE);

    private HttpBreakers breakers(Map<String, String> hosts, int maxHosts) {
        return new HttpBreakers(guards, hosts, HttpStatuses.parse(List.of("5xx")), true, maxHosts);
    }

    private static String breakerOf(HttpBreakers breakers, String uri) {
        Guard guard = breakers.guardFor(URI.create(uri));
        return guard == null ? null : guard.name();
    }

    @Test
    void namesAnUnmappedHostsBreakerAfterTheHostWithThePortOnlyWhenNotTheSchemesDefault() {
        HttpBreakers breakers = breakers(Map.of(), 100);
        assertThat(breakerOf(breakers, "https://api.example.com/v1/x")).isEqualTo("http:api.example.com");
        assertThat(breakerOf(breakers, "https://api.example.com:443/v1/x")).isEqualTo("http:api.example.com");
        assertThat(breakerOf(breakers, "http://api.example.com/v1/x")).isEqualTo("http:api.example.com");
        assertThat(breakerOf(breakers, "http://API.Example.com:8080/")).isEqualTo("http:api.example.com:8080");
        assertThat(breakerOf(breakers, "https://api.example.com:80/")).isEqualTo("http:api.example.com:80");
        assertThat(breakerOf(breakers, "http://[::1]:9000/")).isEqualTo("http:[::1]:9000");
        assertThat(breakers.automaticHosts()).isEqualTo(4);
        assertThat(registry.find("http:api.example.com:8080")).isPresent();
    }

    @Test
    void passesARequestWithoutAHostThrough() {
        assertThat(breakers(Map.of(), 100).guardFor(URI.create("/relative/path"))).isNull();
    }

    @Test
    void mapsAHostOnAnyPortAndAHostWithAPortOnlyOnThatPort() {
        HttpBreakers breakers = breakers(Map.of("payments.example.com", "payment", "search.internal:8443", "search"), 100);
        assertThat(breakerOf(breakers, "https://payments.example.com/charge")).isEqualTo("payment");
        assertThat(breakerOf(breakers, "http://payments.example.com:8080/charge")).isEqualTo("payment");
        assertThat(breakerOf(breakers, "https://search.internal:8443/q")).isEqualTo("search");
        assertThat(breakerOf(breakers, "https://search.internal/q")).isEqualTo("http:search.internal");
        // Mapped breakers exist from startup, before any request: the endpoint shows them at once.
        assertThat(registry.find("payment")).isPresent();
        assertThat(breakers.automaticHosts()).isEqualTo(1);
    }

    @Test
    void choosesTheLongestMatchingPathPrefixOnSegmentBoundaries() {
        Map<String, String> hosts = new LinkedHashMap<>();
        hosts.put("payments.example.com", "payment");
        hosts.put("payments.example.com/v1/charges/", "charges");
        hosts.put("payments.example.com/v1/charges/refunds", "refunds");
        hosts.put("payments.example.com:8443/v1", "payment-tls");
        HttpBreakers breakers = breakers(hosts, 100);

        assertThat(breakerOf(breakers, "https://payments.example.com/v1/charges")).isEqualTo("charges");
        assertThat(breakerOf(breakers, "https://payments.example.com/v1/charges/42?expand=1")).isEqualTo("charges");
        assertThat(breakerOf(breakers, "https://payments.example.com/v1/charges/refunds/7")).isEqualTo("refunds");
        assertThat(breakerOf(breakers, "https://payments.example.com/v1/chargesheet")).isEqualTo("payment");
        assertThat(breakerOf(breakers, "https://payments.example.com/v2")).isEqualTo("payment");
        assertThat(breakerOf(breakers, "https://payments.example.com:8443/v1/x")).isEqualTo("payment-tls");
        // The longer prefix wins over the port-specific key.
        assertThat(breakerOf(breakers, "https://payments.example.com:8443/v1/charges/1")).isEqualTo("charges");
    }

    @Test
    void fallsBackToTheHostsOwnBreakerWhenOnlyAPathOfTheHostIsMapped() {
        HttpBreakers breakers = breakers(Map.of("payments.example.com/v1/charges", "charges"), 100);
        assertThat(breakerOf(breakers, "https://payments.example.com/v1/charges/1")).isEqualTo("charges");
        assertThat(breakerOf(breakers, "https://payments.example.com/v1/balance")).isEqualTo("http:payments.example.com");
    }

    @Test
    void sendsHostsPastTheCapToTheOverflowBreakerWithoutGrowing() {
        HttpBreakers breakers = breakers(Map.of(), 2);
        assertThat(breakerOf(breakers, "https://a.example.com/")).isEqualTo("http:a.example.com");
        assertThat(breakerOf(breakers, "https://b.example.com/")).isEqualTo("http:b.example.com");
        for (int i = 0; i < 500; i++) {
            assertThat(breakerOf(breakers, "https://user" + i + ".example.com/")).isEqualTo(HttpBreakers.OVERFLOW);
        }
        // Another port of a known host is another breaker: past the cap too.
        assertThat(breakerOf(breakers, "https://a.example.com:8443/")).isEqualTo(HttpBreakers.OVERFLOW);
        assertThat(breakerOf(breakers, "https://a.example.com/again")).isEqualTo("http:a.example.com");
        assertThat(breakers.automaticHosts()).isEqualTo(2);
        assertThat(registry.breakers()).extracting(b -> b.name())
                .containsExactlyInAnyOrder("http:a.example.com", "http:b.example.com", HttpBreakers.OVERFLOW);
    }

    @Test
    void rejectsHostKeysThatAreNotHosts() {
        for (String key : List.of("https://payments.example.com", "payments example.com", "*.example.com",
                "payments.example.com:99999", "payments.example.com:", "payments.example.com/v1?x=1", "", "a..b")) {
            assertThatThrownBy(() -> breakers(Map.of(key, "payment"), 100))
                    .as(key).isInstanceOf(InvalidHttpSettingException.class)
                    .hasMessageContaining("[" + key + "] is '" + key + "', but it must be a host, optionally with :port");
        }
    }

    @Test
    void parsesStatusClassesAndCodesAndNamesTheBadOne() {
        HttpStatuses statuses = HttpStatuses.parse(List.of("5xx", " 429 ", "4XX"));
        assertThat(statuses.contains(500)).isTrue();
        assertThat(statuses.contains(599)).isTrue();
        assertThat(statuses.contains(429)).isTrue();
        assertThat(statuses.contains(404)).isTrue();
        assertThat(statuses.contains(200)).isFalse();
        assertThat(statuses.contains(302)).isFalse();
        assertThat(statuses.contains(600)).isFalse();
        assertThat(statuses.contains(-1)).isFalse();
        assertThat(HttpStatuses.parse(List.of("503")).contains(500)).isFalse();

        assertThatThrownBy(() -> HttpStatuses.parse(List.of("5xx", "6xx")))
                .isInstanceOf(InvalidHttpSettingException.class)
                .hasMessage("[1] is '6xx', but it must be " + HttpStatuses.ACCEPTED);
        assertThatThrownBy(() -> HttpStatuses.parse(List.of("server-errors")))
                .isInstanceOf(InvalidHttpSettingException.class).hasMessageStartingWith("[0] is 'server-errors'");
    }
}
