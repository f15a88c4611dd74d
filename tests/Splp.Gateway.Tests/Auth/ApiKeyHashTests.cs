using Splp.Gateway.Auth;

namespace Splp.Gateway.Tests.Auth;

public sealed class ApiKeyHashTests
{
    [Fact]
    public void Generate_Gives256BitKeysThatAreWellFormedAndDistinct()
    {
        var keys = Enumerable.Range(0, 100).Select(_ => ApiKeyHash.Generate()).ToArray();

        Assert.All(keys, k => Assert.StartsWith(ApiKeyHash.KeyPrefix, k, StringComparison.Ordinal));
        Assert.All(keys, k => Assert.Equal(32, Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(k[ApiKeyHash.KeyPrefix.Length..]).Length));
        Assert.All(keys, k => Assert.True(ApiKeyHash.IsWellFormed(k)));
        Assert.Equal(keys.Length, keys.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Hash_IsTheSha256InLowercaseHex()
    {
        // SHA-256("abc"), FIPS 180-2 test vector.
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiKeyHash.Hash("abc"));
        Assert.True(ApiKeyHash.IsHash(ApiKeyHash.Hash(ApiKeyHash.Generate())));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("short", false)]
    [InlineData("splp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", true)]
    [InlineData("splp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa aaaaaa", false)]
    [InlineData("splp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\naaaa", false)]
    public void IsWellFormed_Cases(string? key, bool expected) => Assert.Equal(expected, ApiKeyHash.IsWellFormed(key));

    [Theory]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", true)]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a", false)]
    [InlineData("za7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", false)]
    [InlineData(null, false)]
    public void IsHash_Cases(string? hash, bool expected) => Assert.Equal(expected, ApiKeyHash.IsHash(hash));
}
