using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Splp.Gateway.Consumers;

namespace Splp.Gateway.Auth;

/// <summary>
/// Authenticates legacy consumers by an API key in <c>X-Api-Key</c> (or <c>Authorization: ApiKey &lt;key&gt;</c>). The
/// key's SHA-256 is compared, in constant time, with every key hash in force; a match that is expired or revoked
/// fails. The principal carries the same consumer claims a token would.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ConsumerRegistry registry,
    ConsumerClaimsTransformation normalizer,
    IApiKeyRevocations revocations,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>The header that carries the key.</summary>
    public const string HeaderName = "X-Api-Key";

    /// <summary>The <c>Authorization</c> scheme that carries the key, for clients that can only set that header.</summary>
    public const string AuthorizationScheme = "ApiKey";

    /// <summary>Whether the request presents an API key (either form), so the API-key scheme handles it.</summary>
    public static bool Presents(HttpRequest request) =>
        request.Headers.ContainsKey(HeaderName)
        || (request.Headers.Authorization is { Count: > 0 } authorization
            && authorization[0] is { } value
            && value.StartsWith(AuthorizationScheme + " ", StringComparison.OrdinalIgnoreCase));

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? key;
        if (Request.Headers.TryGetValue(HeaderName, out var header))
        {
            if (header.Count != 1 || Request.Headers.Authorization.Count > 0)
            {
                return Task.FromResult(AuthenticateResult.Fail("Send exactly one API key and no other credentials."));
            }

            key = header[0];
        }
        else if (Request.Headers.Authorization is { Count: 1 } authorization && authorization[0] is { } value
            && value.StartsWith(AuthorizationScheme + " ", StringComparison.OrdinalIgnoreCase))
        {
            key = value[(AuthorizationScheme.Length + 1)..].Trim();
        }
        else
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!ApiKeyHash.IsWellFormed(key))
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is malformed."));
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key!), hash);
        ApiKeyEntry? match = null;
        foreach (var entry in registry.ApiKeys)
        {
            // Every entry is compared, in constant time, so timing says nothing about which key is near.
            if (CryptographicOperations.FixedTimeEquals(hash, entry.Hash))
            {
                match = entry;
            }
        }

        if (match is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not known."));
        }

        if (match.Expires is { } expires && time.GetUtcNow() >= expires)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key has expired."));
        }

        if (revocations.IsRevoked(match.Consumer, match.KeyId))
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key has been revoked."));
        }

        // Built as the gateway's identity here, so the claims transformation has nothing left to do.
        var identity = normalizer.Normalize(new ClaimsIdentity(
            [
                new Claim("sub", match.Consumer),
                new Claim(ConsumerIdentity.ClientIdClaim, match.Consumer),
                new Claim(ConsumerIdentity.ConsumerClaim, match.Consumer, ClaimValueTypes.String, GatewayClaims.Issuer),
                new Claim(GatewayClaims.AuthMethod, GatewayClaims.ApiKey, ClaimValueTypes.String, GatewayClaims.Issuer),
                new Claim(GatewayClaims.KeyId, match.KeyId, ClaimValueTypes.String, GatewayClaims.Issuer),
            ],
            SchemeName,
            "sub",
            "roles"));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{AuthorizationScheme} header=\"{HeaderName}\", error=\"invalid_key\"";
        return Task.CompletedTask;
    }
}
