package dev.breaker.healthcheck;

import dev.breaker.definition.BreakerConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthContributor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;

/**
 * Probes of Spring Boot health contributors, found by name ({@code db}) or by path through composites
 * ({@code db/primary}) in the application's contributor registries, blocking first, then reactive. DOWN and
 * OUT_OF_SERVICE are unhealthy, as is a composite with such a member; any other status (UP, UNKNOWN, a custom
 * one) is healthy.
 *
 * <p>The contributor is looked up again at every check, so one registered later or replaced is followed; one that
 * disappears makes the check unhealthy. At startup, a target that does not exist or that is refused (the breakers'
 * own indicator: a breaker it opened would make its own check fail) stops the application.
 */
public final class ContributorProbes implements HealthProbe.Factory {

    private final HealthContributorRegistry registry;
    private final @Nullable ReactiveHealthContributorRegistry reactiveRegistry;
    private final Predicate<HealthContributor> refused;
    private final String refusedWhy;

    /**
     * @param refused contributors a check must not use, e.g. the breakers' own indicator
     * @param refusedWhy why, for the startup error
     */
    public ContributorProbes(HealthContributorRegistry registry,
            @Nullable ReactiveHealthContributorRegistry reactiveRegistry, Predicate<HealthContributor> refused,
            String refusedWhy) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.reactiveRegistry = reactiveRegistry;
        this.refused = Objects.requireNonNull(refused, "refused");
        this.refusedWhy = Objects.requireNonNull(refusedWhy, "refusedWhy");
    }

    @Override
    public HealthProbe create(HealthCheckSettings settings) {
        String path = Objects.requireNonNull(settings.indicator(), "indicator");
        Lookup lookup = lookup(path);
        if (lookup.contributor() == null) {
            throw new BreakerConfigurationException(settings.path() + " is '" + path + "', but " + lookup.missing()
                    + ". Health contributors there: " + lookup.candidates() + ".",
                    "Set " + settings.path() + " to one of " + lookup.candidates()
                            + " (a composite's member as name/member), or register a health contributor named '"
                            + path + "'.");
        }
        if (refused.test(lookup.contributor())) {
            throw new BreakerConfigurationException(settings.path() + " is '" + path + "', the breakers' own health"
                    + " indicator: " + refusedWhy + ".",
                    "Check the dependency itself: set " + settings.path() + " to one of "
                            + withoutRefused(names(rootContributors())) + ", or use health-check.url.");
        }
        return () -> {
            Lookup current = lookup(path);
            if (current.contributor() == null) {
                return HealthProbe.Result.unhealthy("no health contributor '" + path + "' (" + current.missing() + ")");
            }
            return probe(current.contributor());
        };
    }

    /** Healthy unless the contributor, or a member of a composite, is DOWN or OUT_OF_SERVICE. */
    static HealthProbe.Result probe(HealthContributor contributor) {
        if (contributor instanceof HealthIndicator indicator) {
            Health health = indicator.health(true);
            if (health == null) {
                return HealthProbe.Result.unhealthy("no health reported");
            }
            Status status = health.getStatus();
            String detail = detail(status, health.getDetails());
            boolean unhealthy = Status.DOWN.equals(status) || Status.OUT_OF_SERVICE.equals(status);
            return unhealthy ? HealthProbe.Result.unhealthy(detail) : HealthProbe.Result.healthy(detail);
        }
        if (contributor instanceof CompositeHealthContributor composite) {
            List<String> members = new ArrayList<>();
            for (HealthContributors.Entry entry : composite) {
                HealthProbe.Result member = probe(entry.contributor());
                if (!member.healthy()) {
                    return HealthProbe.Result.unhealthy(entry.name() + ": " + member.detail());
                }
                members.add(entry.name());
            }
            return HealthProbe.Result.healthy("UP (" + String.join(", ", members) + ")");
        }
        return HealthProbe.Result.unhealthy("cannot check a " + contributor.getClass().getName());
    }

    /** The status, and the indicator's {@code error} detail when it gives one (Boot's {@code Health.down(ex)}). */
    private static String detail(Status status, Map<String, Object> details) {
        Object error = details.get("error");
        return (error != null) ? status.getCode() + ": " + error : status.getCode();
    }

    /** Finds a contributor by name or path; when it is missing, says where the path broke off and what is there. */
    private Lookup lookup(String path) {
        String[] names = path.split("/", -1);
        HealthContributors level = rootContributors();
        String at = "no health contributor has that name";
        for (int i = 0; i < names.length; i++) {
            HealthContributor contributor = level.getContributor(names[i]);
            if (contributor == null) {
                return new Lookup(null, (i == 0) ? at : "'" + String.join("/", List.of(names).subList(0, i))
                        + "' has no member '" + names[i] + "'", names(level));
            }
            if (i == names.length - 1) {
                return new Lookup(contributor, "", List.of());
            }
            if (!(contributor instanceof CompositeHealthContributor composite)) {
                return new Lookup(null, "'" + String.join("/", List.of(names).subList(0, i + 1))
                        + "' is a single indicator, with no members", names(level));
            }
            level = composite;
        }
        throw new IllegalStateException("unreachable");
    }

    /** The blocking contributors, then the reactive ones (adapted: their check blocks a health-check thread). */
    private HealthContributors rootContributors() {
        if (reactiveRegistry == null) {
            return registry;
        }
        return new HealthContributors() {
            @Override
            public @Nullable HealthContributor getContributor(String name) {
                HealthContributor blocking = registry.getContributor(name);
                if (blocking != null) {
                    return blocking;
                }
                ReactiveHealthContributor reactive = reactiveRegistry.getContributor(name);
                return (reactive != null) ? reactive.asHealthContributor() : null;
            }

            @Override
            public java.util.stream.Stream<Entry> stream() {
                return java.util.stream.Stream.concat(registry.stream(), reactiveRegistry.stream()
                        .map(entry -> new Entry(entry.name(), entry.contributor().asHealthContributor())));
            }
        };
    }

    private static List<String> names(HealthContributors contributors) {
        return List.copyOf(new TreeSet<>(contributors.stream().map(HealthContributors.Entry::name).toList()));
    }

    private List<String> withoutRefused(List<String> names) {
        return names.stream().filter(name -> {
            HealthContributor contributor = rootContributors().getContributor(name);
            return contributor == null || !refused.test(contributor);
        }).toList();
    }

    private record Lookup(@Nullable HealthContributor contributor, String missing, List<String> candidates) {
    }
}
