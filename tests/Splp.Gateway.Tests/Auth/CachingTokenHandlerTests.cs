using System.Security.Claims;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;
using Splp.Gateway.Auth;
using Splp.Gateway.Consumers;

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

    [Fact]
    public async Task ValidateTokenAsync_WithNormalizer_HandsEveryRequestTheSameNormalizedIdentity_UntilTheRegistryReloads()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Splp:Consumers:portal-warga:Organisation"] = "diskominfo",
            ["Splp:Consumers:portal-warga:Plan"] = "dasar",
            ["Splp:Plans:dasar:RequestsPerSecond"] = "0",
        }).Build();
        using var catalog = new Splp.Gateway.Catalog.ServiceCatalogProvider(configuration, [], null, _clock, NullLogger<Splp.Gateway.Catalog.ServiceCatalogProvider>.Instance);
        var registry = new ConsumerRegistry(catalog);
        var handler = new CachingTokenHandler(TimeSpan.FromMinutes(2), 100, _clock, new ConsumerClaimsTransformation(registry, Options.Create(new AuthOptions())));
        var token = new DevTokenMinter(_key, _clock).Mint("portal-warga", ["kependudukan.read"], TimeSpan.FromHours(1),
            new Dictionary<string, object> { ["splp_org"] = "forged-org", ["splp_consumer"] = "someone-else" });

        var first = (await handler.ValidateTokenAsync(token, Parameters(_key))).ClaimsIdentity;
        var second = (await handler.ValidateTokenAsync(token, Parameters(_key))).ClaimsIdentity;

        var identity = Assert.IsType<GatewayIdentity>(first);
        Assert.Same(first, second);
        Assert.Equal("portal-warga", identity.ConsumerId);
        Assert.Equal("diskominfo", identity.Organisation);
        Assert.Equal(GatewayClaims.Bearer, identity.AuthMethod);
        Assert.Equal(["portal-warga"], identity.FindAll(ConsumerIdentity.ConsumerClaim).Select(c => c.Value));
        Assert.Equal(["diskominfo"], identity.FindAll(ConsumerIdentity.OrganisationClaim).Select(c => c.Value));
        Assert.Equal("portal-warga", ConsumerIdentity.Id(new ClaimsPrincipal(first)));

        configuration["Splp:Consumers:portal-warga:Organisation"] = "bappeda";
        configuration.Reload();
        var afterReload = Assert.IsType<GatewayIdentity>((await handler.ValidateTokenAsync(token, Parameters(_key))).ClaimsIdentity);

        Assert.NotSame(first, afterReload);
        Assert.Equal("bappeda", afterReload.Organisation);
        Assert.Equal("diskominfo", identity.Organisation); // what earlier requests hold is never changed
        Assert.Same(afterReload, (await handler.ValidateTokenAsync(token, Parameters(_key))).ClaimsIdentity);
    }

    [Fact]
    public async Task ClaimsTransformation_NormalizesOtherIdentities_WithoutChangingThem_AndLeavesNormalizedOnesAlone()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>()).Build();
        var registry = new ConsumerRegistry(configuration, NullLogger<ConsumerRegistry>.Instance);
        var transformation = new ConsumerClaimsTransformation(registry, Options.Create(new AuthOptions()));
        var verified = new ClaimsIdentity([new Claim("azp", "dinkes-app"), new Claim("splp_auth", "api-key")], "test");
        var principal = new ClaimsPrincipal(verified);

        var transformed = await transformation.TransformAsync(principal);

        var identity = Assert.IsType<GatewayIdentity>(transformed.Identity);
        Assert.Equal("dinkes-app", identity.ConsumerId);
        Assert.Equal(GatewayClaims.Bearer, identity.AuthMethod); // the forged method is dropped, not believed
        Assert.Equal(2, verified.Claims.Count()); // the given identity is untouched
        Assert.Same(transformed, await transformation.TransformAsync(transformed));
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
