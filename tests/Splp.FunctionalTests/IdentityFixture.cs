using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Splp.Gateway.Auth;
using Splp.Testing;

namespace Splp.FunctionalTests;

/// <summary>
/// One gateway trusting a real OIDC provider (<c>pemda</c>) and the development issuer, in front of a recording
/// upstream, with a consumer registry that requires registration: <c>portal</c> (bearer; subscribed to
/// <c>layanan</c> and to one operation of <c>pajak-daerah</c>) and <c>legacy</c> (API keys). A second provider runs but
/// is not trusted.
/// </summary>
public sealed class IdentityFixture : IAsyncLifetime
{
    /// <summary>The first and second API key of <c>legacy</c> (both valid: rotation).</summary>
    public string LegacyKey1 { get; } = ApiKeyHash.Generate();

    /// <summary>The second API key of <c>legacy</c>.</summary>
    public string LegacyKey2 { get; } = ApiKeyHash.Generate();

    /// <summary>A key that tests revoke through the admin API.</summary>
    public string RevocableKey { get; } = ApiKeyHash.Generate();

    /// <summary>A key whose expiry has passed.</summary>
    public string ExpiredKey { get; } = ApiKeyHash.Generate();

    public TestTokens Tokens { get; } = new();

    public TestOidcProvider Pemda { get; private set; } = null!;

    public TestOidcProvider Untrusted { get; private set; } = null!;

    public TestUpstream Upstream { get; private set; } = null!;

    public GatewayTestHost Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Pemda = await TestOidcProvider.StartAsync();
        Untrusted = await TestOidcProvider.StartAsync();
        Upstream = await TestUpstream.StartAsync(context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("{\"ok\":true}");
        });
        var settings = new CatalogSettings(Tokens)
            .Service("layanan", Upstream.BaseAddress, scopes: ["layanan.read"])
            .Service("lain", Upstream.BaseAddress, scopes: ["lain.read"])
            .Service("publik", Upstream.BaseAddress, anonymous: true)
            .Service("pajak-daerah", Upstream.BaseAddress, scopes: ["pajak.read"])
            .Set("Splp:Services:pajak-daerah:Validation", "Monitor")
            .Set("Splp:Auth:RequireRegisteredConsumer", "true")
            .Set("Splp:Auth:Issuers:pemda:Authority", Pemda.Authority)
            .Set("Splp:Auth:Issuers:pemda:RequireHttpsMetadata", "false")
            .Set("Splp:Auth:Issuers:pemda:Audiences:0", "splp-gateway")
            .Set("Splp:Auth:StripHeaders:0", "X-Pegawai-Nip")
            .Set("Splp:Plans:standar:RequestsPerSecond", "0")
            .Set("Splp:Consumers:portal:Plan", "standar")
            .Set("Splp:Consumers:portal:Organisation", "diskominfo")
            .Set("Splp:Consumers:portal:Subscriptions:layanan:Scopes:0", "layanan.read")
            .Set("Splp:Consumers:portal:Subscriptions:pajak-daerah:Operations:0", "getObjekPajak")
            .Set("Splp:Consumers:legacy:Plan", "standar")
            .Set("Splp:Consumers:legacy:Organisation", "bpkad")
            .Set("Splp:Consumers:legacy:Subscriptions:layanan:Scopes:0", "layanan.read")
            .Set("Splp:Consumers:legacy:ApiKeys:k1:Hash", ApiKeyHash.Hash(LegacyKey1))
            .Set("Splp:Consumers:legacy:ApiKeys:k2:Hash", ApiKeyHash.Hash(LegacyKey2))
            .Set("Splp:Consumers:legacy:ApiKeys:k3:Hash", ApiKeyHash.Hash(RevocableKey))
            .Set("Splp:Consumers:legacy:ApiKeys:old:Hash", ApiKeyHash.Hash(ExpiredKey))
            .Set("Splp:Consumers:legacy:ApiKeys:old:Expires", "2020-01-01T00:00:00+07:00")
            .Set("Splp:Consumers:ops:Plan", "standar");
        Gateway = await GatewayTestHost.StartAsync(settings.Build());
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Upstream.DisposeAsync();
        await Untrusted.DisposeAsync();
        await Pemda.DisposeAsync();
        Tokens.Dispose();
    }

    /// <summary>Sends a GET with <paramref name="authorization"/> (raw header value) and extra headers.</summary>
    public async Task<HttpResponseMessage> GetAsync(string path, string? authorization = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await Gateway.Client.SendAsync(request);
    }

    /// <summary>A GET with a bearer token.</summary>
    public Task<HttpResponseMessage> GetWithTokenAsync(string path, string token, params (string Name, string Value)[] headers) =>
        GetAsync(path, "Bearer " + token, headers);

    /// <summary>An admin POST.</summary>
    public async Task<HttpResponseMessage> AdminPostAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.For("ops", "splp.admin"));
        return await Gateway.Client.SendAsync(request);
    }
}
