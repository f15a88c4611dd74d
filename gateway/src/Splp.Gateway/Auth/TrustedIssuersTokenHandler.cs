using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Splp.Gateway.Auth;

/// <summary>
/// Validates a bearer token against the trusted issuer its (unverified) <c>iss</c> names. Anything that can be
/// refused without a key is refused first, without a network call: oversized or malformed tokens, an untrusted
/// <c>iss</c>, an algorithm outside the issuer's allow-list (so <c>alg=none</c> and HS256-with-the-public-key never
/// reach signature checking). Then the issuer's keys are looked up (an unknown <c>kid</c> refreshes them, bounded)
/// and the signature, audience and lifetime are checked with the issuer's own rules.
/// </summary>
internal sealed class TrustedIssuersTokenHandler(TrustedIssuers issuers, int maxTokenLength) : TokenHandler
{
    /// <summary>The claim (issued by the gateway) naming the trusted issuer that signed the token.</summary>
    public const string IssuerNameClaim = "splp_issuer";

    private readonly JsonWebTokenHandler _inner = new() { MapInboundClaims = false };

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (token.Length > maxTokenLength)
        {
            return Fail(new SecurityTokenException($"The token is longer than {maxTokenLength} characters."));
        }

        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return Fail(new SecurityTokenMalformedException("The token is not a well-formed JWS compact serialization."));
        }

        if (!issuers.TryGet(jwt.Issuer, out var issuer))
        {
            return Fail(new SecurityTokenInvalidIssuerException("The token's issuer is not trusted."));
        }

        if (!issuer.Algorithms.Contains(jwt.Alg))
        {
            return Fail(new SecurityTokenInvalidAlgorithmException($"Algorithm '{jwt.Alg}' is not accepted from issuer '{issuer.Name}'."));
        }

        var keys = await issuer.Keys.GetKeysAsync(string.IsNullOrEmpty(jwt.Kid) ? null : jwt.Kid, CancellationToken.None);
        if (keys is null)
        {
            return Fail(new SecurityTokenSignatureKeyNotFoundException($"The signing keys of issuer '{issuer.Name}' are not available."));
        }

        var parameters = issuer.Parameters.Clone();
        parameters.IssuerSigningKeys = keys;
        var result = await _inner.ValidateTokenAsync(jwt, parameters);
        if (result.IsValid)
        {
            result.ClaimsIdentity.AddClaim(new Claim(IssuerNameClaim, issuer.Name, ClaimValueTypes.String, GatewayClaims.Issuer));
        }

        return result;
    }

    public override SecurityToken ReadToken(string token) => _inner.ReadToken(token);

    private static TokenValidationResult Fail(Exception exception) => new() { IsValid = false, Exception = exception };
}
