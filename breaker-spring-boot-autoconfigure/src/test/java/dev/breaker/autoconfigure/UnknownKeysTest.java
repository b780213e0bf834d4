package dev.breaker.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A key that binds to nothing is reported with the keys accepted where it is, not every key of
 * {@code breaker.*}, and with the closest valid key or the level where it belongs.
 */
class UnknownKeysTest {

    private static final String PER_BREAKER = "Under breaker.profiles.<name>, the accepted keys are: ";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, BreakerAutoConfiguration.class,
                    BreakerAopAutoConfiguration.class));

    @Test
    void aTypoUnderAProfileListsThePerBreakerSettingsOnly() {
        FailureAnalysis analysis = analyze("breaker.profiles.payment.failure-rate-treshold=10");

        assertThat(analysis.getDescription()).isEqualTo("breaker.profiles.payment.failure-rate-treshold (from"
                + " \"breaker.profiles.payment.failure-rate-treshold\" from property source \"test\") is not a breaker"
                + " setting (did you mean failure-rate-threshold?).");
        List<String> accepted = accepted(analysis.getAction(), PER_BREAKER);
        assertThat(accepted).contains("failure-rate-threshold", "shared", "affects-health", "timeout",
                "retry.max-attempts", "retry.backoff", "record-exceptions")
                .doesNotContain("profile", "aspect-order", "enabled", "require-configured-names", "retry",
                        "problem-details", "reconcile-interval");
    }

    @Test
    void aTypoUnderAnInstanceListsProfileToo() {
        FailureAnalysis analysis = analyze("breaker.instances.card-vault.profil=payment");

        assertThat(analysis.getDescription()).endsWith("is not a breaker setting (did you mean profile?).");
        assertThat(accepted(analysis.getAction(), "Under breaker.instances.<name>, the accepted keys are: "))
                .contains("profile", "failure-rate-threshold", "retry.jitter").doesNotContain("aspect-order");
    }

    @Test
    void aTypoUnderDefaultsListsThePerBreakerSettingsWithoutProfile() {
        FailureAnalysis analysis = analyze("breaker.defaults.wait-duration-in-opn-state=5s");

        assertThat(analysis.getDescription()).endsWith("(did you mean wait-duration-in-open-state?).");
        assertThat(accepted(analysis.getAction(), "Under breaker.defaults, the accepted keys are: "))
                .contains("wait-duration-in-open-state").doesNotContain("profile", "enabled");
    }

    @Test
    void aTopLevelTypoListsTheTopLevelKeys() {
        FailureAnalysis analysis = analyze("breaker.enabledd=false");

        assertThat(analysis.getDescription()).startsWith("breaker.enabledd (from ")
                .endsWith("is not a breaker setting (did you mean enabled?).");
        assertThat(accepted(analysis.getAction(), "Directly under breaker, the accepted keys are: "))
                .containsExactly("aspect-order", "dashboard.*", "defaults.*", "enabled", "http.*", "instances.<name>.*", "profiles.<name>.*",
                        "require-configured-names", "shared.*", "web.*");
    }

    @Test
    void profileInsteadOfProfilesSaysWhatToWrite() {
        FailureAnalysis analysis = analyze("breaker.profile.payment.failure-rate-threshold=10");

        assertThat(analysis.getDescription()).startsWith("breaker.profile.payment.failure-rate-threshold (from ")
                .endsWith("is not a breaker setting (did you mean breaker.profiles.payment.failure-rate-threshold?).");
        assertThat(analysis.getAction()).contains("Directly under breaker, the accepted keys are: ");
    }

    @Test
    void aKeyValidAtAnotherLevelSaysWhereItIsAccepted() {
        assertThat(analyze("breaker.profiles.payment.profile=search").getDescription())
                .endsWith("is not a breaker setting (profile is accepted only as breaker.instances.<name>.profile).");
        assertThat(analyze("breaker.defaults.aspect-order=1").getDescription())
                .endsWith("(aspect-order is accepted only as breaker.aspect-order).");
        assertThat(analyze("breaker.profiles.payment.shared.timeout=1s").getDescription())
                .endsWith("(shared.timeout is accepted only as breaker.shared.timeout).");
        assertThat(analyze("breaker.failure-rate-threshold=10").getDescription())
                .endsWith("(failure-rate-threshold is accepted only as breaker.defaults.failure-rate-threshold,"
                        + " breaker.instances.<name>.failure-rate-threshold or"
                        + " breaker.profiles.<name>.failure-rate-threshold).");
    }

    @Test
    void aTypoInTheSharedStoreSettingsListsThoseSettings() {
        FailureAnalysis analysis = analyze("breaker.shared.timout=1s");

        assertThat(analysis.getDescription()).endsWith("(did you mean timeout?).");
        assertThat(accepted(analysis.getAction(), "Under breaker.shared, the accepted keys are: "))
                .containsExactly("instance-id", "key-prefix", "namespace", "probe-lease-time", "reconcile-interval",
                        "timeout");
    }

    @Test
    void aMisspeltObjectNameIsCorrectedInFull() {
        assertThat(analyze("breaker.profiles.payment.retyr.max-attempts=3").getDescription())
                .endsWith("(did you mean breaker.profiles.payment.retry.max-attempts?).");
    }

    @Test
    void keysAtSeveralLevelsListTheKeysOfEachLevel() {
        FailureAnalysis analysis = analyze("breaker.enabledd=false", "breaker.profiles.payment.timout=1s");

        assertThat(analysis.getDescription().lines()).hasSize(2);
        assertThat(analysis.getAction()).contains("Directly under breaker, the accepted keys are: ")
                .contains(PER_BREAKER);
    }

    @Test
    void camelCaseKeysAreMatchedLikeBootBindsThem() {
        assertThat(analyze("breaker.profiles.payment.failureRateTreshold=10").getDescription())
                .endsWith("(did you mean failure-rate-threshold?).");
    }

    @Test
    void nothingIsSuggestedForAKeyThatResemblesNone() {
        FailureAnalysis analysis = analyze("breaker.profiles.payment.colour=red");

        assertThat(analysis.getDescription()).endsWith("is not a breaker setting.");
        assertThat(analysis.getAction()).startsWith("Fix or remove the key.\n" + PER_BREAKER);
    }

    @Test
    void everyPerBreakerKeySaysWhatItAccepts() {
        // The keys come from BreakerProperties; what each accepts, in words, from BreakerSettings: no key without both.
        Set<String> described = new TreeSet<>(BreakerSettings.ACCEPTED.keySet());
        described.remove("retry");
        described.remove("health-check");
        described.remove("recording");
        described.remove("experiments");
        described.remove("experiments.<name>");
        described.add("experiments.<name>.*");
        Set<String> keys = new TreeSet<>(BreakerKeys.diagnose(ConfigurationPropertyName.of("breaker.instances.x.y"))
                .accepted());
        assertThat(keys).isEqualTo(described);
    }

    @Test
    void closeEnoughIsAQuarterOfTheWordAndLessThanHalf() {
        assertThat(BreakerKeys.closest("inventroy", List.of("inventory", "payment"))).isEqualTo("inventory");
        assertThat(BreakerKeys.closest("Payment", List.of("inventory", "payment"))).isEqualTo("payment");
        assertThat(BreakerKeys.closest("paymnts", List.of("inventory", "payment"))).isEqualTo("payment");
        assertThat(BreakerKeys.closest("db", List.of("dc", "mq"))).isNull();
        assertThat(BreakerKeys.closest("shipping", List.of("inventory", "payment"))).isNull();
    }

    /** The keys the action lists for a level: one line per level, ending with a full stop. */
    private static List<String> accepted(String action, String level) {
        String line = action.lines().filter(l -> l.startsWith(level)).findFirst().orElseThrow(
                () -> new AssertionError("no line starting with '" + level + "' in:\n" + action));
        return Arrays.asList(line.substring(level.length(), line.length() - 1).split(", "));
    }

    private FailureAnalysis analyze(String... properties) {
        FailureAnalysis[] result = new FailureAnalysis[1];
        runner.withPropertyValues(properties).run(context -> {
            assertThat(context).as(String.join(", ", properties)).hasFailed();
            result[0] = new BreakerBindFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(result[0]).as("analysis of %s", context.getStartupFailure()).isNotNull();
        });
        return result[0];
    }
}
