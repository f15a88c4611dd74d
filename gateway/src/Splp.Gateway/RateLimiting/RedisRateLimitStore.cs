using Splp.Gateway.Redis;
using StackExchange.Redis;

namespace Splp.Gateway.RateLimiting;

/// <summary>
/// Rate and quota state in the Redis every replica shares: one Lua script, one round trip, atomic.
/// Keys: <c>{prefix}rl:{service:consumer}:r</c> holds the GCRA TAT (µs, expires when the bucket is full again),
/// <c>{prefix}rl:{service:consumer}:q:yyyyMMdd</c> the day's count (expires after local midnight). The braces are a
/// hash tag so both keys live in one slot of a Redis Cluster.
/// </summary>
internal sealed class RedisRateLimitStore(SplpRedisConnection redis) : IRateLimitStore
{
    /// <summary>
    /// KEYS[1] TAT key, KEYS[2] quota key; ARGV now µs, interval µs, tolerance µs, quota, quota key TTL ms.
    /// Returns {outcome (0 allowed, 1 rate limited, 2 quota exceeded), TAT offset µs, retry-after µs, quota used}.
    /// Mirrors InMemoryRateLimitStore.Evaluate. Numbers are written with %.0f: Lua's default formatting would
    /// round a 16-digit microsecond time to 14 significant digits.
    /// </summary>
    internal const string Script = """
        local now = tonumber(ARGV[1])
        local interval = tonumber(ARGV[2])
        local tolerance = tonumber(ARGV[3])
        local quota = tonumber(ARGV[4])
        local used = 0
        if quota > 0 then
          used = tonumber(redis.call('GET', KEYS[2]) or '0')
        end
        local tat = now
        local new_tat = now
        if interval > 0 then
          local stored = redis.call('GET', KEYS[1])
          if stored then
            tat = math.max(tonumber(stored), now)
          end
          new_tat = tat + interval
          if new_tat - now > tolerance then
            return {1, tat - now, new_tat - now - tolerance, used}
          end
        end
        if quota > 0 then
          if used >= quota then
            return {2, tat - now, 0, used}
          end
          used = redis.call('INCR', KEYS[2])
          if used == 1 then
            redis.call('PEXPIRE', KEYS[2], ARGV[5])
          end
        end
        if interval > 0 then
          redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', math.ceil((new_tat - now) / 1000) + 1000)
        end
        return {0, new_tat - now, 0, used}
        """;

    // EVALSHA sends 40 bytes instead of the script; after a Redis restart (empty script cache) one EVAL reloads it.
#pragma warning disable CA5350 // Redis names scripts by their SHA-1: an identifier, not a security use.
    private static readonly byte[] ScriptSha1 = System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(Script));
#pragma warning restore CA5350

    private readonly string _prefix = redis.KeyPrefix + "rl:";

    public bool IsDistributed => true;

    public bool IsAvailable => redis.IsConnected;

    public async ValueTask<StoreDecision> AcquireAsync(string key, RateLimitPolicy policy, long nowUs)
    {
        var tatKey = string.Concat(_prefix, "{", key, "}:r");
        var quotaKey = string.Concat(_prefix, "{", key, "}:q:", policy.Day.Key);
        // Keep the day's counter a minute past local midnight so a late request of yesterday cannot recreate it.
        var quotaTtlMs = Math.Max(1000, ((policy.Day.End.ToUnixTimeMilliseconds() * 1000) - nowUs) / 1000 + 60_000);
        RedisKey[] keys = [tatKey, quotaKey];
        RedisValue[] values = [nowUs, policy.EmissionIntervalUs, policy.ToleranceUs, policy.DailyQuota, quotaTtlMs];
        RedisResult result;
        try
        {
            result = await redis.Bounded(redis.Database.ScriptEvaluateAsync(ScriptSha1, keys, values));
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            result = await redis.Bounded(redis.Database.ScriptEvaluateAsync(Script, keys, values));
        }

        var decision = (RedisResult[])result!;
        return new StoreDecision((RateLimitOutcome)(int)decision[0], (long)decision[1], (long)decision[2], (long)decision[3]);
    }
}
