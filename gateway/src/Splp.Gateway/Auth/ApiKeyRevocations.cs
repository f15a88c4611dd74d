using System.Collections.Concurrent;
using Splp.Gateway.Redis;
using StackExchange.Redis;

namespace Splp.Gateway.Auth;

/// <summary>
/// API keys revoked at runtime through the admin API (<c>consumer/keyId</c>). Configuration revokes too (remove the
/// key or set <c>Revoked</c>); this store covers the minutes until the Secret is rotated.
/// </summary>
internal interface IApiKeyRevocations
{
    /// <summary>Whether the key is revoked. Called on every API-key request: answers from memory.</summary>
    bool IsRevoked(string consumer, string keyId);

    /// <summary>Revokes the key on this replica and, with Redis, on every replica.</summary>
    Task RevokeAsync(string consumer, string keyId, CancellationToken cancellationToken);
}

/// <summary>Revocations of this process only (the embedded default, one replica).</summary>
internal sealed class MemoryApiKeyRevocations : IApiKeyRevocations
{
    private readonly ConcurrentDictionary<string, byte> _revoked = new(StringComparer.Ordinal);

    public bool IsRevoked(string consumer, string keyId) => !_revoked.IsEmpty && _revoked.ContainsKey(Key(consumer, keyId));

    public Task RevokeAsync(string consumer, string keyId, CancellationToken cancellationToken)
    {
        _revoked[Key(consumer, keyId)] = 0;
        return Task.CompletedTask;
    }

    internal void Add(string member) => _revoked[member] = 0;

    internal static string Key(string consumer, string keyId) => consumer + "/" + keyId;
}

/// <summary>
/// Revocations shared by every replica: a Redis set (<c>{prefix}apikeys:revoked</c>) that each replica reads at start
/// and again every <see cref="ResyncInterval"/>, plus a pub/sub message so the others apply a revocation at once.
/// Lookups stay in memory; while Redis is unreachable the revocations already known stay in force.
/// </summary>
internal sealed partial class RedisApiKeyRevocations : IApiKeyRevocations, IDisposable
{
    public static readonly TimeSpan ResyncInterval = TimeSpan.FromSeconds(30);

    private readonly MemoryApiKeyRevocations _local = new();
    private readonly SplpRedisConnection _redis;
    private readonly RedisKey _set;
    private readonly RedisChannel _channel;
    private readonly ILogger<RedisApiKeyRevocations> _logger;
    private readonly ITimer _timer;

    public RedisApiKeyRevocations(SplpRedisConnection redis, TimeProvider time, ILogger<RedisApiKeyRevocations> logger)
    {
        _redis = redis;
        _logger = logger;
        _set = redis.KeyPrefix + "apikeys:revoked";
        _channel = RedisChannel.Literal(redis.KeyPrefix + "apikeys:revoked");
        _ = SubscribeAsync();
        _timer = time.CreateTimer(_ => _ = ResyncAsync(), null, TimeSpan.Zero, ResyncInterval);
    }

    public bool IsRevoked(string consumer, string keyId) => _local.IsRevoked(consumer, keyId);

    public async Task RevokeAsync(string consumer, string keyId, CancellationToken cancellationToken)
    {
        var member = MemoryApiKeyRevocations.Key(consumer, keyId);
        _local.Add(member);
        await _redis.Bounded(_redis.Database.SetAddAsync(_set, member));
        await _redis.Subscriber.PublishAsync(_channel, member);
    }

    public void Dispose() => _timer.Dispose();

    private async Task ResyncAsync()
    {
        try
        {
            foreach (var member in await _redis.Bounded(_redis.Database.SetMembersAsync(_set)))
            {
                if (member.HasValue)
                {
                    _local.Add(member!);
                }
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            Log.ResyncFailed(_logger, e.Message);
        }
    }

    private async Task SubscribeAsync()
    {
        try
        {
            await _redis.Subscriber.SubscribeAsync(_channel, (_, message) =>
            {
                if (message.HasValue)
                {
                    _local.Add(message!);
                }
            });
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            // The periodic resync still brings revocations made elsewhere.
            Log.ResyncFailed(_logger, e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5420, Level = LogLevel.Warning, Message = "API key revocations could not be read from Redis; those already known stay in force: {Reason}")]
        public static partial void ResyncFailed(ILogger logger, string reason);
    }
}
