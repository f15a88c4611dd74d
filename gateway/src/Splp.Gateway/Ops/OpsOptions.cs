using System.ComponentModel.DataAnnotations;

namespace Splp.Gateway.Ops;

/// <summary>Service states, the ops dashboard and the monthly report, bound from <c>Splp:Ops</c>.</summary>
public sealed class OpsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Splp:Ops";

    /// <summary>
    /// A service with no successful exchange and no healthy health check for this long is <c>inactive</c>.
    /// Default: 7 days — long enough that a weekly batch integration never looks dead, short enough that an
    /// abandoned app shows up within the month it is reported in.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan InactiveAfter { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The rolling window for traffic, error rate, p95 and conformance on the dashboard. Default: 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Fewer exchanges than this in the window never make a service degraded or down by rates. Default: 10.</summary>
    [Range(1, 1_000_000)]
    public int MinRequests { get; set; } = 10;

    /// <summary>Share of failed exchanges (upstream errors, timeouts, open circuit; not 4xx) from which a service is <c>degraded</c>. Default: 0.05.</summary>
    [Range(0.0, 1.0)]
    public double DegradedErrorRate { get; set; } = 0.05;

    /// <summary>Share of failed exchanges from which a service is <c>down</c>. Default: 1.0 (every exchange in the window failed).</summary>
    [Range(0.0, 1.0)]
    public double DownErrorRate { get; set; } = 1.0;

    /// <summary>A p95 latency at or above this makes a service <c>degraded</c>. Default: 2 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan DegradedP95 { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A contract conformance below this share of validated exchanges makes a service <c>degraded</c>. Default: 0.95.</summary>
    [Range(0.0, 1.0)]
    public double DegradedConformance { get; set; } = 0.95;

    /// <summary>How often the dashboard refreshes itself. Default: 5 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often states are evaluated and minutes of the monthly report sampled. Default: 5 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan EvaluateInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often this replica's monthly counters are flushed to the report store. Default: 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ReportFlushInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The UTC offset whose calendar months the monthly report counts. Default: +07:00 (WIB); use 08:00 for WITA,
    /// 09:00 for WIT.
    /// </summary>
    [Range(typeof(TimeSpan), "-14:00:00", "14:00:00")]
    public TimeSpan ReportOffset { get; set; } = TimeSpan.FromHours(7);

    /// <summary>How many recent failed exchanges are kept for the dashboard. Default: 200.</summary>
    [Range(1, 100_000)]
    public int RecentFailures { get; set; } = 200;

    /// <summary>
    /// CIDRs (e.g. <c>10.20.0.0/16</c>, <c>127.0.0.1/32</c>) whose callers read <c>/ops/api/*</c> without a token.
    /// Default: none (a token with <c>splp.ops</c> or the admin scope/role is needed); the Development settings allow loopback.
    /// </summary>
    public string[] AllowedNetworks { get; set; } = [];
}
