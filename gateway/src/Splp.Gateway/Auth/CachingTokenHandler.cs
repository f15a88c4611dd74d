using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Splp.Gateway.Consumers;

namespace Splp.Gateway.Auth;

/// <summary>
/// Validates JWTs with <see cref="JsonWebTokenHandler"/> and remembers each successful validation for a
/// short time, so a consumer that reuses its token pays the signature check (tens of microseconds for
/// ES256/RS256) once rather than on every request. Failures are never cached. A cached validation lasts
/// until the token expires or <c>duration</c> passes, whichever is first; that is also how long a
/// withdrawn signing key keeps verifying tokens already seen.
/// </summary>
/// <remarks>
/// With a <see cref="IIdentityNormalizer"/> (the gateway's claims normalization) the cache also keeps the normalized
/// identity and hands that same instance to every request presenting the token: nothing changes it after it is built,
/// so requests share it instead of each copying the claims and normalizing them again. It is rebuilt when the
/// normalizer's generation changes (the consumer registry was reloaded). Without one, each request gets its own copy.
/// </remarks>
internal sealed class CachingTokenHandler(TokenHandler inner, TimeSpan duration, int maxEntries, TimeProvider timeProvider, IIdentityNormalizer? normalizer = null) : TokenHandler
{
    private readonly TokenHandler _inner = inner;

    /// <summary>Caches validations by a plain <see cref="JsonWebTokenHandler"/> with the parameters each call passes.</summary>
    public CachingTokenHandler(TimeSpan duration, int maxEntries, TimeProvider timeProvider, IIdentityNormalizer? normalizer = null)
        : this(new JsonWebTokenHandler { MapInboundClaims = false }, duration, maxEntries, timeProvider, normalizer)
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
                return new TokenValidationResult
                {
                    IsValid = true,
                    ClaimsIdentity = IdentityFor(token, entry),
                    SecurityToken = entry.Token,
                    Issuer = entry.Issuer,
                };
            }

            _cache.TryRemove(token, out _);
        }

        var result = await _inner.ValidateTokenAsync(token, validationParameters);
        if (!result.IsValid)
        {
            return result;
        }

        // The cache keeps the verified identity to itself; requests get the normalized one (or a copy).
        var verified = result.ClaimsIdentity;
        var generation = normalizer?.Generation;
        var handedOut = normalizer?.Normalize(verified) ?? verified;
        if (duration > TimeSpan.Zero && result.SecurityToken is { } securityToken)
        {
            var expires = new DateTimeOffset(DateTime.SpecifyKind(securityToken.ValidTo, DateTimeKind.Utc));
            var until = now + duration < expires ? now + duration : expires;
            if (_cache.Count >= maxEntries)
            {
                // Crude but bounded: a flood of distinct tokens costs a re-validation, never memory.
                _cache.Clear();
            }

            _cache[token] = normalizer is null
                ? new Entry(verified.Clone(), null, null, securityToken, result.Issuer, until)
                : new Entry(verified, handedOut, generation, securityToken, result.Issuer, until);
        }

        result.ClaimsIdentity = handedOut;
        return result;
    }

    public override SecurityToken ReadToken(string token) => _inner.ReadToken(token);

    private ClaimsIdentity IdentityFor(string token, Entry entry)
    {
        if (normalizer is null)
        {
            // Each request gets its own identity so nothing one request adds is seen by another.
            return entry.Verified.Clone();
        }

        if (ReferenceEquals(entry.Generation, normalizer.Generation))
        {
            return entry.Normalized!;
        }

        var generation = normalizer.Generation;
        var normalized = normalizer.Normalize(entry.Verified);
        _cache.TryUpdate(token, entry with { Normalized = normalized, Generation = generation }, entry);
        return normalized;
    }

    private sealed record Entry(ClaimsIdentity Verified, ClaimsIdentity? Normalized, object? Generation, SecurityToken Token, string Issuer, DateTimeOffset Until);
}
