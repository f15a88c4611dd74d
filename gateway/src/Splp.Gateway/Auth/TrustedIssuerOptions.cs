using System.ComponentModel.DataAnnotations;
using Microsoft.IdentityModel.Tokens;

namespace Splp.Gateway.Auth;

/// <summary>One trusted token issuer, bound from <c>Splp:Auth:Issuers:&lt;name&gt;</c>.</summary>
public sealed class TrustedIssuerOptions
{
    /// <summary>The algorithms accepted when <see cref="ValidAlgorithms"/> is empty: RS256, PS256, ES256.</summary>
    public static readonly IReadOnlyList<string> DefaultAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.EcdsaSha256];

    /// <summary>The asymmetric algorithms that may be listed; <c>none</c> and every HMAC (HS*) are refused.</summary>
    public static readonly IReadOnlyList<string> AllowedAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    /// <summary>
    /// The OIDC authority (e.g. <c>https://sso.slemankab.go.id/realms/pemda</c>); its discovery document is read from
    /// <c>{Authority}/.well-known/openid-configuration</c> unless <see cref="MetadataAddress"/> is set. Required.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>The discovery document's address, when it is not below <see cref="Authority"/>. Default: derived.</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>The tokens' <c>iss</c>, when it differs from <see cref="Authority"/>. Default: the authority.</summary>
    public string? Issuer { get; set; }

    /// <summary>Audiences of which a token's <c>aud</c> must name one. Required (at least one).</summary>
    public List<string> Audiences { get; set; } = [];

    /// <summary>Signing algorithms accepted (an allow-list); empty = RS256, PS256, ES256. Never <c>none</c> or HS*.</summary>
    public List<string> ValidAlgorithms { get; set; } = [];

    /// <summary>Tolerance for clocks on <c>exp</c> and <c>nbf</c>. Default: 30 seconds; at most 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether discovery and JWKS must be fetched over HTTPS. Default: true.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>How often discovery and JWKS are fetched again while tokens keep coming. Default: 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The least time between two fetches: a token with an unknown <c>kid</c> (key rotation) fetches the JWKS again
    /// at most this often, so a flood of forged kids cannot flood the identity provider. Default: 30 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MinimumRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one fetch of discovery or JWKS may take. Default: 5 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan MetadataTimeout { get; set; } = TimeSpan.FromSeconds(5);

    private Dictionary<string, string>? _scopeMap;

    /// <summary>
    /// The issuer's scope names mapped to the contracts' (<c>ScopeMap:0:From = kependudukan:read</c>,
    /// <c>ScopeMap:0:To = kependudukan.read</c>; a list, since issuers' scope names often hold the configuration key
    /// separator <c>:</c>), applied once per token when its identity is built; a scope not listed keeps its name.
    /// Default: none.
    /// </summary>
    public List<ScopeMapping> ScopeMap { get; set; } = [];

    /// <summary><see cref="ScopeMap"/> as a lookup (built on first use; options are not changed after binding).</summary>
    internal Dictionary<string, string> ScopeLookup => _scopeMap ??= ScopeMap
        .Where(m => !string.IsNullOrWhiteSpace(m.From) && !string.IsNullOrWhiteSpace(m.To))
        .GroupBy(m => m.From!, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Last().To!, StringComparer.Ordinal);

    /// <summary>Scopes (after <see cref="ScopeMap"/>) that give admin rights. Default (when not set): <c>splp.admin</c>.</summary>
    public List<string>? AdminScopes { get; set; }

    /// <summary>Roles (<c>roles</c>/<c>role</c> claims) that give admin rights. Default (when not set): <c>splp-admin</c>.</summary>
    public List<string>? AdminRoles { get; set; }

    /// <summary>Scopes (after <see cref="ScopeMap"/>) that give ops rights. Default (when not set): <c>splp.ops</c>.</summary>
    public List<string>? OpsScopes { get; set; }

    /// <summary>Roles that give ops rights. Default (when not set): none.</summary>
    public List<string>? OpsRoles { get; set; }

    /// <summary>The algorithms in force: <see cref="ValidAlgorithms"/>, or the defaults when it is empty.</summary>
    public IReadOnlyList<string> EffectiveAlgorithms => ValidAlgorithms.Count > 0 ? ValidAlgorithms : DefaultAlgorithms;

    /// <summary>The <c>iss</c> in force: <see cref="Issuer"/>, or the authority.</summary>
    public string? EffectiveIssuer => string.IsNullOrWhiteSpace(Issuer) ? Authority : Issuer;

    /// <summary>The discovery document's address in force.</summary>
    public string? EffectiveMetadataAddress => !string.IsNullOrWhiteSpace(MetadataAddress)
        ? MetadataAddress
        : string.IsNullOrWhiteSpace(Authority) ? null : Authority.TrimEnd('/') + "/.well-known/openid-configuration";
}

/// <summary>One entry of <see cref="TrustedIssuerOptions.ScopeMap"/>: the issuer's scope name and the contracts' name for it.</summary>
public sealed class ScopeMapping
{
    /// <summary>The scope as the issuer writes it, e.g. <c>kependudukan:read</c>.</summary>
    public string? From { get; set; }

    /// <summary>The scope as the contracts write it, e.g. <c>kependudukan.read</c>.</summary>
    public string? To { get; set; }
}
