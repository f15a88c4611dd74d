using System.Text;
using Splp.Gateway.Redis;
using StackExchange.Redis;

namespace Splp.Gateway.Caching;

/// <summary>
/// The shared level in Redis: key <c>{prefix}cache:{cache key}</c>, value the serialized response, expiring when it
/// can no longer be served. A purge deletes the matching keys (SCAN + UNLINK) and publishes the prefix on
/// <c>{prefix}cache:purge</c>, which every replica (this one too) answers by dropping its memory level's entries.
/// </summary>
internal sealed partial class RedisResponseCache : ISharedResponseCache
{
    private readonly SplpRedisConnection _redis;
    private readonly MemoryResponseCache _memory;
    private readonly CachingMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<RedisResponseCache> _logger;
    private readonly string _keyPrefix;
    private readonly RedisChannel _channel;
    private int _failing;

    public RedisResponseCache(SplpRedisConnection redis, MemoryResponseCache memory, CachingMetrics metrics, TimeProvider time, ILogger<RedisResponseCache> logger)
    {
        _redis = redis;
        _memory = memory;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _keyPrefix = redis.KeyPrefix + "cache:";
        _channel = RedisChannel.Literal(redis.KeyPrefix + "cache:purge");
        _ = SubscribeAsync();
    }

    /// <summary>Whether this replica receives purges from the others.</summary>
    public bool IsSubscribed { get; private set; }

    public async ValueTask<CachedResponse?> GetAsync(string key)
    {
        if (!_redis.IsConnected)
        {
            Failed("disconnected");
            return null;
        }

        try
        {
            var value = await _redis.Bounded(_redis.Database.StringGetAsync(_keyPrefix + key));
            Succeeded();
            return value.IsNull ? null : CachedResponse.Deserialize((byte[])value!);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Failed(e.GetType().Name);
            return null;
        }
    }

    public async Task SetAsync(string key, CachedResponse entry)
    {
        var lifetime = entry.StaleUntil - _time.GetUtcNow();
        if (lifetime <= TimeSpan.Zero || !_redis.IsConnected)
        {
            return;
        }

        try
        {
            await _redis.Bounded(_redis.Database.StringSetAsync(_keyPrefix + key, entry.Serialize(), lifetime));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Failed(e.GetType().Name);
        }
    }

    public async Task<long> PurgeAsync(string prefix)
    {
        long removed = _memory.RemovePrefix(prefix);
        var pattern = _keyPrefix + EscapeGlob(prefix) + "*";
        foreach (var server in _redis.Servers)
        {
            if (server.IsReplica || !server.IsConnected)
            {
                continue;
            }

            var batch = new List<RedisKey>(256);
            await foreach (var key in server.KeysAsync(pattern: pattern, pageSize: 500))
            {
                batch.Add(key);
                if (batch.Count == 256)
                {
                    removed += await _redis.Database.KeyDeleteAsync([.. batch], CommandFlags.None);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                removed += await _redis.Database.KeyDeleteAsync([.. batch]);
            }
        }

        await _redis.Subscriber.PublishAsync(_channel, prefix);
        return removed;
    }

    // Redis may be down when the gateway starts: keep trying; once subscribed, the multiplexer restores the
    // subscription after every reconnect by itself.
    private async Task SubscribeAsync()
    {
        while (true)
        {
            try
            {
                await _redis.Subscriber.SubscribeAsync(_channel, (_, message) =>
                {
                    var prefix = (string?)message;
                    if (!string.IsNullOrEmpty(prefix))
                    {
                        var removed = _memory.RemovePrefix(prefix);
                        Log.PurgeReceived(_logger, prefix, removed);
                    }
                });
                IsSubscribed = true;
                return;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _time);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
    }

    private static string EscapeGlob(string value)
    {
        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (c is '*' or '?' or '[' or ']' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private void Failed(string reason)
    {
        _metrics.SharedError();
        if (Interlocked.Exchange(ref _failing, 1) == 0)
        {
            Log.SharedLevelUnavailable(_logger, reason);
        }
    }

    private void Succeeded()
    {
        if (Volatile.Read(ref _failing) == 1 && Interlocked.Exchange(ref _failing, 0) == 1)
        {
            Log.SharedLevelRestored(_logger);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5201, Level = LogLevel.Warning, Message = "Response cache: Redis level unavailable ({Reason}); serving from memory and the upstream")]
        public static partial void SharedLevelUnavailable(ILogger logger, string reason);

        [LoggerMessage(EventId = 5202, Level = LogLevel.Information, Message = "Response cache: Redis level reachable again")]
        public static partial void SharedLevelRestored(ILogger logger);

        [LoggerMessage(EventId = 5203, Level = LogLevel.Information, Message = "Response cache: purge of '{Prefix}' received; {Removed} entries dropped from memory")]
        public static partial void PurgeReceived(ILogger logger, string prefix, int removed);
    }
}
