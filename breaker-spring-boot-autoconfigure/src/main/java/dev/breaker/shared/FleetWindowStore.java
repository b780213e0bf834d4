package dev.breaker.shared;

import dev.breaker.BreakerConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The Redis side of fleet windows and fleet-wide trials: {@link FleetWindowScript#FLUSH} and
 * {@link FleetTrialsScript#RECORD}, each non-blocking and bounded by {@code timeout}, their answers and failures
 * handed to the sync thread. Every key is derived from the breaker's key, so it lands in the breaker's slot.
 *
 * <p>A method may still throw at once when the connection refuses a command before sending it.
 */
final class FleetWindowStore {

    private final ReactiveStringRedisTemplate redis;
    private final Duration timeout;
    private final Executor syncThread;

    FleetWindowStore(ReactiveStringRedisTemplate redis, Duration timeout, Executor syncThread) {
        this.redis = redis;
        this.timeout = timeout;
        this.syncThread = syncThread;
    }

    /** The hash of the breaker's fleet window. */
    static String windowKey(TrackedBreaker breaker) {
        return breaker.key + ":w";
    }

    /** The sorted set of the instances reporting to the breaker's fleet window. */
    static String instancesKey(TrackedBreaker breaker) {
        return breaker.key + ":w:instances";
    }

    /** The hash of the fleet's trial calls in the HALF_OPEN visit after the OPEN of {@code version}. */
    static String trialsKey(TrackedBreaker breaker, long version) {
        return breaker.key + ":trials:" + version;
    }

    /** Adds this instance's counts since its last flush to the window, and gets the fleet's sums back. */
    void flush(TrackedBreaker breaker, long version, String instanceId, long calls, long failed, long slow,
            int windowSeconds, Consumer<FleetWindowScript.Reply> answered, Consumer<Throwable> failedToAnswer) {
        List<String> args = List.of(Long.toString(version), instanceId, Long.toString(calls), Long.toString(failed),
                Long.toString(slow), Integer.toString(windowSeconds));
        redis.execute(FleetWindowScript.FLUSH, List.of(windowKey(breaker), instancesKey(breaker)), args).next()
                .timeout(timeout)
                .subscribe(reply -> answer(reply, FleetWindowScript.Reply::of, answered, failedToAnswer),
                        error -> syncThread.execute(() -> failedToAnswer.accept(error)));
    }

    /** Adds one trial outcome to the visit's count, and gets the fleet's totals and verdict back. */
    void recordTrial(TrackedBreaker breaker, long version, String instanceId, boolean failed, boolean slow,
            BreakerConfig config, Duration expiry, Consumer<FleetTrialsScript.Reply> answered,
            Consumer<Throwable> failedToAnswer) {
        List<String> args = List.of(instanceId, failed ? "1" : "0", slow ? "1" : "0",
                Integer.toString(config.permittedNumberOfCallsInHalfOpenState()),
                // as doubles, so that Redis compares with the very threshold the breaker would
                Double.toString(config.failureRateThreshold()), Double.toString(config.slowCallRateThreshold()),
                Integer.toString(config.successThresholdInHalfOpenState()), Long.toString(expiry.toMillis()));
        redis.execute(FleetTrialsScript.RECORD, List.of(trialsKey(breaker, version)), args).next()
                .timeout(timeout)
                .subscribe(reply -> answer(reply, FleetTrialsScript.Reply::of, answered, failedToAnswer),
                        error -> syncThread.execute(() -> failedToAnswer.accept(error)));
    }

    /** Hands the answer, read, to the sync thread; an answer that cannot be read is a failure. */
    private <T> void answer(List<?> reply, Function<List<?>, T> read, Consumer<T> answered,
            Consumer<Throwable> failedToAnswer) {
        syncThread.execute(() -> {
            T value;
            try {
                value = read.apply(reply);
            } catch (RuntimeException unreadable) {
                failedToAnswer.accept(new IllegalStateException("unreadable answer " + reply, unreadable));
                return;
            }
            answered.accept(value);
        });
    }
}
