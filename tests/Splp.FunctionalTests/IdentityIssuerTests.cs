using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Splp.Contracts.Problems;
using Splp.Gateway.Auth;
using Splp.Testing;

namespace Splp.FunctionalTests;

/// <summary>
/// Trusted issuers over time: key rotation without restart, an identity provider's outage, the development issuer
/// off by default, the older one-issuer setting, start-up validation, and API keys rotated and revoked at runtime
/// (configuration reload; admin revocation shared through Redis).
/// </summary>
public sealed class IdentityIssuerTests : IAsyncLifetime, IDisposable
{
    private const string Layanan = "/layanan/v1/data";
    private readonly TestTokens _tokens = new();
    private TestUpstream _upstream = null!;

    public async Task InitializeAsync() =>
        _upstream = await TestUpstream.StartAsync(context => context.Response.WriteAsync("ok"));

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    public void Dispose() => _tokens.Dispose();

    [Fact]
    public async Task KeyRotation_NewKidIsFetchedWithoutRestart()
    {
        await using var idp = await TestOidcProvider.StartAsync();
        await using var gateway = await GatewayTestHost.StartAsync(Settings(idp).Build());
        Assert.Equal(200, await StatusAsync(gateway, idp.Mint("portal", ["layanan.read"])));
        var oldKid = idp.RsaKeyId;

        idp.RotateKeys();

        Assert.NotEqual(oldKid, idp.RsaKeyId);
        Assert.Equal(200, await StatusAsync(gateway, idp.Mint("portal", ["layanan.read"])));
        Assert.Equal(200, await StatusAsync(gateway, idp.Mint("portal", ["layanan.read"], Microsoft.IdentityModel.Tokens.SecurityAlgorithms.EcdsaSha256)));
        Assert.Equal(2, idp.JwksRequests);
    }

    [Fact]
    public async Task IdentityProviderOutage_TokensVerifiableWithCachedKeysKeepWorking()
    {
        await using var idp = await TestOidcProvider.StartAsync();
        // No validated-token cache: every request below verifies its signature with the cached keys.
        await using var gateway = await GatewayTestHost.StartAsync(Settings(idp).Set("Splp:Auth:TokenCacheDuration", "00:00:00").Build());
        Assert.Equal(200, await StatusAsync(gateway, idp.Mint("portal", ["layanan.read"])));

        idp.Down = true;
        var fetchesBefore = idp.JwksRequests + idp.DiscoveryRequests;

        // An unknown kid forces a refresh, which fails: that token is refused, the cached keys stay.
        Assert.Equal(401, await StatusAsync(gateway, idp.MintWithUnpublishedKey("portal", ["layanan.read"])));
        Assert.True(idp.JwksRequests + idp.DiscoveryRequests > fetchesBefore, "the refresh was not attempted");
        Assert.Equal(200, await StatusAsync(gateway, idp.Mint("portal", ["layanan.read"])));
        Assert.Equal(200, await StatusAsync(gateway, idp.Mint("portal", ["layanan.read"], Microsoft.IdentityModel.Tokens.SecurityAlgorithms.EcdsaSha256)));

        idp.Down = false;
        idp.RotateKeys();
        Assert.Equal(200, await StatusAsync(gateway, idp.Mint("portal", ["layanan.read"])));
    }

    [Fact]
    public async Task IdentityProviderDownAtStart_GatewayStarts_AndTokensWorkOnceItIsBack()
    {
        await using var idp = await TestOidcProvider.StartAsync();
        idp.Down = true;
        await using var gateway = await GatewayTestHost.StartAsync(Settings(idp).Build());

        Assert.Equal(401, await StatusAsync(gateway, idp.Mint("portal", ["layanan.read"])));

        idp.Down = false;
        Assert.Equal(200, await StatusAsync(gateway, idp.Mint("portal", ["layanan.read"])));
    }

    [Fact]
    public async Task DevIssuer_IsOffUnlessEnabled()
    {
        await using var idp = await TestOidcProvider.StartAsync();
        await using var gateway = await GatewayTestHost.StartAsync(Settings(idp).Set("Splp:DevIssuer:Enabled", null).Build());

        using var response = await SendAsync(gateway, _tokens.For("portal", "layanan.read"));

        await ProblemAssert.IsProblemAsync(response, 401, ProblemTypes.InvalidToken);
        Assert.Equal(200, await StatusAsync(gateway, idp.Mint("portal", ["layanan.read"])));
    }

    [Fact]
    public async Task LegacyBearerAuthoritySetting_IsTrustedAsAnIssuer()
    {
        await using var idp = await TestOidcProvider.StartAsync();
        var settings = new CatalogSettings(_tokens)
            .Service("layanan", _upstream.BaseAddress, scopes: ["layanan.read"])
            .Set("Splp:DevIssuer:Enabled", "false")
            .Set("Authentication:Schemes:Bearer:Authority", idp.Authority)
            .Set("Authentication:Schemes:Bearer:RequireHttpsMetadata", "false")
            .Set("Authentication:Schemes:Bearer:ValidAudiences:0", "splp-gateway");
        await using var gateway = await GatewayTestHost.StartAsync(settings.Build());

        Assert.Equal(200, await StatusAsync(gateway, idp.Mint("portal", ["layanan.read"])));
        Assert.Equal(401, await StatusAsync(gateway, idp.Mint("portal", ["layanan.read"], audience: "other")));
    }

    [Fact]
    public async Task ConsumerBoundToAnIssuer_TokensFromAnotherTrustedIssuer_Return403UnknownConsumer()
    {
        await using var idp = await TestOidcProvider.StartAsync();
        await using var gateway = await GatewayTestHost.StartAsync(Settings(idp).Set("Splp:Consumers:portal:Issuers:0", "pemda").Build());

        Assert.Equal(200, await StatusAsync(gateway, idp.Mint("portal", ["layanan.read"])));
        using var response = await SendAsync(gateway, _tokens.For("portal", "layanan.read"));
        await ProblemAssert.IsProblemAsync(response, 403, ProblemTypes.UnknownConsumer);
    }

    [Fact]
    public async Task ConfiguredConsumerClaim_NamesTheConsumer()
    {
        await using var idp = await TestOidcProvider.StartAsync();
        await using var gateway = await GatewayTestHost.StartAsync(Settings(idp).Set("Splp:Auth:ConsumerClaim", "app_code").Build());
        var claims = new Dictionary<string, object> { ["app_code"] = "portal" };

        Assert.Equal(200, await StatusAsync(gateway, idp.Mint("some-client-id", ["layanan.read"], claims: claims)));
        Assert.Equal("portal", _upstream.LastHeaders!["X-Splp-Consumer"].ToString());
    }

    [Theory]
    [InlineData("Splp:Auth:Issuers:pemda:ValidAlgorithms:0", "HS256", "HS256")]
    [InlineData("Splp:Auth:Issuers:pemda:ValidAlgorithms:0", "none", "none")]
    [InlineData("Splp:Auth:Issuers:pemda:RequireHttpsMetadata", "true", "https")]
    [InlineData("Splp:Auth:Issuers:pemda:Audiences:0", null, "Audiences")]
    [InlineData("Splp:Auth:Issuers:pemda:ClockSkew", "01:00:00", "ClockSkew")]
    [InlineData("Splp:Consumers:portal:ApiKeys:k1:Hash", "not-a-hash", "Hash")]
    [InlineData("Splp:Consumers:portal:Subscriptions:layanann:Scopes:0", "x", "Splp:Consumers:portal:Subscriptions:layanann: the service 'layanann' is not published")]
    public async Task InvalidIdentityConfiguration_StopsTheGatewayAtStart(string key, string? value, string expected)
    {
        await using var idp = await TestOidcProvider.StartAsync();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => GatewayTestHost.StartAsync(Settings(idp).Set(key, value).Build()));

        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegistryNamingUnknownIssuersServicesOrOperations_IsLoggedAtStart()
    {
        await using var idp = await TestOidcProvider.StartAsync();
        using var logs = new CapturingLoggerProvider();
        var settings = Settings(idp)
            .Service("pajak-daerah", _upstream.BaseAddress)
            .Set("Splp:Consumers:portal:Issuers:0", "pemda")
            .Set("Splp:Consumers:portal:Issuers:1", "pemdaa")
            .Set("Splp:Consumers:portal:Subscriptions:pajak-daerah:Operations:0", "getObjekPajak")
            .Set("Splp:Consumers:portal:Subscriptions:pajak-daerah:Operations:1", "getObjek");

        await using var gateway = await GatewayTestHost.StartAsync(settings.Build(), logs: logs);

        var warnings = logs.Lines.Where(l => l.Contains("names an unknown", StringComparison.Ordinal)).ToList();
        Assert.Contains(warnings, l => l.Contains("issuer 'pemdaa'", StringComparison.Ordinal));
        Assert.Contains(warnings, l => l.Contains("operation of pajak-daerah 'getObjek'", StringComparison.Ordinal));
        Assert.Equal(2, warnings.Count);
    }

    [Fact]
    public async Task ApiKeys_RotatedAndRevokedByConfigurationReload_WithoutRestart()
    {
        var oldKey = ApiKeyHash.Generate();
        var newKey = ApiKeyHash.Generate();
        var file = Path.Combine(Directory.CreateTempSubdirectory("splp-keys-").FullName, "consumers.json");
        await File.WriteAllTextAsync(file, KeysJson(("old", oldKey)));
        await using var idp = await TestOidcProvider.StartAsync();
        using var logs = new CapturingLoggerProvider();
        await using var gateway = await GatewayTestHost.StartAsync(Settings(idp).Build(), file, logs: logs);
        Assert.Equal(200, await ApiKeyStatusAsync(gateway, oldKey));
        Assert.Equal(401, await ApiKeyStatusAsync(gateway, newKey));

        // Rotation: both keys valid at once.
        await File.WriteAllTextAsync(file, KeysJson(("old", oldKey), ("new", newKey)));
        Assert.True(await Eventually.TrueAsync(async () => await ApiKeyStatusAsync(gateway, newKey) == 200, TimeSpan.FromSeconds(10)));
        Assert.Equal(200, await ApiKeyStatusAsync(gateway, oldKey));

        // A broken reload is refused whole: both keys stay in force.
        await File.WriteAllTextAsync(file, "{\"Splp\":{\"Consumers\":{\"legacy\":{\"Plan\":\"standar\",\"ApiKeys\":{\"new\":{\"Hash\":\"zz\"}}}}}}");
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(logs.Lines.Any(l => l.Contains("Configuration change refused", StringComparison.Ordinal))), TimeSpan.FromSeconds(10)));
        Assert.Equal(200, await ApiKeyStatusAsync(gateway, oldKey));
        Assert.Equal(200, await ApiKeyStatusAsync(gateway, newKey));

        // Revocation: the old key leaves the Secret.
        await File.WriteAllTextAsync(file, KeysJson(("new", newKey)));
        Assert.True(await Eventually.TrueAsync(async () => await ApiKeyStatusAsync(gateway, oldKey) == 401, TimeSpan.FromSeconds(10)));
        Assert.Equal(200, await ApiKeyStatusAsync(gateway, newKey));
    }

    [Fact]
    public async Task AdminRevocation_IsSharedAcrossReplicasThroughRedis()
    {
        await using var redis = await RedisServer.StartAsync();
        var key = ApiKeyHash.Generate();
        var spare = ApiKeyHash.Generate();
        await using var idp = await TestOidcProvider.StartAsync();
        CatalogSettings Replica() => Settings(idp)
            .Set("Splp:Redis:Configuration", redis.Configuration)
            .Set("Splp:Consumers:legacy:Plan", "standar")
            .Set("Splp:Consumers:legacy:Subscriptions:layanan:Scopes:0", "layanan.read")
            .Set("Splp:Consumers:legacy:ApiKeys:a:Hash", ApiKeyHash.Hash(key))
            .Set("Splp:Consumers:legacy:ApiKeys:b:Hash", ApiKeyHash.Hash(spare));
        await using var first = await GatewayTestHost.StartAsync(Replica().Build());
        await using var second = await GatewayTestHost.StartAsync(Replica().Build());
        Assert.Equal(200, await ApiKeyStatusAsync(second, key));

        using (var request = new HttpRequestMessage(HttpMethod.Post, "/admin/consumers/legacy/keys/a/revoke"))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", idp.Mint("ops", ["splp.admin"]));
            using var revoke = await first.Client.SendAsync(request);
            Assert.Equal(200, (int)revoke.StatusCode);
        }

        Assert.Equal(401, await ApiKeyStatusAsync(first, key));
        Assert.True(await Eventually.TrueAsync(async () => await ApiKeyStatusAsync(second, key) == 401, TimeSpan.FromSeconds(10)));
        Assert.Equal(200, await ApiKeyStatusAsync(second, spare));
        Assert.Contains("legacy/a", await redis.CliAsync("SMEMBERS", "splp:apikeys:revoked"), StringComparison.Ordinal);

        // A replica started later reads the revocations already made.
        await using var third = await GatewayTestHost.StartAsync(Replica().Build());
        Assert.True(await Eventually.TrueAsync(async () => await ApiKeyStatusAsync(third, key) == 401, TimeSpan.FromSeconds(10)));
    }

    private CatalogSettings Settings(TestOidcProvider idp) => new CatalogSettings(_tokens)
        .Service("layanan", _upstream.BaseAddress, scopes: ["layanan.read"])
        .Set("Splp:Auth:Issuers:pemda:Authority", idp.Authority)
        .Set("Splp:Auth:Issuers:pemda:RequireHttpsMetadata", "false")
        .Set("Splp:Auth:Issuers:pemda:Audiences:0", "splp-gateway")
        .Set("Splp:Auth:Issuers:pemda:MinimumRefreshInterval", "00:00:00")
        .Set("Splp:Plans:standar:RequestsPerSecond", "0")
        .Set("Splp:Consumers:portal:Plan", "standar")
        .Set("Splp:Consumers:portal:Subscriptions:layanan:Scopes:0", "layanan.read")
        .Set("Splp:Consumers:ops:Plan", "standar");

    private static string KeysJson(params (string Id, string Key)[] keys) =>
        "{\"Splp\":{\"Consumers\":{\"legacy\":{\"Plan\":\"standar\",\"Subscriptions\":{\"layanan\":{\"Scopes\":[\"layanan.read\"]}},\"ApiKeys\":{"
        + string.Join(",", keys.Select(k => $"\"{k.Id}\":{{\"Hash\":\"{ApiKeyHash.Hash(k.Key)}\"}}"))
        + "}}}}}";

    private static async Task<HttpResponseMessage> SendAsync(GatewayTestHost gateway, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Layanan);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await gateway.Client.SendAsync(request);
    }

    private static async Task<int> StatusAsync(GatewayTestHost gateway, string token)
    {
        using var response = await SendAsync(gateway, token);
        return (int)response.StatusCode;
    }

    private static async Task<int> ApiKeyStatusAsync(GatewayTestHost gateway, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Layanan);
        request.Headers.TryAddWithoutValidation("X-Api-Key", key);
        using var response = await gateway.Client.SendAsync(request);
        return (int)response.StatusCode;
    }
}
