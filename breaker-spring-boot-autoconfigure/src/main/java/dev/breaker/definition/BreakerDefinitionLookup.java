package dev.breaker.definition;

/** Finds what the configuration says about a breaker name. */
@FunctionalInterface
public interface BreakerDefinitionLookup {

    /** The definition of the breaker named {@code name}, whether or not the configuration mentions it. */
    BreakerDefinition definition(String name);
}
