package dev.breaker.shared;

import java.util.List;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The trial calls of one fleet-wide HALF_OPEN visit, counted in Redis, and the verdict they reach.
 *
 * <p>Key: {@code <key>:trials:<version>}, a hash per visit, the visit being the one that follows the OPEN of that
 * version of the breaker's shared state (every instance that adopted it is in the same visit). Fields
 * {@code calls}, {@code failed}, {@code slow}, {@code instances} (with one {@code i:<instance>} per instance that
 * reported), and {@code verdict} once reached. It expires a while after its last trial.
 *
 * <p>The verdict follows the breaker's own HALF_OPEN rules, over the fleet's trials: with a success threshold,
 * the first failed or slow trial reopens and that many good ones close; otherwise the visit reopens as soon as
 * the rates can no longer stay under their thresholds (failed / permitted), and closes once the permitted number
 * of trials completed under them. Exactly one run reaches the verdict, and says so: its instance concludes the
 * visit for the fleet. Runs after the verdict count nothing and answer with it.
 */
final class FleetTrialsScript {

    private FleetTrialsScript() {
    }

    /**
     * KEYS[1] the visit's hash. ARGV: instance id, failed (0 or 1), slow (0 or 1), permitted trials, failure-rate
     * threshold, slow-call-rate threshold, success threshold (0: rates decide), expiry in ms. Returns
     * {@code {calls, failed, slow, instances, verdict, reachedHere}}: verdict {@code ""}, {@code "close"} or
     * {@code "open"}; reachedHere {@code "1"} for the one run that reached it.
     */
    @SuppressWarnings("rawtypes")
    static final RedisScript<List> RECORD = RedisScript.of("""
            local verdict = redis.call('HGET', KEYS[1], 'verdict')
            if verdict then
              local v = redis.call('HMGET', KEYS[1], 'calls', 'failed', 'slow', 'instances')
              return {v[1] or '0', v[2] or '0', v[3] or '0', v[4] or '0', verdict, '0'}
            end
            local calls = redis.call('HINCRBY', KEYS[1], 'calls', 1)
            local failed = redis.call('HINCRBY', KEYS[1], 'failed', tonumber(ARGV[2]))
            local slow = redis.call('HINCRBY', KEYS[1], 'slow', tonumber(ARGV[3]))
            if redis.call('HSETNX', KEYS[1], 'i:' .. ARGV[1], '1') == 1 then
              redis.call('HINCRBY', KEYS[1], 'instances', 1)
            end
            local instances = redis.call('HGET', KEYS[1], 'instances')
            local permitted, needed = tonumber(ARGV[4]), tonumber(ARGV[7])
            verdict = ''
            if needed > 0 then
              if failed + slow > 0 then
                verdict = 'open'
              elseif calls >= needed then
                verdict = 'close'
              end
            elseif failed * 100.0 / permitted >= tonumber(ARGV[5]) or slow * 100.0 / permitted >= tonumber(ARGV[6]) then
              verdict = 'open'
            elseif calls >= permitted then
              verdict = 'close'
            end
            if verdict ~= '' then
              redis.call('HSET', KEYS[1], 'verdict', verdict)
            end
            redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[8]))
            return {tostring(calls), tostring(failed), tostring(slow), instances, verdict, verdict ~= '' and '1' or '0'}
            """, List.class);

    /**
     * What {@link #RECORD} answered.
     *
     * @param verdict {@code ""} (none yet), {@code "close"} or {@code "open"}
     * @param reachedHere whether this run reached the verdict (its instance concludes the visit)
     */
    record Reply(long calls, long failed, long slow, long instances, String verdict, boolean reachedHere) {

        static Reply of(List<?> values) {
            return new Reply(number(values, 0), number(values, 1), number(values, 2), number(values, 3),
                    String.valueOf(values.get(4)), "1".equals(String.valueOf(values.get(5))));
        }

        private static long number(List<?> values, int index) {
            return Long.parseLong(String.valueOf(values.get(index)));
        }

        boolean decided() {
            return !verdict.isEmpty();
        }

        boolean passed() {
            return "close".equals(verdict);
        }
    }
}
