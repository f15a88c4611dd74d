using System.Collections.Frozen;
using System.Security.Claims;

namespace Splp.Gateway.Consumers;

/// <summary>
/// A verified caller as the gateway sees it: the credential's claims without any forged <c>splp_*</c> claim, plus the
/// gateway's own (consumer, authentication method, organisation), with those values also held as properties so the
/// steps that read them on every exchange (authorization, rate limits, cache keys, identity headers, telemetry, the
/// exchange log) do not search the claims. Built once per validated token (and kept by the validated-token cache, so
/// shared by concurrent requests): it is never changed after construction.
/// </summary>
internal sealed class GatewayIdentity : ClaimsIdentity
{
    public GatewayIdentity(IEnumerable<Claim> claims, ClaimsIdentity verified, string? consumerId, string? organisation, string authMethod, string? issuerName)
        : this(claims, verified, consumerId, organisation, authMethod, issuerName, FrozenSet<string>.Empty, GatewayRights.None)
    {
    }

    public GatewayIdentity(
        IEnumerable<Claim> claims, ClaimsIdentity verified, string? consumerId, string? organisation, string authMethod, string? issuerName,
        FrozenSet<string> scopes, GatewayRights rights)
        : base(claims, verified.AuthenticationType, verified.NameClaimType, verified.RoleClaimType)
    {
        ConsumerId = consumerId;
        Organisation = organisation;
        AuthMethod = authMethod;
        IssuerName = issuerName;
        Scopes = scopes;
        Rights = rights;
    }

    private GatewayIdentity(GatewayIdentity other)
        : base(other)
    {
        ConsumerId = other.ConsumerId;
        Organisation = other.Organisation;
        AuthMethod = other.AuthMethod;
        IssuerName = other.IssuerName;
        Scopes = other.Scopes;
        Rights = other.Rights;
    }

    /// <summary>The consumer id (<see cref="ConsumerIdentity.ConsumerClaim"/>), when the credential names one.</summary>
    public string? ConsumerId { get; }

    /// <summary>The consumer's organisation from the registry (<see cref="ConsumerIdentity.OrganisationClaim"/>).</summary>
    public string? Organisation { get; }

    /// <summary>How the caller authenticated: <c>bearer</c> or <c>api-key</c>.</summary>
    public string AuthMethod { get; }

    /// <summary>The trusted issuer (by its configured name) that vouched for a bearer token.</summary>
    public string? IssuerName { get; }

    /// <summary>
    /// The scopes the credential carries (a bearer token's <c>scope</c>/<c>scp</c> claims, after the issuer's
    /// <c>ScopeMap</c>); empty for API keys, which hold only what their subscription grants.
    /// </summary>
    public FrozenSet<string> Scopes { get; }

    /// <summary>The gateway's own rights the credential gives, by its issuer's <c>AdminScopes</c>/<c>AdminRoles</c>/<c>OpsScopes</c>/<c>OpsRoles</c>.</summary>
    public GatewayRights Rights { get; }

    public override ClaimsIdentity Clone() => new GatewayIdentity(this);
}

/// <summary>The gateway's own rights (not a service's): admin API, ops data.</summary>
[Flags]
internal enum GatewayRights
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>The admin API (<c>/admin</c>), and everything ops may read.</summary>
    Admin = 1,

    /// <summary>The ops data (<c>/ops/api</c>).</summary>
    Ops = 2,
}
