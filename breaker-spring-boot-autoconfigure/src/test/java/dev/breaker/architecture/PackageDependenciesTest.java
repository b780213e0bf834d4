package dev.breaker.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The Spring module's packages depend one way: the {@code @AutoConfiguration} classes sit on top and import
 * the support packages (aop, actuate, health, healthcheck, metrics, web, shared, definition, reactor); no support package
 * imports them back, and the support packages form no cycle among themselves. Boot's own modules keep this shape
 * ({@code cache.actuate.endpoint.CachesEndpoint} never imports {@code cache.autoconfigure}).
 */
class PackageDependenciesTest {

    /** The module's own main classes: not its tests, not the core library on the classpath. */
    private static final JavaClasses MODULE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> location.contains("breaker-spring-boot-autoconfigure"))
            .importPackages("dev.breaker");

    @Test
    void theModuleHasClassesInEverySupportPackage() {
        // Guards the import option: rules over an empty import would pass for nothing.
        for (String pkg : new String[] {"aop", "actuate", "autoconfigure", "client", "definition", "health",
                "healthcheck", "metrics", "reactor", "shared", "web"}) {
            org.assertj.core.api.Assertions.assertThat(MODULE.containPackage("dev.breaker." + pkg))
                    .as("dev.breaker." + pkg).isTrue();
        }
    }

    @Test
    void noSupportPackageImportsTheAutoConfiguration() {
        noClasses().that().resideOutsideOfPackage("dev.breaker.autoconfigure..")
                .should().dependOnClassesThat().resideInAPackage("dev.breaker.autoconfigure..")
                .because("the auto-configuration sits on top: it imports the support packages, never the reverse")
                .check(MODULE);
    }

    @Test
    void thePackagesFormNoCycle() {
        slices().matching("dev.breaker.(*)..").should().beFreeOfCycles().check(MODULE);
    }

    @Test
    void definitionsAndFleetStateDependOnNoOtherIntegration() {
        noClasses().that().resideInAnyPackage("dev.breaker.definition..", "dev.breaker.shared..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.breaker.aop..", "dev.breaker.actuate..",
                        "dev.breaker.health..", "dev.breaker.healthcheck..", "dev.breaker.metrics..", "dev.breaker.web..",
                        "dev.breaker.reactor..")
                .because("every integration builds on them")
                .check(MODULE);
        noClasses().that().resideInAPackage("dev.breaker.definition..")
                .should().dependOnClassesThat().resideInAPackage("dev.breaker.shared..")
                .check(MODULE);
    }

    @Test
    void healthChecksDependOnTheDefinitionsAlone() {
        noClasses().that().resideInAPackage("dev.breaker.healthcheck..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.breaker.aop..", "dev.breaker.actuate..",
                        "dev.breaker.health..", "dev.breaker.metrics..", "dev.breaker.web..", "dev.breaker.shared..",
                        "dev.breaker.client..", "dev.breaker.reactor..")
                .because("the endpoint and the meters show them: the checks know nothing of how they are shown")
                .check(MODULE);
    }

    @Test
    void theReactorOperatorsDependOnTheCoreAlone() {
        noClasses().that().resideInAPackage("dev.breaker.reactor..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.breaker.aop..", "dev.breaker.actuate..",
                        "dev.breaker.health..", "dev.breaker.metrics..", "dev.breaker.web..", "dev.breaker.shared..",
                        "dev.breaker.autoconfigure..", "dev.breaker.definition..", "org.springframework..")
                .because("the advisor, WebClient and Spring Cloud reuse them: they take a Guard, however it was made")
                .check(MODULE);
    }

    @Test
    void reactorTypesStayInTheReactorOperatorsAndTheAdvisorsReactorCalls() {
        // A support class naming Reactor would fail to load in an application without it (WithoutReactorTest).
        // Fleet state uses the reactive Redis template: its configuration requires Reactor on the classpath.
        noClasses().that().resideOutsideOfPackages("dev.breaker.reactor..", "dev.breaker.autoconfigure..",
                        "dev.breaker.shared..", "dev.breaker.cloud..")
                .and().doNotHaveFullyQualifiedName("dev.breaker.aop.ReactorCalls")
                .and().doNotHaveFullyQualifiedName("dev.breaker.client.BreakerExchangeFilterFunction")
                .should().dependOnClassesThat().resideInAPackage("reactor..")
                .check(MODULE);
    }
}
