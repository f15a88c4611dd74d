using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;
using Splp.Gateway.Auth;

namespace Splp.Gateway.Tests.Auth;

public sealed class CachingTokenHandlerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("splp-cache-test-").FullName;
    private readonly FakeTimeProvider _clock = new(TimeProvider.System.GetUtcNow());
    private readonly ECDsaSecurityKey _key;

    public CachingTokenHandlerTests() => _key = DevSigningKey.LoadOrCreate(Path.Combine(_directory, "key.json"));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task ValidateTokenAsync_SameTokenTwice_SecondComesFromCacheWithItsOwnIdentity()
    {
        var handler = new CachingTokenHandler(TimeSpan.FromMinutes(2), 100, _clock);
        var token = Mint(TimeSpan.FromHours(1));

        var first = await handler.ValidateTokenAsync(token, Parameters(_key));
        // A cache hit does not even need the key: prove it by validating with parameters that would fail.
        var second = await handler.ValidateTokenAsync(token, Parameters(new ECDsaSecurityKey(System.Security.Cryptography.ECDsa.Create()) { KeyId = "other" }));

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.Equal("portal-warga", second.ClaimsIdentity.FindFirst("client_id")?.Value);
    }

    [Fact]
    public async Task ValidateTokenAsync_ClaimsAddedToTheFirstIdentity_NeverReachTheCachedOne()
    {
        var handler = new CachingTokenHandler(TimeSpan.FromMinutes(2), 100, _clock);
        var token = Mint(TimeSpan.FromHours(1));

        var first = await handler.ValidateTokenAsync(token, Parameters(_key));
        // What the claims transformation does to the request that validated the token.
        first.ClaimsIdentity.AddClaim(new System.Security.Claims.Claim("splp_org", "diskominfo"));
        var second = await handler.ValidateTokenAsync(token, Parameters(_key));

        Assert.Null(second.ClaimsIdentity.FindFirst("splp_org"));
    }

    [Fact]
    public async Task ValidateTokenAsync_AfterCacheDuration_ValidatesAgain()
    {
        var handler = new CachingTokenHandler(TimeSpan.FromMinutes(2), 100, _clock);
        var token = Mint(TimeSpan.FromHours(1));
        await handler.ValidateTokenAsync(token, Parameters(_key));

        _clock.Advance(TimeSpan.FromMinutes(3));
        var result = await handler.ValidateTokenAsync(token, Parameters(new ECDsaSecurityKey(System.Security.Cryptography.ECDsa.Create()) { KeyId = "other" }));

        Assert.False(result.IsValid);
    }

    [Fact]
    public async Task ValidateTokenAsync_NeverServesATokenPastItsExpiry()
    {
        var handler = new CachingTokenHandler(TimeSpan.FromMinutes(30), 100, _clock);
        var token = Mint(TimeSpan.FromMinutes(1));
        Assert.True((await handler.ValidateTokenAsync(token, Parameters(_key))).IsValid);

        _clock.Advance(TimeSpan.FromMinutes(2));

        Assert.False((await handler.ValidateTokenAsync(token, Parameters(_key))).IsValid);
    }

    [Fact]
    public async Task ValidateTokenAsync_FailuresAreNotCached_AndTheCacheStaysBounded()
    {
        var handler = new CachingTokenHandler(TimeSpan.FromMinutes(2), 3, _clock);
        var bad = Mint(TimeSpan.FromHours(1));
        Assert.False((await handler.ValidateTokenAsync(bad, Parameters(new ECDsaSecurityKey(System.Security.Cryptography.ECDsa.Create()) { KeyId = "x" }))).IsValid);
        Assert.Equal(0, handler.Count);

        for (var i = 0; i < 10; i++)
        {
            Assert.True((await handler.ValidateTokenAsync(Mint(TimeSpan.FromHours(1)), Parameters(_key))).IsValid);
        }

        Assert.InRange(handler.Count, 1, 3);
    }

    private string Mint(TimeSpan lifetime) => new DevTokenMinter(_key, _clock).Mint("portal-warga", ["kependudukan.read"], lifetime);

    private TokenValidationParameters Parameters(SecurityKey key) => new()
    {
        ValidIssuer = DevTokenMinter.DefaultIssuer,
        ValidAudience = DevTokenMinter.DefaultAudience,
        IssuerSigningKey = key,
        ClockSkew = TimeSpan.Zero,
        LifetimeValidator = (_, expires, _, _) => _clock.GetUtcNow().UtcDateTime < expires,
    };
}
