using System.ComponentModel.DataAnnotations;

namespace Splp.Gateway.RateLimiting;

/// <summary>Rate limits and quotas per consumer and service, bound from <c>Splp:RateLimiting</c>.</summary>
public sealed class RateLimitingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Splp:RateLimiting";

    /// <summary>Whether plans are enforced at all. Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The IANA time zone whose midnight resets daily quotas. Default: <c>Asia/Jakarta</c> (WIB); a Pemda in
    /// Sulawesi sets <c>Asia/Makassar</c>, in Papua <c>Asia/Jayapura</c>.
    /// </summary>
    [Required]
    public string TimeZone { get; set; } = "Asia/Jakarta";

    /// <summary>
    /// How many gateway replicas share the limits. While Redis is unreachable a fail-open plan is enforced
    /// per replica with its rate, burst and quota divided by this number. Default: 1.
    /// </summary>
    [Range(1, 1000)]
    public int Replicas { get; set; } = 1;

    /// <summary>The plan of consumers not listed under <c>Splp:Consumers</c>; empty means they are not limited. Default: empty.</summary>
    public string? DefaultPlan { get; set; }
}
