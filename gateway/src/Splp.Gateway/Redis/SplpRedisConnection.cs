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
    private readonly TimeProvider _time;

    public SplpRedisConnection(IOptions<RedisOptions> options, TimeProvider time, ILogger<SplpRedisConnection> logger)
    {
        var settings = options.Value;
        _logger = logger;
        _time = time;
        OperationTimeout = settings.OperationTimeout;
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

    /// <summary>How long a request waits for one Redis command (<see cref="RedisOptions.OperationTimeout"/>).</summary>
    public TimeSpan OperationTimeout { get; }

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

    /// <summary>
    /// Waits for <paramref name="command"/> at most <see cref="OperationTimeout"/> on a timer of its own, then throws
    /// <see cref="TimeoutException"/> (which every caller already treats as a Redis failure). StackExchange.Redis
    /// checks its own async timeout only on a heartbeat of about a second, so a server that stalls without closing
    /// the connection (<c>CLIENT PAUSE</c>, a long script, a swapping host) would otherwise hold requests for 1–2 s
    /// whatever the configured timeout. The command itself is not cancelled; its late result is observed and dropped.
    /// </summary>
    public Task<T> Bounded<T>(Task<T> command)
    {
        if (command.IsCompleted)
        {
            return command;
        }

        return BoundedCore(command);
    }

    private async Task<T> BoundedCore<T>(Task<T> command)
    {
        try
        {
            return await command.WaitAsync(OperationTimeout, _time);
        }
        catch (TimeoutException)
        {
            // Observe the abandoned command's eventual failure so it does not surface as an unobserved exception.
            _ = command.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw;
        }
    }

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
