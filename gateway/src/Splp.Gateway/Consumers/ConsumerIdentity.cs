using System.Security.Claims;

namespace Splp.Gateway.Consumers;

/// <summary>
/// Who is calling, read from the verified principal: the one place that knows which claims name a consumer
/// and its organisation. Bearer tokens carry <c>client_id</c> (else <c>azp</c>); API keys and the consumer
/// registry add the same claims, so rate limits, the cache, telemetry and the exchange log agree.
/// </summary>
public static class ConsumerIdentity
{
    /// <summary>The claim holding the consumer id.</summary>
    public const string ClientIdClaim = "client_id";

    /// <summary>The OIDC authorized-party claim, used when <c>client_id</c> is absent.</summary>
    public const string AuthorizedPartyClaim = "azp";

    /// <summary>
    /// The claim the gateway adds with the consumer id it resolved (from <c>Splp:Auth:ConsumerClaim</c>, else
    /// <c>client_id</c>, else <c>azp</c>, or the API key's consumer); read first.
    /// </summary>
    public const string ConsumerClaim = "splp_consumer";

    /// <summary>The claim the gateway adds with the consumer's owning organisation (agency or regency).</summary>
    public const string OrganisationClaim = "splp_org";

    /// <summary>The consumer id of an authenticated caller, or null for anonymous ones.</summary>
    public static string? Id(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity is GatewayIdentity gateway)
        {
            return gateway.ConsumerId;
        }

        if (user.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        return user.FindFirst(ConsumerClaim)?.Value ?? user.FindFirst(ClientIdClaim)?.Value ?? user.FindFirst(AuthorizedPartyClaim)?.Value;
    }

    /// <summary>The owning organisation of an authenticated caller, when the gateway knows it.</summary>
    public static string? Organisation(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity is GatewayIdentity gateway)
        {
            return gateway.Organisation;
        }

        return user.Identity?.IsAuthenticated == true ? user.FindFirst(OrganisationClaim)?.Value : null;
    }

    /// <summary>How an authenticated caller authenticated (<c>bearer</c> or <c>api-key</c>), as the gateway recorded it.</summary>
    internal static string? AuthMethod(ClaimsPrincipal user) => user.Identity is GatewayIdentity gateway
        ? gateway.AuthMethod
        : user.FindFirst(c => c.Type == Auth.GatewayClaims.AuthMethod && c.Issuer == Auth.GatewayClaims.Issuer)?.Value;

    /// <summary>The trusted issuer (by configured name) that vouched for a bearer token.</summary>
    internal static string? IssuerName(ClaimsPrincipal user) => user.Identity is GatewayIdentity gateway
        ? gateway.IssuerName
        : user.FindFirst(c => c.Type == Auth.TrustedIssuersTokenHandler.IssuerNameClaim && c.Issuer == Auth.GatewayClaims.Issuer)?.Value;
}
