using System.Globalization;
using StackExchange.Redis;

namespace Observatory.Web.RateLimiting;

/// <summary>
/// Token buckets in Redis, shared by every gateway process: one Lua script reads, refills, charges and writes a
/// bucket atomically, on Redis's clock so processes with skewed clocks agree.
/// </summary>
public static class RedisRateLimiter
{
    // KEYS[1] bucket hash {t = tokens, ts = last update in ms}; ARGV rate per second, burst. Returns {allowed, tokens}.
    private const string Script = """
        local rate = tonumber(ARGV[1])
        local burst = tonumber(ARGV[2])
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
        local state = redis.call('HMGET', KEYS[1], 't', 'ts')
        local tokens = tonumber(state[1])
        local ts = tonumber(state[2])
        if tokens == nil or ts == nil then
          tokens = burst
          ts = now
        end
        tokens = math.min(burst, tokens + math.max(0, now - ts) * rate / 1000)
        local allowed = 0
        if tokens >= 1 then
          tokens = tokens - 1
          allowed = 1
        end
        redis.call('HSET', KEYS[1], 't', tostring(tokens), 'ts', tostring(math.max(now, ts)))
        redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) * 1000 / rate) + 1000)
        return {allowed, tostring(tokens)}
        """;

    public static async Task<RateLimitDecision> TakeAsync(IDatabase database, string key, RateLimit limit)
    {
        var result = (RedisResult[])(await database.ScriptEvaluateAsync(Script, [key],
            [limit.PerSecond.ToString("R", CultureInfo.InvariantCulture), limit.Burst]))!;
        var allowed = (int)result[0] == 1;
        var tokens = double.Parse((string)result[1]!, CultureInfo.InvariantCulture);
        return RateLimitDecision.From(allowed, tokens, limit);
    }
}
