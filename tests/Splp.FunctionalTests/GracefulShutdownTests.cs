using System.Net;
using Microsoft.AspNetCore.Http;
using Splp.Testing;

namespace Splp.FunctionalTests;

/// <summary>SIGTERM under load: the gateway stops accepting, finishes what it has, then exits.</summary>
[Collection(MultiReplicaCollection.Name)] // runs alone: it stops a whole gateway process mid-exchange
public sealed class GracefulShutdownTests
{
    private const int InFlight = 20;

    [Fact]
    public async Task Sigterm_WithExchangesInFlight_FinishesEveryOne_ThenExitsCleanly()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrived = 0;
        await using var upstream = await TestUpstream.StartAsync(async context =>
        {
            Interlocked.Increment(ref arrived);
            await release.Task; // the agency app is slow: it answers only once the test says so
            await context.Response.WriteAsync("selesai");
        });
        await using var gateway = await GatewayProcess.StartAsync(new Dictionary<string, string?>
        {
            ["Splp:Agencies:uji:Name"] = "Dinas Uji Coba",
            ["Splp:Services:lambat:Agency"] = "uji",
            ["Splp:Services:lambat:Policies:Anonymous"] = "true",
            ["Splp:Services:lambat:Upstream:Destinations:a"] = upstream.BaseAddress.ToString(),
            ["Splp:Services:lambat:Upstream:HealthCheck:Enabled"] = "false",
            ["Splp:Shutdown:DrainTimeout"] = "00:00:30",
        });

        var requests = Enumerable.Range(0, InFlight)
            .Select(i => gateway.Client.GetAsync(new Uri($"lambat/v1/proses/{i}", UriKind.Relative)))
            .ToArray();
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref arrived) == InFlight), TimeSpan.FromSeconds(30)));

        await gateway.TerminateAsync();

        // Draining: the process waits for the in-flight exchanges instead of dropping them.
        Assert.Null(await gateway.WaitForExitAsync(TimeSpan.FromMilliseconds(500)));
        Assert.False(gateway.HasExited);

        release.SetResult();
        var responses = await Task.WhenAll(requests);
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.All(await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync())), body => Assert.Equal("selesai", body));
        Assert.Equal(0, await gateway.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Sigterm_ReadinessProbeOnKeepAliveConnection_Answers503DrainingWhileTheSlowExchangeFinishes()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrived = 0;
        await using var upstream = await TestUpstream.StartAsync(async context =>
        {
            Interlocked.Increment(ref arrived);
            await release.Task;
            await context.Response.WriteAsync("selesai");
        });
        await using var gateway = await GatewayProcess.StartAsync(new Dictionary<string, string?>
        {
            ["Splp:Agencies:uji:Name"] = "Dinas Uji Coba",
            ["Splp:Services:lambat:Agency"] = "uji",
            ["Splp:Services:lambat:Policies:Anonymous"] = "true",
            ["Splp:Services:lambat:Upstream:Destinations:a"] = upstream.BaseAddress.ToString(),
            ["Splp:Services:lambat:Upstream:HealthCheck:Enabled"] = "false",
            ["Splp:Shutdown:DrainTimeout"] = "00:00:30",
            ["Splp:Shutdown:ReadinessDelay"] = "00:00:10",
        });
        // The load balancer's probe: one connection, kept alive from before SIGTERM.
        using var probe = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) }) { BaseAddress = gateway.BaseAddress };
        Assert.Equal(("ready", 200), await ReadyAsync(probe));
        var slow = gateway.Client.GetAsync(new Uri("lambat/v1/proses/1", UriKind.Relative));
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref arrived) == 1), TimeSpan.FromSeconds(30)));

        await gateway.TerminateAsync();

        Assert.True(
            await Eventually.TrueAsync(async () => await ReadyAsync(probe) == ("draining", 503), TimeSpan.FromSeconds(8)),
            "readiness answers 503 draining after SIGTERM");
        Assert.False(slow.IsCompleted);
        release.SetResult();
        using var response = await slow;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("selesai", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await gateway.WaitForExitAsync(TimeSpan.FromSeconds(40)));
    }

    private static async Task<(string? Status, int Code)> ReadyAsync(HttpClient probe)
    {
        using var response = await probe.GetAsync(new Uri("/healthz/ready", UriKind.Relative));
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (body.RootElement.GetProperty("status").GetString(), (int)response.StatusCode);
    }
}
