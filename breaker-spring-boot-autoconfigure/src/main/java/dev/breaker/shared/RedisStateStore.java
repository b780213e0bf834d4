package dev.breaker.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The Redis side of shared breakers: the {@link RedisScripts}, reads and removals, each non-blocking and
 * bounded by {@code timeout}. Answers and failures are handed to the sync thread; what they mean is
 * {@link StateExchange}'s business.
 *
 * <p>A method may still throw at once when the connection refuses a command before sending it.
 */
final class RedisStateStore {

    private final ReactiveStringRedisTemplate redis;
    private final SharedStateSettings settings;
    private final Executor syncThread;

    RedisStateStore(ReactiveStringRedisTemplate redis, SharedStateSettings settings, Executor syncThread) {
        this.redis = redis;
        this.settings = settings;
        this.syncThread = syncThread;
    }

    /**
     * Runs {@link RedisScripts#WRITE} for {@code write}, a transition this instance made after it had seen
     * {@code seenVersion}; Redis announces it on the channel if it takes it, and takes each write id once.
     */
    void write(TrackedBreaker breaker, long seenVersion, TrackedBreaker.Write write,
            Consumer<RedisScripts.WriteReply> answered, Consumer<Throwable> failed) {
        List<String> args = new ArrayList<>(List.of(settings.channel(), breaker.breaker.name(),
                Long.toString(seenVersion), write.id()));
        args.addAll(StoredState.writeArguments(write.transition(), settings.instanceId()));
        redis.execute(RedisScripts.WRITE, List.of(breaker.key, breaker.appliedKey), args).next()
                .timeout(settings.timeout())
                .subscribe(result -> syncThread.execute(() -> answered.accept(new RedisScripts.WriteReply(result))),
                        error -> syncThread.execute(() -> failed.accept(error)));
    }

    /**
     * Reads the state hash (empty when there is none). {@code done}, if any, runs however the read ends, on the
     * sync thread right after {@code answered} or {@code failed}: whoever waits for it sees what they did.
     */
    void read(String key, @Nullable Runnable done, Consumer<Map<String, String>> answered,
            Consumer<Throwable> failed) {
        redis.<String, String>opsForHash().entries(key).collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .timeout(settings.timeout())
                .subscribe(hash -> syncThread.execute(() -> andThen(() -> answered.accept(hash), done)),
                        error -> syncThread.execute(() -> andThen(() -> failed.accept(error), done)));
    }

    private static void andThen(Runnable first, @Nullable Runnable then) {
        try {
            first.run();
        } finally {
            if (then != null) {
                then.run();
            }
        }
    }

    /**
     * Runs {@link RedisScripts#LEASE}: {@code answered} gets how many permits were taken, those of the first
     * that many of {@code leaseIds}.
     */
    void lease(String probesKey, int limit, List<String> leaseIds, Consumer<Long> answered,
            Consumer<Throwable> failed) {
        List<String> args = new ArrayList<>(List.of(Integer.toString(limit),
                Long.toString(settings.probeLeaseTime().toMillis())));
        args.addAll(leaseIds);
        redis.execute(RedisScripts.LEASE, List.of(probesKey), args).next().timeout(settings.timeout())
                .subscribe(taken -> syncThread.execute(() -> answered.accept(taken)),
                        error -> syncThread.execute(() -> failed.accept(error)));
    }

    /** Gives the trial permits {@code leaseIds} back. */
    void release(String probesKey, List<String> leaseIds, Consumer<Throwable> failed) {
        redis.opsForZSet().remove(probesKey, leaseIds.toArray()).timeout(settings.timeout())
                .subscribe(removed -> { }, error -> syncThread.execute(() -> failed.accept(error)));
    }
}
