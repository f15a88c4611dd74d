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
        : base(claims, verified.AuthenticationType, verified.NameClaimType, verified.RoleClaimType)
    {
        ConsumerId = consumerId;
        Organisation = organisation;
        AuthMethod = authMethod;
        IssuerName = issuerName;
    }

    private GatewayIdentity(GatewayIdentity other)
        : base(other)
    {
        ConsumerId = other.ConsumerId;
        Organisation = other.Organisation;
        AuthMethod = other.AuthMethod;
        IssuerName = other.IssuerName;
    }

    /// <summary>The consumer id (<see cref="ConsumerIdentity.ConsumerClaim"/>), when the credential names one.</summary>
    public string? ConsumerId { get; }

    /// <summary>The consumer's organisation from the registry (<see cref="ConsumerIdentity.OrganisationClaim"/>).</summary>
    public string? Organisation { get; }

    /// <summary>How the caller authenticated: <c>bearer</c> or <c>api-key</c>.</summary>
    public string AuthMethod { get; }

    /// <summary>The trusted issuer (by its configured name) that vouched for a bearer token.</summary>
    public string? IssuerName { get; }

    public override ClaimsIdentity Clone() => new GatewayIdentity(this);
}
