using System.Diagnostics.Metrics;

namespace Splp.Gateway.RateLimiting;

/// <summary>Meter <c>Splp.RateLimiting</c>.</summary>
internal sealed class RateLimitingMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Splp.RateLimiting";

    private readonly Counter<long> _decisions;
    private readonly Counter<long> _storeSwitches;
    private readonly Counter<long> _storeErrors;

    public RateLimitingMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _decisions = meter.CreateCounter<long>(
            "splp.ratelimiting.decisions",
            unit: "{request}",
            description: "Rate-limit decisions by result (allowed, rate_limited, quota_exceeded, unavailable) and store (shared, local).");
        _storeSwitches = meter.CreateCounter<long>(
            "splp.ratelimiting.store_switches",
            unit: "{switch}",
            description: "Switches between the shared store (Redis) and the per-replica fallback, by the store switched to.");
        _storeErrors = meter.CreateCounter<long>(
            "splp.ratelimiting.store_errors",
            unit: "{error}",
            description: "Requests whose shared-store call failed or was skipped because Redis is unreachable.");
    }

    public void Decision(string result, string store, string service) =>
        _decisions.Add(1, new("result", result), new("store", store), new("service", service));

    public void StoreSwitch(string to) => _storeSwitches.Add(1, new KeyValuePair<string, object?>("to", to));

    public void StoreError() => _storeErrors.Add(1);
}
