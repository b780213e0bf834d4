package dev.breaker.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.definition.TuningSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * {@code BREAKER_*} environment variables that bind to no setting fail startup like a misspelt key in a file,
 * naming the variable and the variable to write instead. Boot itself ignores unknown keys from the process
 * environment; the variables here replace the real ones.
 */
class UnboundBreakerVariablesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, BreakerAutoConfiguration.class,
                    BreakerAopAutoConfiguration.class));

    @Test
    void aMisspeltVariableNamesItselfAndTheVariableToWrite() {
        FailureAnalysis analysis = analyze(variables("BREAKER_PROFILES_INVENTORY_FAILURERATETRESHOLD", "10"));

        assertThat(analysis.getDescription()).isEqualTo("Environment variable"
                + " BREAKER_PROFILES_INVENTORY_FAILURERATETRESHOLD (breaker.profiles.inventory.failureratetreshold)"
                + " is not a breaker setting (did you mean BREAKER_PROFILES_INVENTORY_FAILURERATETHRESHOLD, for"
                + " breaker.profiles.inventory.failure-rate-threshold?).");
        assertThat(analysis.getAction()).startsWith("Fix or remove the variable;")
                .contains("\nUnder breaker.profiles.<name>, the accepted keys are: ")
                .doesNotContain("aspect-order");
    }

    @Test
    void aMisspeltTopLevelVariableListsTheTopLevelKeys() {
        FailureAnalysis analysis = analyze(variables("BREAKER_ENABLEDD", "false"));

        assertThat(analysis.getDescription()).isEqualTo("Environment variable BREAKER_ENABLEDD (breaker.enabledd) is"
                + " not a breaker setting (did you mean BREAKER_ENABLED, for breaker.enabled?).");
        assertThat(analysis.getAction()).contains("\nDirectly under breaker, the accepted keys are: aspect-order,");
    }

    @Test
    void aVariableForAKeyOfAnotherLevelSaysWhereItIsAccepted() {
        assertThat(analyze(variables("BREAKER_PROFILES_PAYMENT_PROFILE", "search")).getDescription())
                .endsWith("(profile is accepted only as BREAKER_INSTANCES_<NAME>_PROFILE"
                        + " (breaker.instances.<name>.profile)).");
    }

    @Test
    void everyUnboundVariableIsListed() {
        FailureAnalysis analysis = analyze(variables("BREAKER_ENABLEDD", "false",
                "BREAKER_PROFILES_INVENTORY_FAILURERATETRESHOLD", "10", "BREAKER_PROFILES_INVENTORY_TIMEOUT", "1s"));

        assertThat(analysis.getDescription().lines()).hasSize(2)
                .allMatch(line -> line.startsWith("Environment variable BREAKER_"));
    }

    @Test
    void variablesThatBindStartAndTakeEffect() {
        runner.withInitializer(context -> replaceEnvironment(context.getEnvironment().getPropertySources(),
                        variables("BREAKER_PROFILES_INVENTORY_FAILURERATETHRESHOLD", "10",
                                "BREAKER_INSTANCES_CARDVAULT_RETRY_MAXATTEMPTS", "3",
                                "BREAKER_INSTANCES_CARDVAULT_RECORDEXCEPTIONS_0_", "java.io.IOException",
                                "BREAKER_SHARED_TIMEOUT", "1s",
                                "BREAKERBOX_URL", "http://elsewhere", "PATH", "/usr/bin")))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    BreakerDefinitions definitions = context.getBean(BreakerDefinitions.class);
                    assertThat(definitions.definition("inventory").config().failureRateThreshold()).isEqualTo(10f);
                    assertThat(definitions.definition("cardvault").layers().retry().maxAttempts()).isEqualTo(3);
                });
    }

    @Test
    void theVariablesKubernetesInjectsForAServiceNamedBreakerAreNotSettings() {
        runner.withInitializer(context -> replaceEnvironment(context.getEnvironment().getPropertySources(),
                        variables("BREAKER_SERVICE_HOST", "10.0.0.7", "BREAKER_SERVICE_PORT", "8080",
                                "BREAKER_SERVICE_PORT_HTTP", "8080", "BREAKER_PORT", "tcp://10.0.0.7:8080",
                                "BREAKER_PORT_8080_TCP", "tcp://10.0.0.7:8080", "BREAKER_PORT_8080_TCP_ADDR", "10.0.0.7")))
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(analyze(variables("BREAKER_SERVICE_HOST", "10.0.0.7", "BREAKER_ENABLEDD", "false"))
                .getDescription()).as("a real typo beside them is still reported, alone")
                .isEqualTo("Environment variable BREAKER_ENABLEDD (breaker.enabledd) is not a breaker setting"
                        + " (did you mean BREAKER_ENABLED, for breaker.enabled?).");
    }

    @Test
    void anEmptyVariableForAKnownKeyIsReportedAsEmpty() {
        FailureAnalysis analysis = analyze(variables("BREAKER_PROFILES_INVENTORY_FAILURERATETHRESHOLD", ""));

        assertThat(analysis.getDescription()).isEqualTo("Invalid breaker setting:"
                + " breaker.profiles.inventory.failure-rate-threshold is empty (from environment variable"
                + " BREAKER_PROFILES_INVENTORY_FAILURERATETHRESHOLD), but it must be a percentage in (0, 100].");
    }

    @Test
    void aMisspeltSystemPropertyFailsToo() {
        Properties properties = new Properties();
        properties.setProperty("breaker.profiles.inventory.failure-rate-treshold", "10");
        runner.withInitializer(context -> context.getEnvironment().getPropertySources().replace(
                        StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME, new PropertiesPropertySource(
                                StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME, properties)))
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new BreakerConfigurationFailureAnalyzer()
                            .analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).startsWith(
                            "breaker.profiles.inventory.failure-rate-treshold (from \"breaker.profiles.inventory"
                                    + ".failure-rate-treshold\" from property source \"systemProperties\") is not a"
                                    + " breaker setting (did you mean failure-rate-threshold?)");
                });
    }

    @Test
    void experimentsAndRecordingBindFromVariablesAndAMisspeltOneIsNamed() {
        runner.withInitializer(context -> replaceEnvironment(context.getEnvironment().getPropertySources(),
                variables("BREAKER_INSTANCES_PAYMENT_EXPERIMENTS_STRICT_FAILURERATETHRESHOLD", "10",
                        "BREAKER_INSTANCES_PAYMENT_RECORDING_MAXEVENTS", "500")))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    TuningSettings tuning = context.getBean(BreakerDefinitions.class)
                            .definition("payment").tuning();
                    assertThat(tuning.experiments().get(0).settings()).containsEntry("failure-rate-threshold", "10");
                });
        assertThat(analyze(variables("BREAKER_INSTANCES_PAYMENT_EXPERIMENTS_STRICT_FAILURERATETRESHOLD", "10"))
                .getDescription()).isEqualTo("Environment variable"
                        + " BREAKER_INSTANCES_PAYMENT_EXPERIMENTS_STRICT_FAILURERATETRESHOLD"
                        + " (breaker.instances.payment.experiments.strict.failureratetreshold) is not a setting an"
                        + " experiment can try (did you mean"
                        + " BREAKER_INSTANCES_PAYMENT_EXPERIMENTS_STRICT_FAILURERATETHRESHOLD, for"
                        + " breaker.instances.payment.experiments.strict.failure-rate-threshold?).");
    }

    private FailureAnalysis analyze(Map<String, Object> variables) {
        FailureAnalysis[] result = new FailureAnalysis[1];
        runner.withInitializer(context -> replaceEnvironment(context.getEnvironment().getPropertySources(), variables))
                .run(context -> {
                    assertThat(context).as(variables.toString()).hasFailed();
                    result[0] = new BreakerConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(result[0]).as("analysis of %s", context.getStartupFailure()).isNotNull();
                });
        return result[0];
    }

    private static void replaceEnvironment(MutablePropertySources sources, Map<String, Object> variables) {
        String name = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
        sources.replace(name, new SystemEnvironmentPropertySource(name, variables));
    }

    private static Map<String, Object> variables(String... namesAndValues) {
        Map<String, Object> variables = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            variables.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return variables;
    }
}
