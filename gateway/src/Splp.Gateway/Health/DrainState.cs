namespace Splp.Gateway.Health;

/// <summary>
/// Whether this replica is shutting down. From SIGTERM (<see cref="IHostApplicationLifetime.ApplicationStopping"/>)
/// <c>/healthz/ready</c> answers 503 <c>draining</c>; Kestrel keeps accepting for <c>Splp:Shutdown:ReadinessDelay</c>
/// so a load balancer sees the 503 and takes the replica out before connections are refused, then stops accepting
/// and in-flight exchanges get <c>Splp:Shutdown:DrainTimeout</c> to finish.
/// </summary>
internal sealed partial class DrainState : IHostedLifecycleService
{
    private readonly TimeSpan _readinessDelay;
    private readonly TimeProvider _time;
    private readonly ILogger<DrainState> _logger;
    private int _draining;

    public DrainState(IHostApplicationLifetime lifetime, IConfiguration configuration, TimeProvider time, ILogger<DrainState> logger)
    {
        _readinessDelay = ReadinessDelay(configuration);
        _time = time;
        _logger = logger;
        lifetime.ApplicationStopping.Register(() =>
        {
            if (Interlocked.Exchange(ref _draining, 1) == 0)
            {
                Log.Draining(_logger, _readinessDelay.TotalSeconds);
            }
        });
    }

    /// <summary>Whether shutdown has begun.</summary>
    public bool IsDraining => Volatile.Read(ref _draining) == 1;

    internal static TimeSpan ReadinessDelay(IConfiguration configuration) =>
        configuration.GetValue("Splp:Shutdown:ReadinessDelay", TimeSpan.FromSeconds(5));

    // Runs after ApplicationStopping and before any hosted service (Kestrel too) stops.
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (_readinessDelay <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await Task.Delay(_readinessDelay, _time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout ran out: stop now.
        }

        Log.StoppingToAccept(_logger);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Shutting down: /healthz/ready answers 503 draining; new connections accepted for {DelaySeconds} s more, then in-flight exchanges finish")]
        public static partial void Draining(ILogger logger, double delaySeconds);

        [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "Readiness delay over: no new connections; draining in-flight exchanges")]
        public static partial void StoppingToAccept(ILogger logger);
    }
}
