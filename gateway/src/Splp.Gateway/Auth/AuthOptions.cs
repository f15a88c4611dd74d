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

    /// <summary>
    /// The trusted token issuers by name (<c>Splp:Auth:Issuers:&lt;name&gt;</c>): the Pemda's own identity provider,
    /// the province's, a neighbour regency's. A token whose <c>iss</c> names none of them (nor the development issuer
    /// when enabled) is refused at once, without any network call. Default: none.
    /// </summary>
    public Dictionary<string, TrustedIssuerOptions> Issuers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The token claim that names the consumer. Default: empty, meaning <c>client_id</c>, else <c>azp</c>.
    /// </summary>
    public string? ConsumerClaim { get; set; }

    /// <summary>
    /// Whether every caller must be a consumer listed under <c>Splp:Consumers</c> and subscribed to the service it
    /// calls. When false, a consumer that declares subscriptions is still held to them, and one that declares none
    /// (or is not listed) is checked against the service's and the operation's scopes only. Default: true (secure by
    /// default: a gateway started without any settings file refuses unregistered callers).
    /// </summary>
    public bool RequireRegisteredConsumer { get; set; } = true;

    /// <summary>The longest bearer token accepted, in characters; longer ones are refused unread. Default: 8192.</summary>
    [Range(512, 65_536)]
    public int MaxTokenLength { get; set; } = 8192;

    /// <summary>
    /// Inbound headers, besides every <c>X-Splp-*</c> header, that are removed before forwarding because an
    /// upstream could take them for an identity the gateway verified. Added to the built-in list
    /// (<c>X-Consumer-Id</c>, <c>X-Forwarded-User</c>, <c>X-Remote-User</c>, <c>X-Authenticated-User</c>,
    /// <c>X-User</c>, <c>X-User-Id</c>, <c>Remote-User</c>). Default: none.
    /// </summary>
    public List<string> StripHeaders { get; set; } = [];
}
