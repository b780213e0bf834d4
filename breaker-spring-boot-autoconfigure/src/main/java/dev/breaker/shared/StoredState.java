package dev.breaker.shared;

import dev.breaker.BreakerState;
import dev.breaker.FleetTransition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A shared breaker's state as Redis holds it: one hash per breaker, written only by {@link RedisScripts#WRITE}.
 *
 * @param version bumped by every accepted write; the order of the fleet's transitions
 * @param origin the instance that wrote it
 * @param id the transition's id, unique to it (unlike its version: a Redis that lost writes numbers the next
 *        transitions again); null in a reply that did not carry it
 */
record StoredState(long version, BreakerState state, boolean byOperator, int reopenCount, @Nullable Instant retryAt,
        Instant at, String origin, String reason, @Nullable String id) {

    /** The hash fields, in the order the write script returns them after its accepted flag and version. */
    static final List<String> FIELDS = List.of("state", "operator", "reopen", "retryAt", "at", "origin", "reason",
            "id");

    /** Reads the hash; null when there is none (no instance has written this breaker yet). */
    static @Nullable StoredState parse(Map<String, String> hash) {
        if (hash.isEmpty() || !hash.containsKey("version")) {
            return null;
        }
        return of(hash.get("version"), FIELDS.stream().map(hash::get).toList());
    }

    /** Reads {@code version} and the {@link #FIELDS} values in order; throws on anything malformed. */
    static StoredState of(@Nullable String version, List<@Nullable String> fields) {
        try {
            String retryAt = fields.get(3);
            String state = fields.get(0);
            BreakerState parsed = BreakerState.valueOf(state == null ? "" : state);
            return new StoredState(Long.parseLong(String.valueOf(version)), parsed, "1".equals(fields.get(1)),
                    Integer.parseInt(String.valueOf(fields.get(2))),
                    retryAt == null || retryAt.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(retryAt)),
                    Instant.ofEpochMilli(Long.parseLong(String.valueOf(fields.get(4)))),
                    String.valueOf(fields.get(5)), String.valueOf(fields.get(6)),
                    fields.size() > 7 ? fields.get(7) : null);
        } catch (RuntimeException malformed) {
            throw new IllegalStateException("unreadable shared state (version " + version + ", fields " + FIELDS
                    + " = " + fields + "): " + malformed.getMessage(), malformed);
        }
    }

    /** The arguments of the write script for {@code transition}, after the version it was based on. */
    static List<String> writeArguments(FleetTransition transition, String origin) {
        Instant retryAt = transition.retryAt();
        return List.of(transition.state().name(), transition.byOperator() ? "1" : "0",
                Integer.toString(transition.reopenCount()),
                retryAt == null ? "" : Long.toString(retryAt.toEpochMilli()),
                Long.toString(transition.at().toEpochMilli()), origin, transition.reason());
    }

    /** What this instance adopts; the reason names the instance it came from. */
    FleetTransition toTransition() {
        return new FleetTransition(state, byOperator, reopenCount, state == BreakerState.OPEN && retryAt == null
                ? at : retryAt, at, "shared by instance " + origin + ": " + reason);
    }
}
