using System.Globalization;
using Splp.Gateway.Resilience;

namespace Splp.Gateway.Ops;

/// <summary>A service's state as ops staff see it.</summary>
internal enum ServiceState
{
    /// <summary>Serving normally.</summary>
    Active,

    /// <summary>Serving, but slow, failing part of the time, drifting from its contract or with some destinations unhealthy.</summary>
    Degraded,

    /// <summary>Not serving: every destination unhealthy, circuit open, or every recent exchange failed.</summary>
    Down,

    /// <summary>No successful exchange and no healthy check for <see cref="OpsOptions.InactiveAfter"/>.</summary>
    Inactive,
}

/// <summary>The state, since when, why, and the last time a health check found the service healthy.</summary>
internal readonly record struct ServiceStateRecord(ServiceState State, DateTimeOffset Since, string Reason, DateTimeOffset? LastHealthy);

/// <summary>What the destinations' health checks say (YARP's active and passive health).</summary>
/// <param name="Destinations">How many destinations the service has.</param>
/// <param name="Healthy">Destinations whose last active check succeeded.</param>
/// <param name="Unhealthy">Destinations marked unhealthy by an active or passive check.</param>
internal readonly record struct HealthSummary(int Destinations, int Healthy, int Unhealthy)
{
    public bool AllUnhealthy => Destinations > 0 && Unhealthy == Destinations;

    public string Describe() => Destinations == 0 ? "unknown"
        : AllUnhealthy ? "down"
        : Unhealthy > 0 ? "degraded"
        : Healthy == Destinations ? "up"
        : "unknown";
}

/// <summary>
/// The state rules, in order: <c>inactive</c> (nothing succeeded and no check was healthy for
/// <see cref="OpsOptions.InactiveAfter"/> — a dead or abandoned app), <c>down</c> (every destination
/// unhealthy, circuit open, or at least <see cref="OpsOptions.DownErrorRate"/> of a window with enough traffic
/// failed), <c>degraded</c> (some destinations unhealthy, circuit half-open, or — with enough traffic — error
/// rate, p95 or conformance past their thresholds), else <c>active</c>. Pure: the caller keeps the since-when.
/// </summary>
internal static class ServiceStateRules
{
    public static (ServiceState State, string Reason) Evaluate(
        OpsOptions options,
        DateTimeOffset now,
        DateTimeOffset trackedSince,
        DateTimeOffset? lastSuccess,
        DateTimeOffset? lastHealthy,
        HealthSummary health,
        CircuitState? circuit,
        WindowStats window)
    {
        var lastSignOfLife = Max(Max(lastSuccess, lastHealthy), trackedSince) ?? trackedSince;
        if (now - lastSignOfLife >= options.InactiveAfter)
        {
            return (ServiceState.Inactive, lastSuccess is null && lastHealthy is null
                ? $"no success or healthy check since {Format(trackedSince)} (start)"
                : $"no success or healthy check since {Format(lastSignOfLife)}");
        }

        if (health.AllUnhealthy)
        {
            return (ServiceState.Down, health.Destinations == 1 ? "the destination is unhealthy" : $"all {health.Destinations} destinations are unhealthy");
        }

        if (circuit == CircuitState.Open)
        {
            return (ServiceState.Down, "circuit open");
        }

        var enough = window.Requests >= options.MinRequests;
        if (enough && window.ErrorRate is { } down && down >= options.DownErrorRate)
        {
            return (ServiceState.Down, $"{Percent(down)} of {window.Requests} exchanges failed");
        }

        if (health.Unhealthy > 0)
        {
            return (ServiceState.Degraded, $"{health.Unhealthy} of {health.Destinations} destinations unhealthy");
        }

        if (circuit == CircuitState.HalfOpen)
        {
            return (ServiceState.Degraded, "circuit half-open");
        }

        if (enough)
        {
            if (window.ErrorRate is { } rate && rate >= options.DegradedErrorRate)
            {
                return (ServiceState.Degraded, $"error rate {Percent(rate)} ≥ {Percent(options.DegradedErrorRate)}");
            }

            if (window.P95Ms is { } p95 && p95 >= options.DegradedP95.TotalMilliseconds)
            {
                return (ServiceState.Degraded, $"p95 {p95.ToString("0", CultureInfo.InvariantCulture)} ms ≥ {options.DegradedP95.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms");
            }
        }

        if (window.Validated >= options.MinRequests && window.Conformance is { } conformance && conformance < options.DegradedConformance)
        {
            return (ServiceState.Degraded, $"contract conformance {Percent(conformance)} < {Percent(options.DegradedConformance)}");
        }

        return (ServiceState.Active, "serving normally");
    }

    /// <summary>Applies a new evaluation: the since-when moves only when the state changes.</summary>
    public static ServiceStateRecord Next(ServiceStateRecord previous, ServiceState state, string reason, DateTimeOffset now, DateTimeOffset? lastHealthy) =>
        previous.State == state && previous.Since != default
            ? previous with { Reason = reason, LastHealthy = lastHealthy }
            : new ServiceStateRecord(state, now, reason, lastHealthy);

    public static string Name(this ServiceState state) => state switch
    {
        ServiceState.Active => "active",
        ServiceState.Degraded => "degraded",
        ServiceState.Down => "down",
        _ => "inactive",
    };

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a > b ? a : b;

    private static string Percent(double share) => share.ToString("0.#%", CultureInfo.InvariantCulture);

    private static string Format(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
