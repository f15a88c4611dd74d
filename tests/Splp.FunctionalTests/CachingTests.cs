using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Splp.Contracts.Problems;
using Splp.Testing;

namespace Splp.FunctionalTests;

/// <summary>Response caching by one real gateway (embedded default: memory level only) in front of a real upstream.</summary>
public sealed class CachingTests : IAsyncLifetime, IDisposable
{
    private static readonly string[] AdminRoles = ["splp-admin"];
    private readonly TestTokens _tokens = new();
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly ShiftedClock _clock = new();
    private TestUpstream _upstream = null!;
    private volatile bool _failing;
    private TaskCompletionSource _gate = CompletedGate();

    public async Task InitializeAsync() => _upstream = await TestUpstream.StartAsync(async context =>
    {
        var path = context.Request.Path.Value!;
        _calls.AddOrUpdate(path, 1, (_, n) => n + 1);
        await _gate.Task;
        if (_failing)
        {
            context.Response.StatusCode = 503;
            return;
        }

        switch (path)
        {
            case "/referensi/cookie":
                context.Response.Headers.SetCookie = "sesi=1";
                break;
            case "/referensi/privat":
                context.Response.Headers.CacheControl = "private";
                break;
            case "/referensi/no-store":
                context.Response.Headers.CacheControl = "no-store";
                break;
            case "/referensi/gagal":
                context.Response.StatusCode = 500;
                break;
            case "/referensi/hilang":
                context.Response.StatusCode = 404;
                break;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($"{{\"path\":\"{path}\",\"query\":\"{context.Request.QueryString}\",\"n\":{_calls[path]}}}");
    });

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    public void Dispose() => _tokens.Dispose();

    [Fact]
    public async Task Get_Twice_SecondIsAHitWithoutAnUpstreamCall()
    {
        await using var gateway = await StartAsync();

        using var first = await GetAsync(gateway, "/referensi/wilayah?b=2&a=1");
        using var second = await GetAsync(gateway, "/referensi/wilayah?a=1&b=2");

        Assert.Equal("miss", Header(first, "Splp-Cache"));
        Assert.Equal("hit", Header(second, "Splp-Cache"));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal("application/json", second.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, _calls["/referensi/wilayah"]);
    }

    [Fact]
    public async Task Get_AfterTtl_IsAMissAgain()
    {
        await using var gateway = await StartAsync();
        using var first = await GetAsync(gateway, "/referensi/ttl");

        _clock.Advance(TimeSpan.FromSeconds(61));
        using var second = await GetAsync(gateway, "/referensi/ttl");

        Assert.Equal("miss", Header(second, "Splp-Cache"));
        Assert.Equal(2, _calls["/referensi/ttl"]);
    }

    [Theory]
    [InlineData("/referensi/cookie", 200)]
    [InlineData("/referensi/privat", 200)]
    [InlineData("/referensi/no-store", 200)]
    [InlineData("/referensi/gagal", 502)] // the app's 500 body is withheld: 502 upstream-error
    [InlineData("/referensi/hilang", 404)]
    public async Task Get_ResponseThatMustNotBeStored_GoesToTheUpstreamEveryTime(string path, int status)
    {
        await using var gateway = await StartAsync();

        using var first = await GetAsync(gateway, path);
        using var second = await GetAsync(gateway, path);

        Assert.Equal(status, (int)second.StatusCode);
        Assert.Equal(2, _calls[path]);
    }

    [Fact]
    public async Task Get_OperationWithoutRule_IsBypassed()
    {
        await using var gateway = await StartAsync();

        using var response = await GetAsync(gateway, "/pribadi/1");
        using var again = await GetAsync(gateway, "/pribadi/1");

        Assert.Equal("bypass", Header(again, "Splp-Cache"));
        Assert.Equal(2, _calls["/pribadi/1"]);
    }

    [Fact]
    public async Task Get_VaryByConsumer_EachConsumerHasItsOwnEntry()
    {
        await using var gateway = await StartAsync();

        using var a = await GetAsync(gateway, "/per-konsumen/profil", consumer: "dinkes-app");
        using var b = await GetAsync(gateway, "/per-konsumen/profil", consumer: "bapenda-app");
        using var a2 = await GetAsync(gateway, "/per-konsumen/profil", consumer: "dinkes-app");

        Assert.Equal(("miss", "miss", "hit"), (Header(a, "Splp-Cache"), Header(b, "Splp-Cache"), Header(a2, "Splp-Cache")));
        Assert.Equal(2, _calls["/per-konsumen/profil"]);
    }

    [Fact]
    public async Task Get_HundredConcurrentMisses_MakeOneUpstreamCall()
    {
        await using var gateway = await StartAsync();
        using var active = new ActiveRequests(gateway.Services.GetRequiredService<IMeterFactory>());
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var requests = Enumerable.Range(0, 100).Select(_ => GetAsync(gateway, "/referensi/serentak")).ToArray();
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(active.Count == 100), TimeSpan.FromSeconds(30)), $"{active.Count} requests in the gateway");
        _gate.SetResult();
        var responses = await Task.WhenAll(requests);

        Assert.Equal(1, _calls["/referensi/serentak"]);
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(99, responses.Count(r => Header(r, "Splp-Cache") == "hit"));
        Assert.Single(responses.Select(r => r.Content.ReadAsStringAsync().Result).Distinct());
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Get_UpstreamFailsWithinStaleWindow_ServesStaleMarked()
    {
        await using var gateway = await StartAsync();
        using var fresh = await GetAsync(gateway, "/referensi/kode-wilayah");
        var body = await fresh.Content.ReadAsStringAsync();

        _clock.Advance(TimeSpan.FromMinutes(5));
        _failing = true;
        using var stale = await GetAsync(gateway, "/referensi/kode-wilayah");

        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Equal("stale", Header(stale, "Splp-Cache"));
        Assert.Equal("300", Header(stale, "Age"));
        Assert.Equal(body, await stale.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_UpstreamFailsPastStaleWindow_ReturnsTheFailure()
    {
        await using var gateway = await StartAsync();
        using var fresh = await GetAsync(gateway, "/referensi/kode-wilayah");

        _clock.Advance(TimeSpan.FromMinutes(12)); // 1 min fresh + 10 min stale-if-error
        _failing = true;
        using var failed = await GetAsync(gateway, "/referensi/kode-wilayah");

        await ProblemAssert.IsProblemAsync(failed, 502, ProblemTypes.UpstreamError); // the app's 503, its body withheld
    }

    [Fact]
    public async Task Get_UpstreamDownForOperationNotOptedIn_ReturnsTheFailure()
    {
        await using var gateway = await StartAsync();
        using var fresh = await GetAsync(gateway, "/per-konsumen/profil");

        _clock.Advance(TimeSpan.FromMinutes(2));
        _failing = true;
        using var failed = await GetAsync(gateway, "/per-konsumen/profil");

        await ProblemAssert.IsProblemAsync(failed, 502, ProblemTypes.UpstreamError); // the app's 503, its body withheld
    }

    [Fact]
    public async Task PurgeService_WithAdminScope_NextRequestIsAMiss()
    {
        await using var gateway = await StartAsync();
        using var first = await GetAsync(gateway, "/referensi/purge");

        using var purge = await PurgeAsync(gateway, "{\"service\":\"layanan\"}", _tokens.For("ops-diskominfo", "splp.admin"));
        using var after = await GetAsync(gateway, "/referensi/purge");

        Assert.Equal(HttpStatusCode.OK, purge.StatusCode);
        Assert.Equal("miss", Header(after, "Splp-Cache"));
        Assert.Equal(2, _calls["/referensi/purge"]);
    }

    [Fact]
    public async Task PurgePrefix_WithAdminRole_DropsOnlyMatchingEntries()
    {
        await using var gateway = await StartAsync();
        using var a = await GetAsync(gateway, "/referensi/prefix-a");
        using var b = await GetAsync(gateway, "/referensi/prefix-b");
        var adminByRole = _tokens.Minter.Mint("petugas", [], TimeSpan.FromMinutes(5), new Dictionary<string, object> { ["roles"] = AdminRoles });

        using var purge = await PurgeAsync(gateway, "{\"prefix\":\"layanan|referensi|/layanan/v1/referensi/prefix-a\"}", adminByRole);

        Assert.Equal(HttpStatusCode.OK, purge.StatusCode);
        using var a2 = await GetAsync(gateway, "/referensi/prefix-a");
        using var b2 = await GetAsync(gateway, "/referensi/prefix-b");
        Assert.Equal(("miss", "hit"), (Header(a2, "Splp-Cache"), Header(b2, "Splp-Cache")));
    }

    [Fact]
    public async Task Purge_WithoutAdminRights_Returns403()
    {
        await using var gateway = await StartAsync();

        using var response = await PurgeAsync(gateway, "{\"service\":\"layanan\"}", _tokens.For("dinkes-app", "layanan.baca"));

        await ProblemAssert.IsProblemAsync(response, 403, ProblemTypes.Forbidden);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"service\":\"tidak-ada\"}")]
    [InlineData("{\"service\":\"layanan\",\"prefix\":\"layanan|\"}")]
    [InlineData("{\"prefix\":\"\"}")]
    [InlineData("bukan json")]
    public async Task Purge_InvalidRequest_Returns400(string body)
    {
        await using var gateway = await StartAsync();

        using var response = await PurgeAsync(gateway, body, _tokens.For("ops-diskominfo", "splp.admin"));

        await ProblemAssert.IsProblemAsync(response, 400, ProblemTypes.InvalidRequest);
    }

    private static TaskCompletionSource CompletedGate()
    {
        var gate = new TaskCompletionSource();
        gate.SetResult();
        return gate;
    }

    private Task<GatewayTestHost> StartAsync() => GatewayTestHost.StartAsync(
        new CatalogSettings(_tokens)
            .Service("layanan", _upstream.BaseAddress, scopes: ["layanan.baca"])
            .Set("Splp:Services:layanan:Cache:Operations:referensi:Path", "/referensi/{**rest}")
            .Set("Splp:Services:layanan:Cache:Operations:referensi:Ttl", "00:01:00")
            .Set("Splp:Services:layanan:Cache:Operations:referensi:StaleIfError", "00:10:00")
            .Set("Splp:Services:layanan:Cache:Operations:per-konsumen:Path", "/per-konsumen/{**rest}")
            .Set("Splp:Services:layanan:Cache:Operations:per-konsumen:Vary", "Consumer")
            .Build(),
        configureServices: services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(_clock)));

    private async Task<HttpResponseMessage> GetAsync(GatewayTestHost gateway, string path, string consumer = "dinkes-app")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/layanan/v1" + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens.For(consumer, "layanan.baca"));
        return await gateway.Client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> PurgeAsync(GatewayTestHost gateway, string body, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/cache/purge") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await gateway.Client.SendAsync(request);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    /// <summary>The gateway's in-flight requests, from its own <c>http.server.active_requests</c> instrument.</summary>
    private sealed class ActiveRequests : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public ActiveRequests(IMeterFactory factory)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Name == "http.server.active_requests")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _count, value));
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
