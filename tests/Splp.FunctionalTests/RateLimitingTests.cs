using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Splp.Contracts.Problems;
using Splp.Testing;

namespace Splp.FunctionalTests;

/// <summary>Plans applied by one real gateway over loopback: headers, 429s, and an unreachable Redis.</summary>
public sealed class RateLimitingTests : IAsyncLifetime, IDisposable
{
    private readonly TestTokens _tokens = new();
    private TestUpstream _upstream = null!;

    public async Task InitializeAsync() =>
        _upstream = await TestUpstream.StartAsync(context => context.Response.WriteAsync("ok"));

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    public void Dispose() => _tokens.Dispose();

    [Fact]
    public async Task Get_WithinPlan_CarriesRateLimitPolicyAndRemaining()
    {
        await using var gateway = await StartAsync(Plans("standar", rate: 10, burst: 20, quota: 10_000));

        using var response = await GetAsync(gateway, "dinkes-app");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"burst\";q=20;w=2, \"daily\";q=10000;w=86400", Header(response, "RateLimit-Policy"));
        Assert.StartsWith("\"burst\";r=19;t=1, \"daily\";r=9999;t=", Header(response, "RateLimit"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_OverBurst_Returns429RateLimitedWithRetryAfter()
    {
        // The asserted Retry-After and reset are exact only if "now" does not move between the requests: on a loaded
        // machine the first request's warm-up alone can take a second. Frozen clock, real timers.
        await using var gateway = await GatewayTestHost.StartAsync(
            Plans("kecil", rate: 0.2, burst: 3).Build(),
            configureServices: services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(new FrozenClock(TimeProvider.System.GetUtcNow()))));
        for (var i = 0; i < 3; i++)
        {
            using var allowed = await GetAsync(gateway, "dinkes-app");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await GetAsync(gateway, "dinkes-app");

        await ProblemAssert.IsProblemAsync(refused, 429, ProblemTypes.RateLimited);
        Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
        Assert.Equal("\"burst\";r=0;t=15", Header(refused, "RateLimit"));
        Assert.Equal(3, _upstream.Requests);
    }

    [Fact]
    public async Task Get_QuotaUsedUp_Returns429QuotaExceededUntilMidnight()
    {
        await using var gateway = await StartAsync(Plans("harian", quota: 2));
        for (var i = 0; i < 2; i++)
        {
            using var allowed = await GetAsync(gateway, "dinkes-app");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await GetAsync(gateway, "dinkes-app");

        await ProblemAssert.IsProblemAsync(refused, 429, ProblemTypes.QuotaExceeded);
        Assert.InRange(refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
    }

    [Fact]
    public async Task Get_ConsumerWithoutPlan_IsNotLimited()
    {
        await using var gateway = await StartAsync(Plans("kecil", rate: 0.2, burst: 1));

        for (var i = 0; i < 5; i++)
        {
            using var response = await GetAsync(gateway, "tanpa-plan");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("RateLimit"));
        }
    }

    [Fact]
    public async Task Get_RedisUnreachableAndPlanFailsClosed_Returns503Promptly()
    {
        var settings = Plans("ketat", rate: 100, burst: 100, onFailure: "FailClosed")
            .Set("Splp:Redis:Configuration", ClosedPort.Address().Authority);
        await using var gateway = await StartAsync(settings);
        var clock = Stopwatch.StartNew();

        using var response = await GetAsync(gateway, "dinkes-app");

        await ProblemAssert.IsProblemAsync(response, 503, ProblemTypes.RateLimitUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Equal(0, _upstream.Requests);
    }

    [Fact]
    public async Task Get_RedisUnreachableAndPlanFailsOpen_LimitsWithThisReplicasShare()
    {
        var settings = Plans("longgar", rate: 0.3, burst: 6, onFailure: "FailOpen")
            .Set("Splp:Redis:Configuration", ClosedPort.Address().Authority)
            .Set("Splp:RateLimiting:Replicas", "3");
        await using var gateway = await StartAsync(settings);

        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await GetAsync(gateway, "dinkes-app");
            statuses.Add((int)response.StatusCode);
        }

        Assert.Equal([200, 200, 429, 429], statuses); // burst 6 ÷ 3 replicas
    }

    private CatalogSettings Plans(string plan, double rate = 0, int burst = 1, long quota = 0, string onFailure = "FailOpen") =>
        new CatalogSettings(_tokens)
            .Service("layanan", _upstream.BaseAddress, scopes: ["layanan.baca"])
            .Set($"Splp:Plans:{plan}:RequestsPerSecond", rate.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Set($"Splp:Plans:{plan}:Burst", burst.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Set($"Splp:Plans:{plan}:DailyQuota", quota.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Set($"Splp:Plans:{plan}:OnStoreFailure", onFailure)
            .Set("Splp:Consumers:dinkes-app:Plan", plan);

    private static Task<GatewayTestHost> StartAsync(CatalogSettings settings) => GatewayTestHost.StartAsync(settings.Build());

    private async Task<HttpResponseMessage> GetAsync(GatewayTestHost gateway, string consumer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/layanan/v1/data");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens.For(consumer, "layanan.baca"));
        return await gateway.Client.SendAsync(request);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    /// <summary>"Now" stands still; timers (Kestrel, YARP, health checks) stay real.</summary>
    private sealed class FrozenClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
