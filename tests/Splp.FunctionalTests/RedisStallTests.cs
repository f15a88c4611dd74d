using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Splp.Testing;
using Xunit.Abstractions;

namespace Splp.FunctionalTests;

/// <summary>
/// A Redis that stalls without closing the connection (<c>CLIENT PAUSE</c>): no request waits on it longer than the
/// configured operation timeout plus a margin, and each feature's fallback applies. StackExchange.Redis alone checks
/// async timeouts on a heartbeat of about a second: before the gateway bounded each call itself, requests waited
/// 1.2–1.4 s here whatever the timeout.
/// </summary>
[Collection(MultiReplicaCollection.Name)] // Timed: run alone, not next to other tests' load.
public sealed class RedisStallTests(ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromMilliseconds(250);

    // Generous for a loaded 2-core machine, still well under the 1.2 s the heartbeat alone gave.
    private static readonly TimeSpan Bound = OperationTimeout + TimeSpan.FromMilliseconds(400);

    private readonly TestTokens _tokens = new();
    private RedisServer _redis = null!;
    private TestUpstream _upstream = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _upstream = await TestUpstream.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            if (context.Request.Path.StartsWithSegments("/referensi", StringComparison.Ordinal))
            {
                context.Response.Headers.CacheControl = "public, max-age=60";
            }

            await context.Response.WriteAsync("{\"ok\":true}");
        });
    }

    public async Task DisposeAsync()
    {
        await _upstream.DisposeAsync();
        await _redis.DisposeAsync();
    }

    public void Dispose() => _tokens.Dispose();

    [Theory]
    [InlineData("FailOpen", 200)]
    [InlineData("FailClosed", 503)]
    public async Task RateLimit_RedisPaused_EveryRequestEndsWithinTheTimeoutAndTheFallbackApplies(string onFailure, int expected)
    {
        await using var gateway = await StartAsync(onFailure);

        var stalled = await DuringPauseAsync(gateway, () => "/layanan/v1/data", "dinkes-app");

        Report(onFailure, stalled);
        Assert.All(stalled, r => Assert.True(r.Latency < Bound, $"a request waited {r.Latency.TotalMilliseconds:F0} ms on a paused Redis (timeout {OperationTimeout.TotalMilliseconds:F0} ms)"));
        Assert.All(stalled, r => Assert.Equal(expected, r.Status));
    }

    [Fact]
    public async Task Cache_RedisPaused_EveryRequestEndsWithinTheTimeoutAndIsServed()
    {
        await using var gateway = await StartAsync("FailOpen");

        // Unlimited consumer on a cached route, a new path each time (a miss in the memory level): only the cache's
        // shared level talks to Redis.
        var stalled = await DuringPauseAsync(gateway, () => $"/layanan/v1/referensi/{Guid.NewGuid():N}", "bapenda-app");

        Report("cache", stalled);
        Assert.All(stalled, r => Assert.True(r.Latency < Bound, $"a request waited {r.Latency.TotalMilliseconds:F0} ms on a paused Redis (timeout {OperationTimeout.TotalMilliseconds:F0} ms)"));
        Assert.All(stalled, r => Assert.Equal(200, r.Status));
    }

    // Pauses every client of the Redis for 3 s from a separate connection and sends requests, four at a time, for
    // as long as each of them must end before the pause does (so a late answer from Redis cannot hide a long wait).
    private async Task<List<(TimeSpan Latency, int Status)>> DuringPauseAsync(GatewayTestHost gateway, Func<string> path, string consumer)
    {
        // Warm the path (JIT, token, script cache) while Redis answers.
        for (var i = 0; i < 5; i++)
        {
            using var warm = await GetAsync(gateway, path(), consumer);
            Assert.Equal(200, (int)warm.StatusCode);
        }

        // And the problem+json writer a refusal uses (first use builds its serializer under load).
        using (var unauthenticated = await gateway.Client.GetAsync(new Uri(path(), UriKind.Relative)))
        {
            Assert.Equal(401, (int)unauthenticated.StatusCode);
        }

        var sincePause = Stopwatch.StartNew();
        Assert.Equal("OK", await _redis.CliAsync("CLIENT", "PAUSE", "3000", "ALL"));
        var lastStart = TimeSpan.FromSeconds(3) - Bound - TimeSpan.FromMilliseconds(200);
        var results = new ConcurrentBag<(TimeSpan Latency, int Status)>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (sincePause.Elapsed < lastStart)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await GetAsync(gateway, path(), consumer);
                results.Add((Stopwatch.GetElapsedTime(started), (int)response.StatusCode));
            }
        })));

        Assert.True(results.Count >= 8, $"only {results.Count} requests sent during the pause");
        return [.. results];
    }

    private void Report(string what, List<(TimeSpan Latency, int Status)> results)
    {
        var sorted = results.Select(r => r.Latency.TotalMilliseconds).Order().ToArray();
        var p99 = sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(sorted.Length * 0.99) - 1)];
        output.WriteLine(
            $"{what}: {sorted.Length} requests during CLIENT PAUSE 3000 ALL, operation timeout {OperationTimeout.TotalMilliseconds:F0} ms: " +
            $"p50 {sorted[sorted.Length / 2]:F0} ms, p99 {p99:F0} ms, max {sorted[^1]:F0} ms");
    }

    private Task<GatewayTestHost> StartAsync(string onFailure) =>
        GatewayTestHost.StartAsync(new CatalogSettings(_tokens)
            .Service("layanan", _upstream.BaseAddress, scopes: ["layanan.baca"])
            .Set("Splp:Redis:Configuration", _redis.Configuration)
            .Set("Splp:Redis:OperationTimeout", "00:00:00.250")
            .Set("Splp:Services:layanan:Cache:Operations:referensi:Path", "/referensi/{**rest}")
            .Set("Splp:Services:layanan:Cache:Operations:referensi:Ttl", "00:05:00")
            .Set("Splp:Plans:uji:RequestsPerSecond", "1000")
            .Set("Splp:Plans:uji:Burst", "1000")
            .Set("Splp:Plans:uji:OnStoreFailure", onFailure)
            .Set("Splp:Consumers:dinkes-app:Plan", "uji")
            .Build());

    private async Task<HttpResponseMessage> GetAsync(GatewayTestHost gateway, string path, string consumer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens.For(consumer, "layanan.baca"));
        return await gateway.Client.SendAsync(request);
    }
}
