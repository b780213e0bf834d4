package dev.breaker.shared;

import java.util.List;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The fleet window of one breaker in Redis, and the one script that adds an instance's last counts to it and
 * answers with the fleet's sums.
 *
 * <p>Keys, both derived from the breaker's key (so in one Cluster slot with it):
 * <ul>
 *   <li>{@code <key>:w}, a hash: {@code c:<second>}, {@code f:<second>} and {@code s:<second>} hold the fleet's
 *       calls, failed and slow calls of each second still in the window, {@code calls}, {@code failed} and
 *       {@code slow} their running sums, {@code from} the oldest second the sums still count, and
 *       {@code version} the fleet state the window belongs to;</li>
 *   <li>{@code <key>:w:instances}, a sorted set of the instances that reported calls, scored by the last second
 *       they did.</li>
 * </ul>
 *
 * <p>Seconds are Redis's own ({@code TIME}): every instance adds to the same second whatever its clock says, so
 * clock skew between instances shifts nothing. The sums move with the window: each run first takes the seconds
 * that left the window out of them (each leaves once, whichever instance's run sees it go), so a run costs the
 * same whatever the window's size or the fleet's call rate. Both keys expire a little after the window, so a
 * fleet that stops reporting leaves nothing behind.
 *
 * <p>The window starts empty with each new version of the breaker's shared state (an opening, a closing, an
 * operator's transition): the calls that opened the breaker must not trip it again once it closes, just as
 * the local window starts empty in CLOSED. An instance that still reports for an older version (it has not
 * heard the news yet) adds nothing.
 */
final class FleetWindowScript {

    private FleetWindowScript() {
    }

    /** How long after the window the keys expire, in seconds, should every instance stop reporting. */
    static final int EXPIRY_MARGIN_SECONDS = 5;

    /**
     * KEYS[1] the window hash, KEYS[2] the instances. ARGV: the version of the shared state the instance knows,
     * the instance id, its calls, failed calls and slow calls since its last run, the window's size in seconds.
     * Returns {@code {version, calls, failed, slow, instances, counted}}: the version the window belongs to, the
     * fleet's sums over the window once this run's counts are in, and whether this instance is among the instances.
     */
    @SuppressWarnings("rawtypes")
    static final RedisScript<List> FLUSH = RedisScript.of("""
            local now = tonumber(redis.call('TIME')[1])
            local version, size = tonumber(ARGV[1]), tonumber(ARGV[6])
            local stored = tonumber(redis.call('HGET', KEYS[1], 'version') or '-1')
            local oldest = now - size + 1
            local from = tonumber(redis.call('HGET', KEYS[1], 'from') or '0')
            if version > stored or (version == stored and oldest - from >= size) then
              -- a new state, or nothing in the window is recent: start empty
              redis.call('DEL', KEYS[1], KEYS[2])
              redis.call('HSET', KEYS[1], 'version', version, 'from', oldest, 'calls', 0, 'failed', 0, 'slow', 0)
              stored, from = version, oldest
            end
            if version == stored then
              for second = from, oldest - 1 do
                local gone = redis.call('HMGET', KEYS[1], 'c:' .. second, 'f:' .. second, 's:' .. second)
                if gone[1] then
                  -- 0 - n, not -n: Redis refuses the "-0" that Lua writes for -0
                  redis.call('HINCRBY', KEYS[1], 'calls', 0 - tonumber(gone[1]))
                  redis.call('HINCRBY', KEYS[1], 'failed', 0 - tonumber(gone[2] or '0'))
                  redis.call('HINCRBY', KEYS[1], 'slow', 0 - tonumber(gone[3] or '0'))
                  redis.call('HDEL', KEYS[1], 'c:' .. second, 'f:' .. second, 's:' .. second)
                end
              end
              if oldest > from then
                redis.call('HSET', KEYS[1], 'from', oldest)
                from = oldest
              end
              local calls = tonumber(ARGV[3])
              if calls > 0 then
                -- a Redis clock that went back (a failover) adds to the oldest second still counted
                local second = math.max(now, from)
                redis.call('HINCRBY', KEYS[1], 'c:' .. second, calls)
                redis.call('HINCRBY', KEYS[1], 'f:' .. second, tonumber(ARGV[4]))
                redis.call('HINCRBY', KEYS[1], 's:' .. second, tonumber(ARGV[5]))
                redis.call('HINCRBY', KEYS[1], 'calls', calls)
                redis.call('HINCRBY', KEYS[1], 'failed', tonumber(ARGV[4]))
                redis.call('HINCRBY', KEYS[1], 'slow', tonumber(ARGV[5]))
                redis.call('ZADD', KEYS[2], second, ARGV[2])
              end
              redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. oldest)
              local ttl = size + %d
              redis.call('EXPIRE', KEYS[1], ttl)
              redis.call('EXPIRE', KEYS[2], ttl)
            end
            local sums = redis.call('HMGET', KEYS[1], 'calls', 'failed', 'slow')
            return {tostring(stored), sums[1] or '0', sums[2] or '0', sums[3] or '0',
                tostring(redis.call('ZCARD', KEYS[2])), redis.call('ZSCORE', KEYS[2], ARGV[2]) and '1' or '0'}
            """.formatted(EXPIRY_MARGIN_SECONDS), List.class);

    /**
     * What {@link #FLUSH} answered: the fleet's sums over the window, for the state {@code version}.
     *
     * @param counted whether the instance that flushed is among the {@code instances}
     */
    record Reply(long version, long calls, long failed, long slow, long instances, boolean counted) {

        static Reply of(List<?> values) {
            return new Reply(number(values, 0), Math.max(0, number(values, 1)), Math.max(0, number(values, 2)),
                    Math.max(0, number(values, 3)), Math.max(0, number(values, 4)),
                    "1".equals(String.valueOf(values.get(5))));
        }

        private static long number(List<?> values, int index) {
            return Long.parseLong(String.valueOf(values.get(index)));
        }
    }
}
