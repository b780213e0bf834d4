package dev.breaker.sample.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every PromQL query of {@code grafana/breaker-dashboard.json}, run by a real Prometheus (Debian's
 * {@code /usr/bin/prometheus}) scraping this sample every second after chaos has opened the payment breaker: a
 * query that errors, or finds no series, fails the test with the panel's title. It proves that the dashboard's
 * metric names, labels and functions match what the starter exports, not that the graphs look right.
 *
 * <p>The {@code fleet} profile makes payment a shared breaker, pointed at a port where no Redis listens, so the fleet
 * sync series exist (and read 0, the breaker deciding alone).
 */
// The refused Redis connections are the point here: their WARNs stay out of a passing build's output, and so does
// Netty's complaint when Lettuce's reconnect timer fires into an event loop the closing context has shut down.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "logging.level.dev.breaker.shared.RedisFleetSync=ERROR",
        "logging.level.io.netty.util.concurrent.DefaultPromise.rejectedExecution=OFF" })
@ActiveProfiles({ "test", "fleet" })
class GrafanaDashboardQueriesTest {

    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path DASHBOARD = Path.of("..", "grafana", "breaker-dashboard.json");
    /** The breaker every panel is asked about: it has every layer, a fallback and fleet sync. */
    private static final String BREAKER = "payment";
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private Process prometheus;

    @LocalServerPort
    int port;

    @TempDir
    Path dir;

    @DynamicPropertySource
    static void noRedis(DynamicPropertyRegistry properties) {
        int closed = freePort();
        properties.add("spring.data.redis.port", () -> closed);
    }

    @AfterEach
    void stopPrometheus() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(5, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void everyPanelQueryFindsSeriesInARealPrometheus() throws Exception {
        if (!Files.isExecutable(PROMETHEUS)) {
            String why = PROMETHEUS + " is absent: install Debian's package prometheus to run the dashboard's queries";
            if (System.getenv("CI") != null) {
                throw new AssertionError(why + " (CI is set, so this is a failure, not a skip)");
            }
            Assumptions.abort(why);
        }
        Map<String, List<String>> queries = panelQueries();
        assertThat(queries).as("panels with queries in %s", DASHBOARD).hasSizeGreaterThanOrEqualTo(8);

        driveChaos();
        int prometheusPort = freePort();
        startPrometheus(prometheusPort);
        String api = "http://127.0.0.1:" + prometheusPort + "/api/v1/query?query=";
        // Enough scrapes for rate(...[1m]) to have two samples of the series that appear with the opening.
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            JsonNode result = query(api, "count_over_time(circuit_breaker_transitions_total{name=\"" + BREAKER
                    + "\",to=\"open\"}[1m])");
            return result.path("data").path("result").size() > 0
                    && result.path("data").path("result").get(0).path("value").get(1).asDouble() >= 3;
        });

        List<String> problems = new ArrayList<>();
        queries.forEach((panel, exprs) -> {
            for (String expr : exprs) {
                String promql = substitute(expr);
                try {
                    JsonNode result = query(api, promql);
                    if (!"success".equals(result.path("status").asString())) {
                        problems.add(panel + ": " + promql + " failed: " + result.path("error").asString());
                    } else if (result.path("data").path("result").isEmpty()) {
                        problems.add(panel + ": " + promql + " found no series");
                    }
                } catch (IOException | InterruptedException ex) {
                    problems.add(panel + ": " + promql + " could not be asked: " + ex);
                }
            }
        });
        assertThat(problems).as("dashboard queries against the sample's metrics").isEmpty();
    }

    /** Panel title to its targets' expressions, panels nested in rows included. */
    private Map<String, List<String>> panelQueries() throws IOException {
        JsonNode dashboard = json.readTree(Files.readString(DASHBOARD));
        assertThat(dashboard.path("__inputs").get(0).path("name").asString()).isEqualTo("DS_PROMETHEUS");
        assertThat(dashboard.path("templating").path("list").get(0).path("definition").asString())
                .isEqualTo("label_values(circuit_breaker_state, name)");
        Map<String, List<String>> queries = new LinkedHashMap<>();
        collect(dashboard.path("panels"), queries);
        return queries;
    }

    private static void collect(JsonNode panels, Map<String, List<String>> queries) {
        for (JsonNode panel : panels) {
            collect(panel.path("panels"), queries);
            for (JsonNode target : panel.path("targets")) {
                queries.computeIfAbsent(panel.path("title").asString(), title -> new ArrayList<>())
                        .add(target.path("expr").asString());
            }
        }
    }

    /** Grafana's variables as Grafana would fill them for one breaker and a short range. */
    private static String substitute(String expr) {
        return expr.replace("${name}", BREAKER).replace("$name", BREAKER)
                .replace("$__rate_interval", "1m").replace("$__interval", "15s").replace("$__range", "5m");
    }

    /** Payment's gateway fails: retries, fallbacks (the queue), an opening, rejections; the others serve. */
    private void driveChaos() throws Exception {
        String app = "http://localhost:" + port;
        send(HttpRequest.newBuilder(URI.create(app + "/chaos/payment")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"failureRate\":1.0}")));
        for (String service : List.of("payment", "search", "analytics", "inventory")) {
            send(HttpRequest.newBuilder(URI.create(app + "/traffic?service=" + service + "&calls=20"))
                    .POST(HttpRequest.BodyPublishers.noBody()));
        }
    }

    private void startPrometheus(int prometheusPort) throws IOException {
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: breaker-sample
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(port));
        Path data = Files.createDirectories(dir.resolve("data"));
        prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + data, "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    }

    private JsonNode query(String api, String promql) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create(api + URLEncoder.encode(promql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body());
    }

    private void send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s", response.body()).isBetween(200, 299);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
