using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Splp.Gateway.Auth;

/// <summary>
/// Every issuer the gateway trusts, by the <c>iss</c> its tokens carry: those of <c>Splp:Auth:Issuers</c> and, only
/// when <c>Splp:DevIssuer:Enabled</c>, the development issuer. Built once at start.
/// </summary>
internal sealed class TrustedIssuers : IDisposable
{
    /// <summary>The name under which the development issuer is trusted.</summary>
    public const string DevIssuerName = "dev";

    private readonly FrozenDictionary<string, TrustedIssuer> _byIss;

    public TrustedIssuers(IOptions<AuthOptions> auth, IOptions<DevIssuerOptions> dev, IHttpClientFactory httpClients, TimeProvider time, ILoggerFactory loggers)
    {
        var byIss = new Dictionary<string, TrustedIssuer>(StringComparer.Ordinal);
        foreach (var (name, options) in auth.Value.Issuers)
        {
            var keys = new OidcSigningKeys(name, options, httpClients.CreateClient(HttpClientName), time, loggers.CreateLogger<OidcSigningKeys>());
            byIss[options.EffectiveIssuer!] = new TrustedIssuer(name, options.EffectiveIssuer!, Parameters(options.EffectiveIssuer!, options.Audiences, options.EffectiveAlgorithms, options.ClockSkew), options.EffectiveAlgorithms.ToFrozenSet(StringComparer.Ordinal), keys);
        }

        if (dev.Value.Enabled)
        {
            var key = DevSigningKey.LoadOrCreate(dev.Value.KeyPath);
            byIss.TryAdd(dev.Value.Issuer, new TrustedIssuer(
                DevIssuerName,
                dev.Value.Issuer,
                Parameters(dev.Value.Issuer, [dev.Value.Audience], [SecurityAlgorithms.EcdsaSha256], TimeSpan.FromSeconds(30)),
                FrozenSet.Create(StringComparer.Ordinal, SecurityAlgorithms.EcdsaSha256),
                new StaticSigningKeys(key)));
        }

        _byIss = byIss.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The HTTP client name used for discovery and JWKS.</summary>
    public const string HttpClientName = "splp-oidc";

    public void Dispose()
    {
        foreach (var issuer in _byIss.Values)
        {
            (issuer.Keys as IDisposable)?.Dispose();
        }
    }

    /// <summary>The names of the trusted issuers.</summary>
    public IEnumerable<string> Names => _byIss.Values.Select(i => i.Name);

    /// <summary>How many issuers are trusted.</summary>
    public int Count => _byIss.Count;

    /// <summary>The trusted issuer whose tokens carry <paramref name="iss"/>.</summary>
    public bool TryGet(string? iss, out TrustedIssuer issuer)
    {
        issuer = null!;
        return iss is not null && _byIss.TryGetValue(iss, out issuer!);
    }

    /// <summary>The issuer's name for <paramref name="iss"/>, or null.</summary>
    public string? NameOf(string? iss) => TryGet(iss, out var issuer) ? issuer.Name : null;

    private static TokenValidationParameters Parameters(string issuer, IEnumerable<string> audiences, IEnumerable<string> algorithms, TimeSpan clockSkew) => new()
    {
        ValidIssuer = issuer,
        ValidAudiences = audiences.ToArray(),
        ValidAlgorithms = algorithms.ToArray(),
        ClockSkew = clockSkew,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        ValidateIssuerSigningKey = true,
        NameClaimType = "sub",
        // Tokens without a kid (some identity providers omit it) are checked against each of the issuer's keys.
        TryAllIssuerSigningKeys = true,
    };
}

/// <summary>One trusted issuer: its name, <c>iss</c>, validation rules and signing keys.</summary>
internal sealed record TrustedIssuer(string Name, string Issuer, TokenValidationParameters Parameters, FrozenSet<string> Algorithms, ISigningKeySource Keys);
