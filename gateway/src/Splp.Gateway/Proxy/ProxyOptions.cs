using System.ComponentModel.DataAnnotations;

namespace Splp.Gateway.Proxy;

/// <summary>How the gateway talks to agency apps, bound from <c>Splp:Proxy</c>.</summary>
public sealed class ProxyOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Splp:Proxy";

    /// <summary>
    /// How long to wait for a TCP (and TLS) connection to an agency app before answering 502.
    /// Default: 5 seconds; a government intranet link that needs longer is itself a problem to see.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The largest upstream body an adapter reads before giving up with a 502; protects the gateway's
    /// memory from runaway lists. Default: 16 MiB.
    /// </summary>
    [Range(1024, 1L << 30)]
    public long MaxAdaptedResponseBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>
    /// What to do with an upstream response that announces (Content-Length) more than
    /// <see cref="MaxAdaptedResponseBytes"/>: <see cref="OversizedResponseHandling.Reject"/> answers 502
    /// without reading it; <see cref="OversizedResponseHandling.PassThrough"/> streams it unmapped and unvalidated,
    /// marked with <c>Splp-Adapter: bypassed</c>. A body without a length that grows past the limit is always
    /// refused. Default: Reject.
    /// </summary>
    public OversizedResponseHandling OversizedResponse { get; set; } = OversizedResponseHandling.Reject;

    /// <summary>
    /// The sliding window over which passive health checks compute each destination's transport failure rate; an
    /// unhealthy destination is never reactivated sooner than this. Default: 60 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan PassiveHealthDetectionWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How many requests a destination must have served in the window before its failure rate counts. Default: 10.
    /// </summary>
    [Range(1, 100_000)]
    public int PassiveHealthMinimalTotalCount { get; set; } = 10;
}

/// <summary>How an adapted service treats an upstream response over the adapter's size limit.</summary>
public enum OversizedResponseHandling
{
    /// <summary>Answer 502 <c>upstream-invalid-response</c>.</summary>
    Reject,

    /// <summary>Stream the upstream body to the consumer unmapped.</summary>
    PassThrough,
}
