using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Splp.Gateway.Auth;

namespace Splp.Gateway.Consumers;

/// <summary>
/// After authentication: drops any gateway claim (<c>splp_*</c>) a token brought in, then adds the gateway's own —
/// the consumer id (from <c>Splp:Auth:ConsumerClaim</c>, else <c>client_id</c>, else <c>azp</c>), how the caller
/// authenticated, and the organisation the consumer registry records — so everything downstream reads one identity
/// through <see cref="ConsumerIdentity"/>.
/// </summary>
internal sealed class ConsumerClaimsTransformation(ConsumerRegistry registry, IOptions<AuthOptions> auth) : IClaimsTransformation
{
    public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity is not ClaimsIdentity { IsAuthenticated: true } identity)
        {
            return Task.FromResult(principal);
        }

        // Runs on every authenticated request: the list of forged claims is built only when there is one.
        if (identity.HasClaim(IsForged))
        {
            foreach (var forged in identity.Claims.Where(IsForged).ToList())
            {
                identity.RemoveClaim(forged);
            }
        }

        var consumerId = identity.FindFirst(c => c.Type == ConsumerIdentity.ConsumerClaim)?.Value;
        if (consumerId is null)
        {
            var configured = auth.Value.ConsumerClaim;
            consumerId = string.IsNullOrWhiteSpace(configured)
                ? identity.FindFirst(ConsumerIdentity.ClientIdClaim)?.Value ?? identity.FindFirst(ConsumerIdentity.AuthorizedPartyClaim)?.Value
                : identity.FindFirst(configured)?.Value;
            if (!string.IsNullOrEmpty(consumerId))
            {
                identity.AddClaim(new Claim(ConsumerIdentity.ConsumerClaim, consumerId, ClaimValueTypes.String, GatewayClaims.Issuer));
            }
        }

        if (!identity.HasClaim(c => c.Type == GatewayClaims.AuthMethod))
        {
            identity.AddClaim(new Claim(GatewayClaims.AuthMethod, GatewayClaims.Bearer, ClaimValueTypes.String, GatewayClaims.Issuer));
        }

        if (!identity.HasClaim(c => c.Type == ConsumerIdentity.OrganisationClaim) && registry.Find(consumerId) is { Organisation: { } organisation })
        {
            identity.AddClaim(new Claim(ConsumerIdentity.OrganisationClaim, organisation, ClaimValueTypes.String, GatewayClaims.Issuer));
        }

        return Task.FromResult(principal);
    }

    private static bool IsForged(Claim claim) => GatewayClaims.IsReserved(claim.Type) && claim.Issuer != GatewayClaims.Issuer;
}
