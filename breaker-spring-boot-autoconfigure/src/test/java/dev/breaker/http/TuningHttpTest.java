package dev.breaker.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.Breaker;
import dev.breaker.BreakerRegistry;
import dev.breaker.BreakerState;
import dev.breaker.ManualClock;
import dev.breaker.definition.BreakerTuning;
import dev.breaker.tuning.ExperimentReport;
import dev.breaker.tuning.Experiments;
import dev.breaker.tuning.Recording;
import dev.breaker.tuning.Replayer;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The tuning loop over real HTTP: candidates judged beside production traffic on the endpoint and in Prometheus, and
 * the winner applied with a write of settings, checked as at startup. Each test has a breaker of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = TuningHttpTest.App.class,
        properties = {
                "management.endpoints.web.exposure.include=circuitbreakers,prometheus",
                "management.endpoint.circuitbreakers.access=unrestricted",
                "breaker.instances.payment.sliding-window-size=4",
                "breaker.instances.payment.minimum-number-of-calls=4",
                "breaker.instances.payment.experiments.strict.failure-rate-threshold=25",
                "breaker.instances.payment.experiments.lenient.wait-duration-in-open-state=15s",
                "breaker.instances.search.failure-rate-threshold=50",
                "breaker.instances.recorded.sliding-window-size=4",
                "breaker.instances.recorded.minimum-number-of-calls=4",
                "breaker.instances.recorded.experiments.strict.failure-rate-threshold=25",
                "breaker.instances.recorded.recording.enabled=true",
                "breaker.instances.recorded.recording.max-events=1000"})
@AutoConfigureRestTestClient
@DirtiesContext
class TuningHttpTest {

    private static final String PAYMENT = "/actuator/circuitbreakers/payment";

    @Autowired
    RestTestClient http;

    @Autowired
    BreakerRegistry registry;

    @Autowired
    ManualClock clock;

    @Autowired
    BreakerTuning tuning;

    @Test
    void experimentsAreJudgedBesideLiveAndShownWithExactFieldTypes() {
        Breaker payment = registry.breaker("payment");
        payment.onError(Duration.ofMillis(10), new IllegalStateException("down"));
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMillis(250));
            payment.onSuccess(Duration.ofMillis(10));
        }
        http.get().uri(PAYMENT).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.experiments.live.settings").isEqualTo("")
                .jsonPath("$.experiments.live.calls").isEqualTo(4)
                .jsonPath("$.experiments.live.wouldOpen").isEqualTo(0)
                .jsonPath("$.experiments.live.detectionDelayMs").isEmpty()
                .jsonPath("$.experiments.live.blindPeriods").isArray()
                .jsonPath("$.experiments.strict.settings").isEqualTo("failure-rate-threshold=25")
                .jsonPath("$.experiments.strict.wouldOpen").isEqualTo(1)
                .jsonPath("$.experiments.strict.state").isEqualTo("OPEN")
                .jsonPath("$.experiments.strict.judgedSeconds").isEqualTo(0.75)
                .jsonPath("$.experiments.strict.verdict").isNotEmpty()
                .jsonPath("$.experiments.lenient.settings").isEqualTo("wait-duration-in-open-state=15s");
        String scrape = http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
        assertThat(scrape)
                .contains("circuit_breaker_experiment_would_open_total{experiment=\"strict\",name=\"payment\"} 1.0")
                .contains("circuit_breaker_experiment_would_open_total{experiment=\"live\",name=\"payment\"} 0.0")
                .contains("circuit_breaker_experiment_detection_delay_seconds{experiment=\"strict\",name=\"payment\"} 0.75")
                .contains("circuit_breaker_experiment_judged_seconds_total{experiment=\"lenient\",name=\"payment\"} 0.75")
                .doesNotContain("circuit_breaker_experiment_would_open_total{experiment=\"live\",name=\"quiet\"}");
        registry.breaker("quiet");
        http.get().uri("/actuator/circuitbreakers/quiet").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.experiments").doesNotExist()
                .jsonPath("$.settingsChanges").doesNotExist();
    }

    @Test
    void theWinnerIsAppliedWithoutARestart() {
        http.post().uri("/actuator/circuitbreakers/search").contentType(MediaType.APPLICATION_JSON)
                .body("{\"settings\":{\"failure-rate-threshold\":25,\"wait-duration-in-open-state\":\"15s\"}}")
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.config.failureRateThreshold").isEqualTo(25.0)
                .jsonPath("$.config.waitDurationInOpenState").isEqualTo("PT15S")
                .jsonPath("$.settingsChanges[0].source").isEqualTo("actuator")
                .jsonPath("$.settingsChanges[0].changed[0].name").isEqualTo("failure-rate-threshold")
                .jsonPath("$.settingsChanges[0].changed[0].oldValue").isEqualTo("50")
                .jsonPath("$.settingsChanges[0].changed[0].newValue").isEqualTo("25")
                .jsonPath("$.settingsChanges[0].changed[1].newValue").isEqualTo("15s")
                .jsonPath("$.settingsChanges[0].windowKept").isEqualTo(true)
                .jsonPath("$.settingsChanges[0].effect").isNotEmpty();
        assertThat(registry.breaker("search").config().failureRateThreshold()).isEqualTo(25);
        assertThat(http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody())
                .contains("circuit_breaker_settings_changes_total{name=\"search\",source=\"actuator\"} 1.0");
        http.get().uri("/actuator/circuitbreakers/search").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.config.failureRateThreshold").isEqualTo(25.0)
                .jsonPath("$.settingsChanges.length()").isEqualTo(1);
    }

    /** The form a web stack without Spring MVC, or JMX, sends: the object's JSON text. */
    @Test
    void settingsMayComeAsTheirJsonText() {
        registry.breaker("inventory");
        http.post().uri("/actuator/circuitbreakers/inventory").contentType(MediaType.APPLICATION_JSON)
                .body("{\"settings\":\"{\\\"slow-call-rate-threshold\\\":80}\"}")
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.config.slowCallRateThreshold").isEqualTo(80.0);
    }

    @Test
    void settingsAndAStateInOneWriteApplyBoth() {
        registry.breaker("orders");
        http.post().uri("/actuator/circuitbreakers/orders").contentType(MediaType.APPLICATION_JSON)
                .body("{\"state\":\"FORCED_OPEN\",\"settings\":{\"minimum-number-of-calls\":7}}")
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.state").isEqualTo("FORCED_OPEN")
                .jsonPath("$.config.minimumNumberOfCalls").isEqualTo(7);
    }

    @Test
    void aWrongSettingIsABadRequestNamingItsPropertyAndChangesNothing() {
        Breaker payment = registry.breaker("payment");
        int changes = payment.settingsChanges().size();
        EndpointProblems.assertBadRequest(write("{\"settings\":{\"failure-rate-threshold\":150}}"),
                "Invalid breaker setting: breaker.instances.payment.failure-rate-threshold is 150.0, but it must be a"
                        + " percentage in (0, 100].", PAYMENT);
        EndpointProblems.assertBadRequest(write("{\"settings\":{\"sliding-window-type\":\"sometimes\"}}"),
                "Invalid breaker setting: breaker.instances.payment.sliding-window-type is 'sometimes', but it must be"
                        + " count-based or time-based.", PAYMENT);
        EndpointProblems.assertBadRequest(write("{\"settings\":{\"shared\":true}}"),
                "breaker.instances.payment.shared cannot change while the application runs, only with a restart. The"
                        + " settings that can change while the application runs are: automatic-transition-to-half-open,"
                        + " consecutive-failure-threshold, failure-rate-threshold, max-wait-duration-in-half-open-state,"
                        + " max-wait-duration-in-open-state, minimum-number-of-calls,"
                        + " permitted-number-of-calls-in-half-open-state, sliding-window-max-age, sliding-window-size,"
                        + " sliding-window-type, slow-call-duration-threshold, slow-call-rate-threshold,"
                        + " success-threshold-in-half-open-state, wait-duration-in-open-state, wait-duration-jitter,"
                        + " wait-duration-multiplier.", PAYMENT);
        EndpointProblems.assertBadRequest(write("{\"settings\":{\"failure-rate-threshold\":20},\"state\":\"SHUT\"}"),
                "state must be one of CLOSED, OPEN, HALF_OPEN, FORCED_OPEN, DISABLED, but was 'SHUT'", PAYMENT);
        EndpointProblems.assertBadRequest(write("{\"settings\":[20]}"),
                "settings must be a JSON object of breaker settings by name, such as"
                        + " {\"settings\":{\"failure-rate-threshold\":20}}", PAYMENT);
        EndpointProblems.assertBadRequest(write("{\"settings\":\"failure-rate-threshold=20\"}"),
                "settings must be a JSON object of breaker settings by name, such as {\"failure-rate-threshold\":20}",
                PAYMENT);
        assertThat(payment.settingsChanges()).hasSize(changes);
        assertThat(payment.state()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void aRecordingIsExportedAsJsonLinesThatReplayToTheLiveFigures() throws IOException {
        Breaker recorded = registry.breaker("recorded");
        for (int i = 0; i < 6; i++) {
            clock.advance(Duration.ofMillis(200));
            if (i % 3 == 0) {
                recorded.onError(Duration.ofMillis(30), new IllegalStateException("down"));
            } else {
                recorded.onSuccess(Duration.ofMillis(12));
            }
        }
        List<Path> before = recordingFiles();
        String body = http.get().uri("/actuator/circuitbreakers/recorded/recording").exchange().expectStatus().isOk()
                .expectHeader().contentType("application/x-ndjson")
                .returnResult(String.class).getResponseBody();
        // Deleted once sent: the server closes the file after the last byte, as the client reads it.
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(recordingFiles()).as("temporary files left").isEqualTo(before));

        assertThat(body.lines().findFirst().orElseThrow()).startsWith("{\"breaker\":\"recorded\",\"settings\":{");
        Recording.Trace trace = Recording.readJsonLines(new StringReader(body));
        assertThat(trace.breaker()).isEqualTo("recorded");
        assertThat(trace.settings()).containsEntry("sliding-window-size", "4");
        // The state it started in, the calls, and its opening on the second failure (50% of 4 calls).
        assertThat(body.lines()).hasSize(1 + trace.events().size());
        assertThat(trace.events().stream().filter(event -> event.isCall())).hasSize(6);
        assertThat(trace.events()).extracting(event -> event.state()).containsSubsequence(BreakerState.CLOSED,
                BreakerState.OPEN);
        List<ExperimentReport> replayed = Replayer.replay(trace.events(),
                Replayer.apply(recorded.config(), trace.settings()), Map.of());
        Experiments experiments = tuning.experiments("recorded").orElseThrow();
        assertThat(replayed.get(0).calls()).isEqualTo(experiments.baseline().calls()).isEqualTo(6);
        assertThat(replayed.get(0).wouldOpen()).isEqualTo(experiments.baseline().wouldOpen());
    }

    @Test
    void aBreakerWithoutARecordingHasNoneToExport() {
        EndpointProblems.assertNotFound(http.get().uri("/actuator/circuitbreakers/search/recording").exchange(),
                "Circuit breaker 'search' is not recorded: set breaker.instances.search.recording.enabled=true (or"
                        + " recording.enabled in its profile) to record its calls",
                "/actuator/circuitbreakers/search/recording");
        EndpointProblems.assertNotFound(http.get().uri("/actuator/circuitbreakers/ghost/recording").exchange(),
                "No circuit breaker named 'ghost'", "/actuator/circuitbreakers/ghost/recording");
        assertThat(registry.find("ghost")).isEmpty();
    }

    private static List<Path> recordingFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(file -> file.getFileName().toString().startsWith("breaker-recording-")).sorted()
                    .toList();
        }
    }

    private RestTestClient.ResponseSpec write(String body) {
        return http.post().uri(PAYMENT).contentType(MediaType.APPLICATION_JSON).body(body).exchange();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        ManualClock manualClock() {
            return new ManualClock();
        }
    }
}
