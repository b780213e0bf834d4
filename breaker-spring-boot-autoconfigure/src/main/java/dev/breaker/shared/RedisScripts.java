package dev.breaker.shared;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.core.script.RedisScript;

/** The two atomic operations of shared breakers, as Lua run inside Redis. */
final class RedisScripts {

    private RedisScripts() {
    }

    /** How many ids of applied transitions each breaker's {@code :applied} set keeps. */
    static final int APPLIED_IDS_KEPT = 64;

    /**
     * Writes one transition, unless it loses: an operator's FORCED_OPEN or DISABLED holds against automatic
     * transitions, and an automatic CLOSED based on an older version than the stored one is stale (its
     * instance had not heard the latest news). An accepted write bumps the version and announces
     * {@code version\nname} on the channel.
     *
     * <p>Each transition comes with an id, and a write whose id Redis applied already changes nothing: Redis
     * runs every copy of a write it is sent (one sent again after a timeout while the first still waited in
     * the socket of a hanging server, or replayed by the client after a reconnect). Such a copy answers as
     * the first did if its transition is still the stored one, else as a write that lost to what followed.
     * The ids of the last {@value #APPLIED_IDS_KEPT} applied transitions are kept, scored by their version.
     *
     * <p>KEYS[1] the state hash, KEYS[2] the applied ids. ARGV: channel, breaker name, version the writer had
     * seen, transition id, then {@link StoredState#FIELDS}. Returns {@code {"1", version}} when accepted (or
     * already applied and still stored), else {@code {"0", version, fields...}} of the state that won.
     */
    @SuppressWarnings("rawtypes")
    static final RedisScript<List> WRITE = RedisScript.of("""
            local current = redis.call('HMGET', KEYS[1], 'version', 'state', 'operator', 'reopen', 'retryAt', 'at', 'origin', 'reason', 'id')
            local version = tonumber(current[1]) or 0
            local id, state, operator, seen = ARGV[4], ARGV[5], ARGV[6], tonumber(ARGV[3])
            local lost = {'0', tostring(version), current[2], current[3], current[4], current[5], current[6],
                current[7], current[8], current[9]}
            if version > 0 and redis.call('ZSCORE', KEYS[2], id) then
              if current[9] == id then
                return {'1', tostring(version)}
              end
              return lost
            end
            if operator ~= '1' and version > 0 then
              local held = current[3] == '1' and (current[2] == 'FORCED_OPEN' or current[2] == 'DISABLED')
              if held or (state == 'CLOSED' and seen < version) then
                return lost
              end
            end
            version = version + 1
            redis.call('HSET', KEYS[1], 'version', version, 'state', state, 'operator', operator, 'reopen', ARGV[7],
                'retryAt', ARGV[8], 'at', ARGV[9], 'origin', ARGV[10], 'reason', ARGV[11], 'id', id)
            redis.call('ZADD', KEYS[2], version, id)
            redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -%d)
            redis.call('PUBLISH', ARGV[1], version .. '\\n' .. ARGV[2])
            return {'1', tostring(version)}
            """.formatted(APPLIED_IDS_KEPT + 1), List.class);

    /**
     * What {@link #WRITE} answered, read only when asked (a malformed answer fails where it is read).
     *
     * @param values {@code {"1", version}} or {@code {"0", version, fields...}}, as Redis returned them
     */
    record WriteReply(List<?> values) {

        /** Whether Redis took the write. */
        boolean accepted() {
            return "1".equals(String.valueOf(values.get(0)));
        }

        /** The version the write got if accepted, else the version of the state that won. */
        long version() {
            return Long.parseLong(String.valueOf(values.get(1)));
        }

        /** The state that won against a write Redis did not take. */
        StoredState winner() {
            List<@Nullable String> fields = values.subList(2, values.size()).stream()
                    .map(value -> value == null ? null : String.valueOf(value)).toList();
            return StoredState.of(Long.toString(version()), fields);
        }
    }

    /**
     * Takes as many of the fleet's HALF_OPEN trial permits as asked for, as long as fewer than the limit are
     * held. Each permit is a member of a sorted set scored by its expiry (Redis's own clock), so one held by a
     * crashed instance frees itself.
     *
     * <p>KEYS[1] the permit set. ARGV: limit, lease time in ms, then one lease id per permit wanted. Returns
     * how many were taken: the permits of the first that many ids (an id already held counts as taken).
     */
    static final RedisScript<Long> LEASE = RedisScript.of("""
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            local free = tonumber(ARGV[1]) - redis.call('ZCARD', KEYS[1])
            local taken = 0
            for i = 3, #ARGV do
              if not redis.call('ZSCORE', KEYS[1], ARGV[i]) then
                if free <= 0 then
                  break
                end
                redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[i])
                free = free - 1
              end
              taken = taken + 1
            end
            if taken > 0 then
              redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
            end
            return taken
            """, Long.class);
}
