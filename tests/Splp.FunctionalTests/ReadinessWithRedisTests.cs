using System.Net;
using Splp.Testing;

namespace Splp.FunctionalTests;

/// <summary>Readiness reports the shared Redis but does not depend on it: plans decide what an outage means.</summary>
public sealed class ReadinessWithRedisTests : IDisposable
{
    private readonly TestTokens _tokens = new();

    public void Dispose() => _tokens.Dispose();

    [Fact]
    public async Task Ready_ReportsRedis_AndStaysReadyWhenItDies()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var gateway = await GatewayTestHost.StartAsync(new CatalogSettings(_tokens)
            .Set("Splp:Redis:Configuration", redis.Configuration)
            .Build());

        Assert.True(await Eventually.TrueAsync(async () => await RedisStateAsync(gateway) == "connected", TimeSpan.FromSeconds(20)));

        await redis.KillAsync();

        Assert.True(await Eventually.TrueAsync(async () => await RedisStateAsync(gateway) == "disconnected", TimeSpan.FromSeconds(20)));
        using var ready = await gateway.Client.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    private static async Task<string?> RedisStateAsync(GatewayTestHost gateway)
    {
        using var ready = await gateway.Client.GetAsync("/healthz/ready");
        return (await ProblemAssert.JsonAsync(ready)).GetProperty("redis").GetString();
    }
}
