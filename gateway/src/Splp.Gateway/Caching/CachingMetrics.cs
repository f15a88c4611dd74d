using System.Diagnostics.Metrics;

namespace Splp.Gateway.Caching;

/// <summary>Meter <c>Splp.Caching</c>.</summary>
internal sealed class CachingMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Splp.Caching";

    private readonly Counter<long> _lookups;
    private readonly Counter<long> _purges;
    private readonly Counter<long> _sharedErrors;

    public CachingMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _lookups = meter.CreateCounter<long>("splp.caching.lookups", unit: "{request}", description: "Cacheable requests by status (hit, miss, stale, bypass), level that answered (memory, shared, coalesced, upstream) and service.");
        _purges = meter.CreateCounter<long>("splp.caching.purges", unit: "{purge}", description: "Purges requested through the admin API.");
        _sharedErrors = meter.CreateCounter<long>("splp.caching.shared_errors", unit: "{error}", description: "Redis-level cache calls that failed or were skipped because Redis is unreachable.");
    }

    public void Lookup(string status, string level, string service) =>
        _lookups.Add(1, new("status", status), new("level", level), new("service", service));

    public void Purge() => _purges.Add(1);

    public void SharedError() => _sharedErrors.Add(1);
}
