using System.ComponentModel.DataAnnotations;

namespace Splp.Gateway.Redis;

/// <summary>
/// The Redis that replicas share (rate-limit counters, cache, purge notifications), bound from <c>Splp:Redis</c>.
/// Empty <see cref="Configuration"/> is the embedded default: every feature keeps its state in this process.
/// </summary>
public sealed class RedisOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Splp:Redis";

    /// <summary>
    /// A StackExchange.Redis configuration string, e.g. <c>redis-0:6379,password=...</c>; empty means no Redis
    /// (in-memory state, one replica). Default: empty.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>How long one connection attempt may take. Default: 2 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:30")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long one command may take before the request stops waiting for Redis and the feature's failure
    /// policy applies. Kept short so no consumer request hangs on Redis. Default: 500 milliseconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:30")]
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The prefix of every key the gateway writes, so gateways of several Pemda can share a Redis. Default: <c>splp:</c>.</summary>
    public string KeyPrefix { get; set; } = "splp:";

    /// <summary>Whether a Redis is configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Configuration);
}
