package dev.breaker.internal;

import dev.breaker.BreakerConfig;
import dev.breaker.SettingsChange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What {@link dev.breaker.Breaker#reconfigure} changes: which settings differ, and the state that replaces the
 * current one under the new settings, with the words the history shows for it. The {@link StateMachine} applies
 * it under its lock.
 *
 * <p>Every state is replaced, even one that keeps everything (FORCED_OPEN, DISABLED): a state holds the settings
 * its calls are timed and classified by, and the mode, which is how a new one takes effect at once.
 */
final class Reconfiguration {

    private static final String TYPE = "sliding-window-type";
    private static final String SIZE = "sliding-window-size";

    /** The state that replaces the current one, whether its window's outcomes were kept, and what happened. */
    record Replacement(State state, boolean windowKept, String effect) {
    }

    private Reconfiguration() {
    }

    /** Refuses settings with another clock, scheduler or fleet sync: the running breaker is built on them. */
    static void checkSameMachinery(BreakerConfig current, BreakerConfig next) {
        same("clock", current.clock(), next.clock());
        same("scheduler", current.scheduler(), next.scheduler());
        same("fleet sync", current.fleetSync().orElse(null), next.fleetSync().orElse(null));
    }

    private static void same(String what, @Nullable Object current, @Nullable Object next) {
        if (current != next) {
            throw new IllegalArgumentException("A breaker cannot change its " + what + " while it runs: the new "
                    + "settings must use the same " + what + " (" + current + "), not " + next);
        }
    }

    /** Each setting whose value differs, with its old and new value, in the order of the settings. */
    static List<SettingsChange.Setting> changes(Map<String, String> current, Map<String, String> next) {
        List<SettingsChange.Setting> changed = new ArrayList<>();
        current.forEach((name, value) -> {
            String newValue = next.get(name);
            if (!value.equals(newValue)) {
                changed.add(new SettingsChange.Setting(name, value, newValue));
            }
        });
        return changed;
    }

    /**
     * Under the machine's lock, with the new settings already the breaker's: the state that replaces
     * {@code current}, built under them.
     */
    static Replacement replacement(DefaultBreaker breaker, State current, List<SettingsChange.Setting> changed) {
        Replacement replacement = switch (current.kind()) {
            case CLOSED -> closed(breaker, (ClosedState) current, changed);
            case OPEN -> {
                OpenState open = ((OpenState) current).reconfigured();
                yield new Replacement(open, false, "state OPEN kept, "
                        + State.format(Duration.ofNanos(open.retryAfterNanos())) + " of its wait left");
            }
            case HALF_OPEN -> new Replacement(new HalfOpenState(breaker, ((HalfOpenState) current).reopenCount()),
                    false, "state HALF_OPEN, trial calls started again (" + current.snapshot().total()
                            + " had completed)");
            case FORCED_OPEN -> new Replacement(new ForcedOpenState(breaker, current.snapshot()), false,
                    "state FORCED_OPEN kept (an operator's)");
            case DISABLED -> new Replacement(new DisabledState(breaker), false, "state DISABLED kept (an operator's)");
        };
        String mode = modeChange(changed);
        return mode == null ? replacement
                : new Replacement(replacement.state(), replacement.windowKept(), replacement.effect() + "; " + mode);
    }

    /**
     * CLOSED keeps its outcomes when the window's type and size are unchanged (they are then judged by the new
     * minimum, thresholds and max age); otherwise it starts an empty window.
     */
    private static Replacement closed(DefaultBreaker breaker, ClosedState current,
            List<SettingsChange.Setting> changed) {
        List<String> incompatible = new ArrayList<>();
        for (SettingsChange.Setting setting : changed) {
            if (setting.name().equals(TYPE) || setting.name().equals(SIZE)) {
                incompatible.add(setting.name() + " " + setting.oldValue() + " -> " + setting.newValue());
            }
        }
        if (!incompatible.isEmpty()) {
            return new Replacement(new ClosedState(breaker), false,
                    "state CLOSED, window emptied: " + String.join(", ", incompatible));
        }
        ClosedState kept = new ClosedState(breaker, current);
        String effect = "state CLOSED, window kept (" + kept.snapshot().total() + " calls)";
        String trips = kept.tripReason();
        return new Replacement(kept, true, trips == null ? effect
                : effect + ", which the new settings judge at once: " + trips + ", so it opens");
    }

    /** What a change of mode does, in words; null when the mode is unchanged. */
    private static @Nullable String modeChange(List<SettingsChange.Setting> changed) {
        for (SettingsChange.Setting setting : changed) {
            if (setting.name().equals("mode")) {
                return "mode " + setting.oldValue() + " -> " + setting.newValue()
                        + (setting.newValue().equals("OBSERVE") ? ": it rejects no call from now on"
                                : ": its state is enforced from now on");
            }
        }
        return null;
    }
}
