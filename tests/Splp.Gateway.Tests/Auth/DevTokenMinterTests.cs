using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Splp.Gateway.Auth;

namespace Splp.Gateway.Tests.Auth;

public sealed class DevTokenMinterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("splp-key-test-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void LoadOrCreate_CreatesAnOwnerOnlyKeyOnce_ThenLoadsTheSameKey()
    {
        var path = Path.Combine(_directory, "nested", "key.json");

        var first = DevSigningKey.LoadOrCreate(path);
        var second = DevSigningKey.LoadOrCreate(path);

        Assert.Equal(first.KeyId, second.KeyId);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }

    [Fact]
    public void LoadOrCreate_CorruptFile_ThrowsInsteadOfReplacingIt()
    {
        var path = Path.Combine(_directory, "key.json");
        File.WriteAllText(path, """{"kty":"RSA"}""");

        Assert.Throws<InvalidDataException>(() => DevSigningKey.LoadOrCreate(path));
        Assert.Equal("""{"kty":"RSA"}""", File.ReadAllText(path));
    }

    [Fact]
    public async Task Mint_TokenValidatesWithTheKey_CarriesScopesAndExpiresOnTime()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));
        var key = DevSigningKey.LoadOrCreate(Path.Combine(_directory, "key.json"));
        var token = new DevTokenMinter(key, clock).Mint("portal-warga", ["kependudukan.read", "pajak.read", "kependudukan.read"], TimeSpan.FromMinutes(10));

        var parsed = new JsonWebToken(token);
        Assert.Equal("ES256", parsed.Alg);
        Assert.Equal(key.KeyId, parsed.Kid);
        Assert.Equal("portal-warga", parsed.GetClaim("client_id").Value);
        Assert.Equal("kependudukan.read pajak.read", parsed.GetClaim("scope").Value);
        Assert.Equal(clock.GetUtcNow().UtcDateTime.AddMinutes(10), parsed.ValidTo);

        var parameters = new TokenValidationParameters
        {
            ValidIssuer = DevTokenMinter.DefaultIssuer,
            ValidAudience = DevTokenMinter.DefaultAudience,
            IssuerSigningKey = key,
            LifetimeValidator = (notBefore, expires, _, _) => clock.GetUtcNow().UtcDateTime < expires,
        };
        var valid = await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);
        Assert.True(valid.IsValid, valid.Exception?.Message);

        clock.Advance(TimeSpan.FromMinutes(11));
        var expired = await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);
        Assert.False(expired.IsValid);
    }

    [Fact]
    public void Mint_UnreasonableLifetime_Throws()
    {
        var minter = new DevTokenMinter(DevSigningKey.LoadOrCreate(Path.Combine(_directory, "key.json")), TimeProvider.System);

        Assert.Throws<ArgumentOutOfRangeException>(() => minter.Mint("x", [], TimeSpan.FromDays(31)));
        Assert.Throws<ArgumentOutOfRangeException>(() => minter.Mint("x", [], TimeSpan.Zero));
    }
}
