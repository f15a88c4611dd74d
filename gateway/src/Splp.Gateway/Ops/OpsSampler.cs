using System.Globalization;
using Microsoft.Extensions.Options;

namespace Splp.Gateway.Ops;

/// <summary>
/// Every <see cref="OpsOptions.EvaluateInterval"/>: evaluates every service's state (so since-when is right even
/// when nobody looks), samples the current minute into the monthly report, and every
/// <see cref="OpsOptions.ReportFlushInterval"/> flushes this replica's monthly counters to the report store.
/// </summary>
internal sealed partial class OpsSampler(
    OpsInventory inventory,
    OpsActivity activity,
    IOpsReportStore store,
    IOptions<OpsOptions> options,
    ILogger<OpsSampler> logger) : BackgroundService
{
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private DateTimeOffset _lastFlush = activity.Time.GetUtcNow();

    /// <summary>The report month (<c>yyyy-MM</c>) and minute of the month of <paramref name="at"/>, in the report's offset.</summary>
    public static (string Month, int Minute) MonthOf(DateTimeOffset at, TimeSpan offset)
    {
        var local = at.ToOffset(offset);
        var start = new DateTimeOffset(local.Year, local.Month, 1, 0, 0, 0, offset);
        return (local.ToString("yyyy-MM", CultureInfo.InvariantCulture), (int)(local - start).TotalMinutes);
    }

    /// <summary>Evaluates states and samples the current minute once.</summary>
    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        var views = inventory.Evaluate();
        var (month, minute) = MonthOf(activity.Time.GetUtcNow(), options.Value.ReportOffset);
        var samples = views.Select(v => (v.Name, v.State == "down")).ToList();
        await store.MarkMinuteAsync(month, minute, samples, cancellationToken);
    }

    /// <summary>Adds every service's counts since the last flush to the store; on failure they are kept for the next flush.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _flushing.WaitAsync(cancellationToken);
        try
        {
            var now = activity.Time.GetUtcNow();
            _lastFlush = now;
            var (month, _) = MonthOf(now, options.Value.ReportOffset);
            var deltas = new Dictionary<string, MonthlyCounts>(StringComparer.Ordinal);
            foreach (var service in activity.Services)
            {
                var taken = service.TakePending();
                if (!taken.IsEmpty)
                {
                    deltas[service.Service] = taken;
                }
            }

            if (deltas.Count == 0)
            {
                return;
            }

            try
            {
                await store.AddAsync(month, deltas, cancellationToken);
            }
            catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException or OperationCanceledException)
            {
                foreach (var (service, counts) in deltas)
                {
                    activity.For(service).ReturnPending(counts);
                }

                Log.FlushFailed(logger, e.GetType().Name);
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.EvaluateInterval, activity.Time);
        try
        {
            do
            {
                try
                {
                    await SampleAsync(stoppingToken);
                    if (activity.Time.GetUtcNow() - _lastFlush >= options.Value.ReportFlushInterval)
                    {
                        await FlushAsync(stoppingToken);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A failed sample must never stop the host (a BackgroundService's exception would): log, go on.
                    Log.SampleFailed(logger, e.GetType().Name);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the final flush follows in StopAsync.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _flushing.Dispose();
        base.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Flushing the monthly ops counters failed ({ExceptionType}); they are kept for the next flush")]
        public static partial void FlushFailed(ILogger logger, string exceptionType);

        [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Sampling service states into the monthly report failed ({ExceptionType})")]
        public static partial void SampleFailed(ILogger logger, string exceptionType);
    }
}
