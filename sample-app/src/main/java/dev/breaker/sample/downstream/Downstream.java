package dev.breaker.sample.downstream;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The simulated downstreams, by the name used in URLs ({@code /downstream/payment}, {@code /chaos/payment}). */
public enum Downstream {

    PAYMENT, SEARCH, ANALYTICS, INVENTORY;

    /** The name used in URLs and JSON: lower case. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The downstream called {@code id}; empty for an unknown name. */
    public static Optional<Downstream> find(String id) {
        return Arrays.stream(values()).filter(d -> d.id().equals(id)).findFirst();
    }

    /** The accepted names, for error messages: "payment, search, analytics, inventory". */
    public static String ids() {
        return Arrays.stream(values()).map(Downstream::id).collect(Collectors.joining(", "));
    }
}
