using System.ComponentModel.DataAnnotations;

namespace Splp.Gateway.Auth;

/// <summary>Token handling, bound from <c>Splp:Auth</c>.</summary>
public sealed class AuthOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Splp:Auth";

    /// <summary>
    /// How long a successfully validated token is remembered (never past its expiry). Zero turns the cache
    /// off. Default: 2 minutes — also the longest a withdrawn signing key keeps verifying tokens already seen.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:30:00")]
    public TimeSpan TokenCacheDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The most validations remembered at once. Default: 10,000.</summary>
    [Range(1, 1_000_000)]
    public int TokenCacheEntries { get; set; } = 10_000;
}
