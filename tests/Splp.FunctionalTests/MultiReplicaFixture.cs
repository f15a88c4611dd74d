using Microsoft.AspNetCore.Http;
using Splp.Testing;

namespace Splp.FunctionalTests;

/// <summary>Tests that start several gateway processes run alone, so other tests' load does not skew their timing.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MultiReplicaCollection : ICollectionFixture<MultiReplicaFixture>
{
    public const string Name = "multi-replica";
}

/// <summary>
/// One redis-server, one upstream and three gateway processes sharing that Redis, as a Pemda runs replicas
/// behind a load balancer. The plans each test uses are configured here.
/// </summary>
public sealed class MultiReplicaFixture : IAsyncLifetime
{
    public TestTokens Tokens { get; } = new();

    public RedisServer Redis { get; private set; } = null!;

    public TestUpstream Upstream { get; private set; } = null!;

    public IReadOnlyList<GatewayProcess> Gateways { get; private set; } = [];

    /// <summary>How many requests the upstream received, by path.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, int> UpstreamCalls { get; } = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        Redis = await RedisServer.StartAsync();
        Upstream = await TestUpstream.StartAsync(async context =>
        {
            UpstreamCalls.AddOrUpdate(context.Request.Path.Value!, 1, (_, n) => n + 1);
            context.Response.ContentType = "application/json";
            if (context.Request.Path.StartsWithSegments("/referensi", StringComparison.Ordinal))
            {
                context.Response.Headers.CacheControl = "public, max-age=60";
            }

            await context.Response.WriteAsync("{\"ok\":true}");
        });
        var settings = new CatalogSettings(Tokens)
            .Service("layanan", Upstream.BaseAddress, scopes: ["layanan.baca"])
            .Set("Splp:Redis:Configuration", Redis.Configuration)
            // Three gateways, Redis and the load generators share two cores: a tighter timeout turns a starved reader
            // thread into a spurious switch to the fallback (seen once in a full run). Commands fail fast while Redis is
            // disconnected, so the outage test's bound on the slowest request does not depend on it.
            .Set("Splp:Redis:OperationTimeout", "00:00:01.500")
            .Set("Splp:Services:layanan:Cache:Operations:referensi:Path", "/referensi/{**rest}")
            .Set("Splp:Services:layanan:Cache:Operations:referensi:Ttl", "00:05:00")
            .Set("Splp:RateLimiting:Replicas", "3")
            // The burst plan: 20/s with a burst of 200 per consumer and service.
            .Set("Splp:Plans:burst:RequestsPerSecond", "20")
            .Set("Splp:Plans:burst:Burst", "200")
            .Set("Splp:Consumers:dinkes-app:Plan", "burst")
            .Set("Splp:Consumers:posyandu-app:Plan", "burst")
            .Set("Splp:Consumers:pemanasan-app:Plan", "burst")
            // Exactly 300 a day.
            .Set("Splp:Plans:harian:DailyQuota", "300")
            .Set("Splp:Consumers:bapenda-app:Plan", "harian")
            // 30 a day: 10 per replica while Redis is down.
            .Set("Splp:Plans:global:DailyQuota", "30")
            .Set("Splp:Consumers:uji-a:Plan", "global")
            .Set("Splp:Consumers:uji-b:Plan", "global")
            // Refused while Redis is down.
            .Set("Splp:Plans:ketat:RequestsPerSecond", "1000")
            .Set("Splp:Plans:ketat:Burst", "1000")
            .Set("Splp:Plans:ketat:OnStoreFailure", "FailClosed")
            .Set("Splp:Consumers:lapor-app:Plan", "ketat")
            .Build();
        var starting = Enumerable.Range(0, 3).Select(_ => GatewayProcess.StartAsync(settings)).ToArray();
        try
        {
            Gateways = await Task.WhenAll(starting);
        }
        catch
        {
            // xunit does not dispose a fixture whose start failed: stop the replicas that did start.
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }

            throw;
        }

        // Warm every replica's request path (JIT, token cache, Lua script cache), so timed tests measure steady state.
        await Parallel.ForEachAsync(Enumerable.Range(0, 300), new ParallelOptions { MaxDegreeOfParallelism = 12 }, async (i, token) =>
        {
            using var response = await GetAsync(i % 3, "pemanasan-app", cancellationToken: token);
        });
    }

    public async Task DisposeAsync()
    {
        foreach (var gateway in Gateways)
        {
            await gateway.DisposeAsync();
        }

        if (Upstream is not null)
        {
            await Upstream.DisposeAsync();
        }

        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }

        Tokens.Dispose();
    }

    /// <summary>Sends GET <paramref name="path"/> as <paramref name="consumer"/> through replica <paramref name="replica"/>.</summary>
    public async Task<HttpResponseMessage> GetAsync(int replica, string consumer, string path = "/layanan/v1/data", CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TokenFor(consumer));
        return await Gateways[replica].Client.SendAsync(request, cancellationToken);
    }

    /// <summary>Sends an admin POST with a token carrying the <c>splp.admin</c> scope.</summary>
    public async Task<HttpResponseMessage> AdminPostAsync(int replica, string path, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Tokens.For("ops-diskominfo", "splp.admin"));
        return await Gateways[replica].Client.SendAsync(request);
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal);

    private string TokenFor(string consumer) => _tokens.GetOrAdd(consumer, c => Tokens.For(c, "layanan.baca"));
}
