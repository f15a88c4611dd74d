using System.Collections.Frozen;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Splp.Gateway.Auth;

namespace Splp.Gateway.Consumers;

/// <summary>
/// Turns a verified identity into a <see cref="GatewayIdentity"/>: drops any gateway claim (<c>splp_*</c>) a token
/// brought in, then adds the gateway's own — the consumer id (from <c>Splp:Auth:ConsumerClaim</c>, else
/// <c>client_id</c>, else <c>azp</c>), how the caller authenticated, and the organisation the consumer registry
/// records — so everything downstream reads one identity through <see cref="ConsumerIdentity"/>. For a bearer token it
/// also renames the token's scopes by its issuer's <c>ScopeMap</c> (the <c>scope</c>/<c>scp</c> claims are rewritten)
/// and works out the gateway rights the token gives (<c>AdminScopes</c>, <c>AdminRoles</c>, <c>OpsScopes</c>,
/// <c>OpsRoles</c>; defaults <c>splp.admin</c>, <c>splp-admin</c>, <c>splp.ops</c>). API keys carry no scopes and no rights.
/// </summary>
/// <remarks>
/// The validated-token cache normalizes once per token (and again after the registry changes, see
/// <see cref="Generation"/>); as the claims transformation this only normalizes identities that are not normalized
/// yet (API keys, other schemes), and never changes the identity it is given.
/// </remarks>
internal sealed class ConsumerClaimsTransformation(ConsumerRegistry registry, IOptions<AuthOptions> auth) : IClaimsTransformation, IIdentityNormalizer
{
    public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity is GatewayIdentity or not ClaimsIdentity { IsAuthenticated: true })
        {
            return Task.FromResult(principal);
        }

        return Task.FromResult(new ClaimsPrincipal(Normalize((ClaimsIdentity)principal.Identity)));
    }

    /// <summary>Changes whenever the registry is reloaded: a normalized identity of an older generation may name a stale organisation.</summary>
    public object Generation => registry.Generation;

    public ClaimsIdentity Normalize(ClaimsIdentity verified)
    {
        var claims = new List<Claim>();
        string? consumerId = null, method = null, issuerName = null;
        foreach (var claim in verified.Claims)
        {
            if (!GatewayClaims.IsReserved(claim.Type))
            {
                claims.Add(claim);
                continue;
            }

            if (claim.Issuer != GatewayClaims.Issuer || claim.Type == ConsumerIdentity.OrganisationClaim)
            {
                continue; // forged by the token, or an organisation the registry is about to restate
            }

            claims.Add(claim);
            switch (claim.Type)
            {
                case ConsumerIdentity.ConsumerClaim: consumerId ??= claim.Value; break;
                case GatewayClaims.AuthMethod: method ??= claim.Value; break;
                case TrustedIssuersTokenHandler.IssuerNameClaim: issuerName ??= claim.Value; break;
            }
        }

        if (consumerId is null)
        {
            var configured = auth.Value.ConsumerClaim;
            consumerId = string.IsNullOrWhiteSpace(configured)
                ? First(claims, ConsumerIdentity.ClientIdClaim) ?? First(claims, ConsumerIdentity.AuthorizedPartyClaim)
                : First(claims, configured);
            if (string.IsNullOrEmpty(consumerId))
            {
                consumerId = null;
            }
            else
            {
                claims.Add(new Claim(ConsumerIdentity.ConsumerClaim, consumerId, ClaimValueTypes.String, GatewayClaims.Issuer));
            }
        }

        if (method is null)
        {
            method = GatewayClaims.Bearer;
            claims.Add(new Claim(GatewayClaims.AuthMethod, method, ClaimValueTypes.String, GatewayClaims.Issuer));
        }

        var scopes = FrozenSet<string>.Empty;
        var rights = GatewayRights.None;
        if (method == GatewayClaims.Bearer)
        {
            var issuer = issuerName is not null && auth.Value.Issuers.TryGetValue(issuerName, out var options) ? options : null;
            scopes = MapScopes(claims, issuer?.ScopeLookup);
            rights = RightsOf(claims, scopes, issuer);
        }

        var organisation = registry.Find(consumerId)?.Organisation;
        if (organisation is not null)
        {
            claims.Add(new Claim(ConsumerIdentity.OrganisationClaim, organisation, ClaimValueTypes.String, GatewayClaims.Issuer));
        }

        return new GatewayIdentity(claims, verified, consumerId, organisation, method, issuerName, scopes, rights);
    }

    /// <summary>Rewrites the <c>scope</c>/<c>scp</c> claims through <paramref name="map"/>; returns every scope held.</summary>
    private static FrozenSet<string> MapScopes(List<Claim> claims, Dictionary<string, string>? map)
    {
        var held = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < claims.Count; i++)
        {
            var claim = claims[i];
            if (claim.Type is not ("scope" or "scp"))
            {
                continue;
            }

            var values = claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var changed = false;
            for (var j = 0; j < values.Length; j++)
            {
                if (map is { Count: > 0 } && map.TryGetValue(values[j], out var mapped) && !string.IsNullOrWhiteSpace(mapped))
                {
                    values[j] = mapped;
                    changed = true;
                }

                held.Add(values[j]);
            }

            if (changed)
            {
                claims[i] = new Claim(claim.Type, string.Join(' ', values), claim.ValueType, claim.Issuer, claim.OriginalIssuer);
            }
        }

        return held.ToFrozenSet(StringComparer.Ordinal);
    }

    private static GatewayRights RightsOf(List<Claim> claims, FrozenSet<string> scopes, TrustedIssuerOptions? issuer)
    {
        var rights = GatewayRights.None;
        if (Any(scopes, issuer?.AdminScopes ?? DefaultAdminScopes) || HasRole(claims, issuer?.AdminRoles ?? DefaultAdminRoles))
        {
            rights |= GatewayRights.Admin;
        }

        if (Any(scopes, issuer?.OpsScopes ?? DefaultOpsScopes) || HasRole(claims, issuer?.OpsRoles ?? []))
        {
            rights |= GatewayRights.Ops;
        }

        return rights;

        static bool Any(FrozenSet<string> held, List<string> wanted) => wanted.Exists(held.Contains);
    }

    private static bool HasRole(List<Claim> claims, List<string> roles)
    {
        if (roles.Count == 0)
        {
            return false;
        }

        foreach (var claim in claims)
        {
            if (claim.Type is "roles" or "role" && claim.Value.Split(' ').Any(roles.Contains))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly List<string> DefaultAdminScopes = [Admin.AdminEndpoints.AdminScope];
    private static readonly List<string> DefaultAdminRoles = [Admin.AdminEndpoints.AdminRole];
    private static readonly List<string> DefaultOpsScopes = [Ops.OpsAccess.OpsScope];

    private static string? First(List<Claim> claims, string type)
    {
        foreach (var claim in claims)
        {
            if (claim.Type == type)
            {
                return claim.Value;
            }
        }

        return null;
    }
}

/// <summary>Turns a verified identity into the gateway's (<see cref="ConsumerClaimsTransformation"/>).</summary>
internal interface IIdentityNormalizer
{
    /// <summary>Identities normalized under another generation must be normalized again.</summary>
    object Generation { get; }

    /// <summary>A new, normalized identity; <paramref name="verified"/> is not changed.</summary>
    ClaimsIdentity Normalize(ClaimsIdentity verified);
}
