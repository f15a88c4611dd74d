using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Splp.Gateway.Auth;

/// <summary>Mints development tokens that the gateway trusts when the development issuer is enabled.</summary>
/// <param name="key">The development signing key.</param>
/// <param name="timeProvider">The clock that stamps iat, nbf and exp.</param>
/// <param name="issuer">The <c>iss</c> claim.</param>
/// <param name="audience">The <c>aud</c> claim.</param>
public sealed class DevTokenMinter(SecurityKey key, TimeProvider timeProvider, string issuer = DevTokenMinter.DefaultIssuer, string audience = DevTokenMinter.DefaultAudience)
{
    /// <summary>The default <c>iss</c> of development tokens.</summary>
    public const string DefaultIssuer = "splp-dev";

    /// <summary>The default <c>aud</c> of development tokens.</summary>
    public const string DefaultAudience = "splp-gateway";

    private static readonly JsonWebTokenHandler Handler = new();

    /// <summary>Mints a token for <paramref name="consumer"/> with the given scopes and lifetime.</summary>
    public string Mint(string consumer, IEnumerable<string> scopes, TimeSpan lifetime, IReadOnlyDictionary<string, object>? extraClaims = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(consumer);
        if (lifetime <= TimeSpan.Zero || lifetime > TimeSpan.FromDays(30))
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, "A development token lives between one second and 30 days.");
        }

        var now = timeProvider.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["sub"] = consumer,
            ["client_id"] = consumer,
            ["azp"] = consumer,
            ["scope"] = string.Join(' ', scopes.Where(s => !string.IsNullOrWhiteSpace(s)).Distinct(StringComparer.Ordinal)),
            ["jti"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
        };
        if (extraClaims is not null)
        {
            foreach (var (name, value) in extraClaims)
            {
                claims[name] = value;
            }
        }

        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256),
        });
    }
}
