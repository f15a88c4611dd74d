using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Splp.Gateway.Redis;

/// <summary>
/// The one multiplexer a replica keeps to the shared Redis. It never refuses to start when Redis is down
/// (<c>AbortOnConnectFail=false</c>) and reconnects by itself; commands fail fast while it is disconnected
/// (<see cref="BacklogPolicy.FailFast"/>) instead of queueing, so features switch to their fallback at once.
/// </summary>
internal sealed partial class SplpRedisConnection : IAsyncDisposable
{
    private readonly ConnectionMultiplexer _multiplexer;
    private readonly ILogger<SplpRedisConnection> _logger;

    public SplpRedisConnection(IOptions<RedisOptions> options, ILogger<SplpRedisConnection> logger)
    {
        var settings = options.Value;
        _logger = logger;
        var config = ConfigurationOptions.Parse(settings.Configuration!);
        config.AbortOnConnectFail = false;
        config.ConnectTimeout = (int)settings.ConnectTimeout.TotalMilliseconds;
        config.SyncTimeout = (int)settings.OperationTimeout.TotalMilliseconds;
        config.AsyncTimeout = (int)settings.OperationTimeout.TotalMilliseconds;
        config.ConnectRetry = 1;
        config.BacklogPolicy = BacklogPolicy.FailFast;
        config.ReconnectRetryPolicy = new LinearRetry(500);
        config.ClientName ??= "splp-gateway";
        KeyPrefix = settings.KeyPrefix;
        _multiplexer = ConnectionMultiplexer.Connect(config);
        _multiplexer.ConnectionFailed += (_, e) => Log.ConnectionFailed(_logger, e.EndPoint, e.FailureType);
        _multiplexer.ConnectionRestored += (_, e) => Log.ConnectionRestored(_logger, e.EndPoint);
        if (!_multiplexer.IsConnected)
        {
            Log.NotConnectedAtStart(_logger);
        }
    }

    /// <summary>The key prefix from configuration.</summary>
    public string KeyPrefix { get; }

    /// <summary>Whether a connection to Redis is up now.</summary>
    public bool IsConnected => _multiplexer.IsConnected;

    /// <summary>The database.</summary>
    public IDatabase Database => _multiplexer.GetDatabase();

    /// <summary>The pub/sub channel owner.</summary>
    public ISubscriber Subscriber => _multiplexer.GetSubscriber();

    /// <summary>The servers (for key scans); replicas are skipped by the callers.</summary>
    public IServer[] Servers => _multiplexer.GetServers();

    public async ValueTask DisposeAsync() => await _multiplexer.DisposeAsync();

    private static partial class Log
    {
        [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Redis connection to {EndPoint} failed ({FailureType}); reconnecting in the background")]
        public static partial void ConnectionFailed(ILogger logger, System.Net.EndPoint? endPoint, ConnectionFailureType failureType);

        [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Redis connection to {EndPoint} restored")]
        public static partial void ConnectionRestored(ILogger logger, System.Net.EndPoint? endPoint);

        [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Redis is not reachable at start; features use their fallback until it is")]
        public static partial void NotConnectedAtStart(ILogger logger);
    }
}
