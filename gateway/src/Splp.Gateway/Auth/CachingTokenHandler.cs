using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Splp.Gateway.Auth;

/// <summary>
/// Validates JWTs with <see cref="JsonWebTokenHandler"/> and remembers each successful validation for a
/// short time, so a consumer that reuses its token pays the signature check (tens of microseconds for
/// ES256/RS256) once rather than on every request. Failures are never cached. A cached validation lasts
/// until the token expires or <c>duration</c> passes, whichever is first; that is also how long a
/// withdrawn signing key keeps verifying tokens already seen.
/// </summary>
internal sealed class CachingTokenHandler(TokenHandler inner, TimeSpan duration, int maxEntries, TimeProvider timeProvider) : TokenHandler
{
    private readonly TokenHandler _inner = inner;

    /// <summary>Caches validations by a plain <see cref="JsonWebTokenHandler"/> with the parameters each call passes.</summary>
    public CachingTokenHandler(TimeSpan duration, int maxEntries, TimeProvider timeProvider)
        : this(new JsonWebTokenHandler { MapInboundClaims = false }, duration, maxEntries, timeProvider)
    {
    }
    private readonly ConcurrentDictionary<string, Entry> _cache = new(StringComparer.Ordinal);

    /// <summary>How many validations are remembered now.</summary>
    public int Count => _cache.Count;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = timeProvider.GetUtcNow();
        if (_cache.TryGetValue(token, out var entry))
        {
            if (now < entry.Until)
            {
                // Each request gets its own identity so nothing one request adds is seen by another.
                return new TokenValidationResult
                {
                    IsValid = true,
                    ClaimsIdentity = entry.Identity.Clone(),
                    SecurityToken = entry.Token,
                    Issuer = entry.Issuer,
                };
            }

            _cache.TryRemove(token, out _);
        }

        var result = await _inner.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && duration > TimeSpan.Zero && result.SecurityToken is { } securityToken)
        {
            var expires = new DateTimeOffset(DateTime.SpecifyKind(securityToken.ValidTo, DateTimeKind.Utc));
            var until = now + duration < expires ? now + duration : expires;
            if (_cache.Count >= maxEntries)
            {
                // Crude but bounded: a flood of distinct tokens costs a re-validation, never memory.
                _cache.Clear();
            }

            // The cache keeps its own copy: the identity returned here is changed by this request's claims
            // transformation while other requests clone the cached one.
            _cache[token] = new Entry(result.ClaimsIdentity.Clone(), securityToken, result.Issuer, until);
        }

        return result;
    }

    public override SecurityToken ReadToken(string token) => _inner.ReadToken(token);

    private sealed record Entry(ClaimsIdentity Identity, SecurityToken Token, string Issuer, DateTimeOffset Until);
}
