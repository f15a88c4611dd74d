using System.ComponentModel.DataAnnotations;

namespace Splp.Gateway.Consumers;

/// <summary>
/// Plans and the consumers assigned to them, as written in configuration: <c>Splp:Plans:&lt;plan&gt;</c> and
/// <c>Splp:Consumers:&lt;clientId&gt;:Plan</c>. A minimal registry until the identity issue brings subscriptions.
/// </summary>
public sealed class ConsumerPlansOptions
{
    /// <summary>The configuration section that holds <c>Plans</c> and <c>Consumers</c>.</summary>
    public const string SectionName = "Splp";

    /// <summary>Plans by name, e.g. <c>standar</c>.</summary>
    public Dictionary<string, PlanOptions> Plans { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Consumers by client id (the token's <c>client_id</c> or <c>azp</c> claim).</summary>
    public Dictionary<string, ConsumerOptions> Consumers { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>A consumer known to the gateway.</summary>
public sealed class ConsumerOptions
{
    /// <summary>The name of the consumer's plan in <see cref="ConsumerPlansOptions.Plans"/>. Required.</summary>
    public string? Plan { get; set; }

    /// <summary>The owning organisation: an agency id of <c>Splp:Agencies</c> or another regency. Default: none.</summary>
    public string? Organisation { get; set; }

    /// <summary>
    /// The services the consumer may call, by service name, each with the operations and scopes allowed. Default:
    /// none (see <c>Splp:Auth:RequireRegisteredConsumer</c>).
    /// </summary>
    public Dictionary<string, SubscriptionOptions> Subscriptions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The consumer's API keys by key id (two may be valid at once during rotation). Default: none.</summary>
    public Dictionary<string, ApiKeyOptions> ApiKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The trusted issuers (names under <c>Splp:Auth:Issuers</c>, or <c>dev</c>) whose tokens may speak for this
    /// consumer; empty = any trusted issuer. Keeps a neighbour regency's identity provider from minting tokens for
    /// one of this Pemda's consumers. Default: any.
    /// </summary>
    public List<string> Issuers { get; set; } = [];

    /// <summary>
    /// Binds the consumer to its token's subject: the claim (e.g. <c>nik</c>) whose value is the only person the consumer
    /// may ask about. Every operation it calls must name that person in a parameter the contract marks
    /// <c>x-splp-subject: true</c>; any other request, and a token without the claim, get 403 <c>subject-mismatch</c>.
    /// Default: none (not bound).
    /// </summary>
    public string? SubjectClaim { get; set; }
}

/// <summary>A consumer's subscription to one service.</summary>
public sealed class SubscriptionOptions
{
    /// <summary>Operation ids of the service's contract the consumer may call; empty = every operation.</summary>
    public List<string> Operations { get; set; } = [];

    /// <summary>
    /// Scopes granted on this service. A bearer token's scopes count only where listed here (empty = the token's
    /// scopes as they are); an API key caller holds exactly these.
    /// </summary>
    public List<string> Scopes { get; set; } = [];
}

/// <summary>One API key of a consumer, stored only as a hash.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>The key's SHA-256 as 64 hex digits (<c>splp apikey</c> prints it). Required.</summary>
    public string? Hash { get; set; }

    /// <summary>When the key stops working. Default: never.</summary>
    public DateTimeOffset? Expires { get; set; }

    /// <summary>Whether the key is revoked. Default: false.</summary>
    public bool Revoked { get; set; }
}

/// <summary>
/// What a plan allows a consumer, per service: a rate with a burst, and a daily quota.
/// </summary>
public sealed class PlanOptions
{
    /// <summary>Sustained requests per second per service; 0 means no rate limit. Default: 0.</summary>
    [Range(0, 1_000_000)]
    public double RequestsPerSecond { get; set; }

    /// <summary>
    /// How many requests may arrive at once (the bucket's capacity) before the rate applies; at least 1 when a
    /// rate is set. Default: 1.
    /// </summary>
    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 1;

    /// <summary>Requests per service per local day (reset at local midnight); 0 means no quota. Default: 0.</summary>
    [Range(0, long.MaxValue)]
    public long DailyQuota { get; set; }

    /// <summary>
    /// What to do while the shared store (Redis) is unreachable: <see cref="StoreFailureMode.FailOpen"/> limits
    /// locally with the limits divided by the replica count; <see cref="StoreFailureMode.FailClosed"/> answers 503.
    /// Default: FailOpen.
    /// </summary>
    public StoreFailureMode OnStoreFailure { get; set; } = StoreFailureMode.FailOpen;
}

/// <summary>What a plan does while the shared rate-limit store is unreachable.</summary>
public enum StoreFailureMode
{
    /// <summary>Keep serving, limited by a per-replica in-memory limiter with a share of the limits.</summary>
    FailOpen,

    /// <summary>Refuse with 503 <c>rate-limit-unavailable</c>.</summary>
    FailClosed,
}
