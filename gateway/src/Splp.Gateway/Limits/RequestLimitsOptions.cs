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

    /// <summary>The largest total size of request header names and values, in bytes. Default: 16 KiB.</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxRequestHeadersBytes { get; set; } = 16 * 1024;

    /// <summary>The longest path plus query string, in bytes. Default: 4 KiB.</summary>
    [Range(256, 64 * 1024)]
    public int MaxRequestTargetBytes { get; set; } = 4 * 1024;
}
