using System.Diagnostics.Metrics;

namespace Splp.Gateway.ExchangeLog;

/// <summary>Meter <c>Splp.ExchangeLog</c>.</summary>
internal sealed class ExchangeLogMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Splp.ExchangeLog";

    private readonly Counter<long> _records;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _checkpoints;
    private readonly Counter<long> _writeErrors;
    private readonly Histogram<double> _writeDuration;
    private Func<int>? _queueDepth;

    public ExchangeLogMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _records = meter.CreateCounter<long>("splp.exchange_log.records", unit: "{record}", description: "Exchange records written to the log.");
        _dropped = meter.CreateCounter<long>("splp.exchange_log.dropped", unit: "{record}", description: "Exchange records lost because the queue stayed full or a write failed; each loss is also noted in the chain.");
        _checkpoints = meter.CreateCounter<long>("splp.exchange_log.checkpoints", unit: "{checkpoint}", description: "Signed checkpoints written.");
        _writeErrors = meter.CreateCounter<long>("splp.exchange_log.write_errors", unit: "{error}", description: "Failed writes to the log files.");
        _writeDuration = meter.CreateHistogram<double>("splp.exchange_log.write_duration", unit: "s", description: "Time to write one batch of records (serialize, hash, write; fsync when due).");
        meter.CreateObservableGauge("splp.exchange_log.queue_depth", () => _queueDepth?.Invoke() ?? 0, unit: "{record}", description: "Records waiting for the writer.");
    }

    public void ObserveQueue(Func<int> depth) => _queueDepth = depth;

    public void Written(long count) => _records.Add(count);

    public void Dropped(long count = 1) => _dropped.Add(count);

    public void Checkpoint() => _checkpoints.Add(1);

    public void WriteError() => _writeErrors.Add(1);

    public void WriteDuration(TimeSpan elapsed) => _writeDuration.Record(elapsed.TotalSeconds);
}
