using System.ComponentModel.DataAnnotations;

namespace Splp.Gateway.Limits;

/// <summary>
/// Request limits, bound from <c>Splp:Limits</c>. The gateway answers requests over these limits with
/// problem+json. Kestrel's own hard limits sit above them (see <c>KestrelHardLimitFactor</c>) and answer
/// with a bare status, for requests so large they never reach the gateway.
/// </summary>
public sealed class RequestLimitsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Splp:Limits";

    /// <summary>How far above the gateway's limits Kestrel's hard limits sit.</summary>
    public const int KestrelHardLimitFactor = 4;

    /// <summary>The largest request body, in bytes. Default: 1 MiB.</summary>
    [Range(1, 1L << 30)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The largest total size of request header names and values, in bytes. Default: 32 KiB.</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxRequestHeadersBytes { get; set; } = 32 * 1024;

    /// <summary>The longest path plus query string, in bytes. Default: 4 KiB.</summary>
    [Range(256, 64 * 1024)]
    public int MaxRequestTargetBytes { get; set; } = 4 * 1024;

    /// <summary>
    /// The slowest a consumer may send its request body, in bytes per second, after <see cref="RequestBodyGracePeriod"/>;
    /// a slower body ends with 408 <c>request-timeout</c> (or a closed connection once a response started), so a
    /// trickling client cannot hold a connection and an upstream call forever. 0 turns the check off.
    /// Default: 240 (Kestrel's default, a very slow mobile link).
    /// </summary>
    [Range(0, 1024 * 1024)]
    public double MinRequestBodyBytesPerSecond { get; set; } = 240;

    /// <summary>How long a body may start slowly before <see cref="MinRequestBodyBytesPerSecond"/> applies. Default: 5 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:02", "00:05:00")]
    public TimeSpan RequestBodyGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a consumer may take to send the request line and headers before the connection is closed. Default: 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
