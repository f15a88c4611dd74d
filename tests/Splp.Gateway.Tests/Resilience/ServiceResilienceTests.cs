using System.Net;
using BrokenCircuitException = Polly.CircuitBreaker.BrokenCircuitException;
using Splp.Gateway.Resilience;

namespace Splp.Gateway.Tests.Resilience;

public sealed class ServiceResilienceTests
{
    private const string At = "Splp:Services:layanan:Resilience:";

    [Theory]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task Get_TransientStatus_IsRetriedOnce(HttpStatusCode status)
    {
        using var harness = new ResilienceHarness();
        harness.Upstream.Then(status).Then(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.OK, await harness.StatusAsync());
        Assert.Equal(2, harness.Upstream.Calls);
        Assert.Equal(1, harness.Count("splp.resilience.retries;service=layanan;outcome=attempted"));
    }

    [Fact]
    public async Task Get_RefusedConnection_IsRetried()
    {
        using var harness = new ResilienceHarness();
        harness.Upstream.ThenRefuse().Then(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.OK, await harness.StatusAsync());
        Assert.Equal(2, harness.Upstream.Calls);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task Get_AnswerThatIsNotTransient_IsNotRetried(HttpStatusCode status)
    {
        using var harness = new ResilienceHarness();
        harness.Upstream.Then(status).Then(HttpStatusCode.OK);

        Assert.Equal(status, await harness.StatusAsync());
        Assert.Equal(1, harness.Upstream.Calls);
    }

    [Fact]
    public async Task Post_TransientStatus_IsNeverRetried()
    {
        using var harness = new ResilienceHarness();
        harness.Upstream.Then(HttpStatusCode.ServiceUnavailable).Then(HttpStatusCode.OK);

        using var response = await harness.SendAsync(HttpMethod.Post);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, harness.Upstream.Calls);
    }

    [Fact]
    public async Task Put_WithABody_IsNeverRetriedEvenWhenPutIsConfigured()
    {
        using var harness = new ResilienceHarness(new Dictionary<string, string?> { [At + "Retry:Methods:0"] = "PUT" });
        harness.Upstream.Then(HttpStatusCode.ServiceUnavailable).Then(HttpStatusCode.OK);

        using var response = await harness.SendAsync(HttpMethod.Put, new StringContent("{}"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, harness.Upstream.Calls);
    }

    [Fact]
    public async Task Delete_ConfiguredMethod_IsRetried_AndUnlistedGetIsNot()
    {
        using var harness = new ResilienceHarness(new Dictionary<string, string?> { [At + "Retry:Methods:0"] = "delete" });
        harness.Upstream.Always(HttpStatusCode.ServiceUnavailable);

        using (await harness.SendAsync(HttpMethod.Delete))
        {
        }

        Assert.Equal(2, harness.Upstream.Calls);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await harness.StatusAsync());
        Assert.Equal(3, harness.Upstream.Calls);
    }

    [Fact]
    public async Task Get_MaxAttempts_BoundsTheAttempts()
    {
        using var harness = new ResilienceHarness(new Dictionary<string, string?>
        {
            [At + "Retry:MaxAttempts"] = "4",
            [At + "Retry:MinRetriesPerSecond"] = "10",
            [At + "CircuitBreaker:Enabled"] = "false",
        });
        harness.Upstream.Always(HttpStatusCode.ServiceUnavailable);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await harness.StatusAsync());
        Assert.Equal(4, harness.Upstream.Calls);
        Assert.Equal(3, harness.Count("splp.resilience.retries;service=layanan;outcome=attempted"));
    }

    [Fact]
    public async Task Get_RetryWaitsForTheBackoffDelay()
    {
        using var harness = new ResilienceHarness(new Dictionary<string, string?> { [At + "Retry:BaseDelay"] = "00:00:02" });
        harness.Upstream.Then(HttpStatusCode.ServiceUnavailable).Then(HttpStatusCode.OK);

        var pending = harness.StatusAsync();
        Assert.Equal(1, harness.Upstream.Calls);
        Assert.False(pending.IsCompleted);

        // Jitter keeps the first delay within 0 to 2 × BaseDelay; drive the clock past it.
        for (var i = 0; i < 8 && !pending.IsCompleted; i++)
        {
            harness.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
        }

        Assert.Equal(HttpStatusCode.OK, await pending);
        Assert.Equal(2, harness.Upstream.Calls);
    }

    [Fact]
    public async Task Get_RetryBudget_CapsRetriesAtItsShareOfRequests()
    {
        using var harness = new ResilienceHarness(new Dictionary<string, string?>
        {
            [At + "Retry:MaxAttempts"] = "3",
            [At + "Retry:BudgetPercent"] = "20",
            [At + "Retry:MinRetriesPerSecond"] = "0",
            [At + "CircuitBreaker:Enabled"] = "false",
        });
        harness.Upstream.Always(HttpStatusCode.ServiceUnavailable);

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await harness.StatusAsync());
        }

        // Without a budget 20 requests × 3 attempts = 60 calls; the budget allows 20 % of 20 requests as retries.
        Assert.Equal(24, harness.Upstream.Calls);
        Assert.Equal(4, harness.Count("splp.resilience.retries;service=layanan;outcome=attempted"));
        Assert.True(harness.Count("splp.resilience.retries;service=layanan;outcome=refused_by_budget") >= 16);
    }

    [Fact]
    public async Task Retry_Disabled_SendsOnce()
    {
        using var harness = new ResilienceHarness(new Dictionary<string, string?> { [At + "Retry:Enabled"] = "false" });
        harness.Upstream.Then(HttpStatusCode.ServiceUnavailable).Then(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await harness.StatusAsync());
        Assert.Equal(1, harness.Upstream.Calls);
    }

    [Fact]
    public async Task Breaker_RepeatedFailures_OpensAndRefusesWithoutCallingTheUpstream()
    {
        using var harness = new ResilienceHarness();
        harness.Upstream.Always(HttpStatusCode.InternalServerError);

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.InternalServerError, await harness.StatusAsync());
        }

        Assert.Equal(CircuitState.Open, harness.State);
        Assert.Equal(1, harness.Gauge());
        var calls = harness.Upstream.Calls;
        var refused = await Assert.ThrowsAsync<BrokenCircuitException>(harness.StatusAsync);
        Assert.NotNull(refused.RetryAfter);
        Assert.True(refused.RetryAfter <= TimeSpan.FromSeconds(10));
        Assert.Equal(calls, harness.Upstream.Calls);
        Assert.Equal(1, harness.Count("splp.resilience.circuit_transitions;service=layanan;state=open"));
    }

    [Fact]
    public async Task Breaker_AfterTheBreak_ProbesAndClosesWhenTheUpstreamRecovered()
    {
        using var harness = new ResilienceHarness();
        harness.Upstream.Always(HttpStatusCode.InternalServerError);
        for (var i = 0; i < 4; i++)
        {
            await harness.StatusAsync();
        }

        Assert.Equal(CircuitState.Open, harness.State);
        harness.Upstream.Always(HttpStatusCode.OK);
        harness.Clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.OK, await harness.StatusAsync());
        Assert.Equal(CircuitState.Closed, harness.State);
        Assert.Equal(0, harness.Gauge());
        Assert.Equal(1, harness.Count("splp.resilience.circuit_transitions;service=layanan;state=half_open"));
        Assert.Equal(1, harness.Count("splp.resilience.circuit_transitions;service=layanan;state=closed"));
    }

    [Fact]
    public async Task Breaker_FailedProbe_OpensAgain()
    {
        using var harness = new ResilienceHarness();
        harness.Upstream.Always(HttpStatusCode.BadGateway);
        for (var i = 0; i < 4; i++)
        {
            await harness.StatusAsync();
        }

        harness.Clock.Advance(TimeSpan.FromSeconds(10));
        var calls = harness.Upstream.Calls;

        Assert.Equal(HttpStatusCode.BadGateway, await harness.StatusAsync());
        Assert.Equal(calls + 1, harness.Upstream.Calls); // one probe, no retry storm behind it
        Assert.Equal(CircuitState.Open, harness.State);
        await Assert.ThrowsAsync<BrokenCircuitException>(harness.StatusAsync);
        Assert.Equal(2, harness.Count("splp.resilience.circuit_transitions;service=layanan;state=open"));
    }

    [Fact]
    public async Task HealthProbes_AreNeitherRetriedNorCountedNorRefused()
    {
        using var harness = new ResilienceHarness();
        harness.Upstream.Always(HttpStatusCode.ServiceUnavailable);

        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await harness.ProbeAsync());
        }

        Assert.Equal(6, harness.Upstream.Calls);
        Assert.Equal(CircuitState.Closed, harness.State);

        for (var i = 0; i < 4; i++)
        {
            await harness.StatusAsync();
        }

        Assert.Equal(CircuitState.Open, harness.State);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await harness.ProbeAsync()); // the probe still reaches the app
    }

    [Fact]
    public async Task Breaker_ClientErrors_DoNotCount()
    {
        using var harness = new ResilienceHarness();
        harness.Upstream.Always(HttpStatusCode.NotFound);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, await harness.StatusAsync());
        }

        Assert.Equal(CircuitState.Closed, harness.State);
    }

    [Fact]
    public async Task Breaker_TimeoutsCount_ButConsumersWhoLeftDoNot()
    {
        using var harness = new ResilienceHarness();
        harness.Upstream.ThenHang();

        // The consumer hangs up: the request is cancelled, and that is nobody's failure.
        for (var i = 0; i < 4; i++)
        {
            using var consumer = new CancellationTokenSource();
            var pending = harness.SendAsync(consumerAborted: consumer.Token, cancellationToken: consumer.Token);
            await consumer.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        }

        Assert.Equal(CircuitState.Closed, harness.State);

        // The service's timeout fires while the consumer still waits: the app failed to answer.
        for (var i = 0; i < 4; i++)
        {
            using var timeout = new CancellationTokenSource();
            var pending = harness.SendAsync(cancellationToken: timeout.Token);
            await timeout.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        }

        Assert.Equal(CircuitState.Open, harness.State);
    }

    [Fact]
    public async Task Breaker_Disabled_NeverOpens_AndReportsDisabled()
    {
        using var harness = new ResilienceHarness(new Dictionary<string, string?> { [At + "CircuitBreaker:Enabled"] = "false" });
        harness.Upstream.Always(HttpStatusCode.InternalServerError);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.InternalServerError, await harness.StatusAsync());
        }

        Assert.Equal(10, harness.Upstream.Calls);
        Assert.Equal(CircuitState.Disabled, harness.State);
        Assert.Null(harness.Gauge());
    }

    [Fact]
    public void GetState_UnknownService_IsDisabled()
    {
        using var harness = new ResilienceHarness();

        Assert.Equal(CircuitState.Closed, harness.Registry.GetState("layanan"));
        Assert.Equal(CircuitState.Disabled, harness.Registry.GetState("tidak-ada"));
    }

    [Fact]
    public async Task Reload_UnrelatedChange_KeepsTheBreakerState()
    {
        using var harness = new ResilienceHarness();
        harness.Upstream.Always(HttpStatusCode.InternalServerError);
        for (var i = 0; i < 4; i++)
        {
            await harness.StatusAsync();
        }

        var before = harness.Registry.Get("layanan");
        harness.Reload(("Splp:Services:layanan:Upstream:Timeout", "00:00:45"));

        Assert.Same(before, harness.Registry.Get("layanan"));
        Assert.Equal(CircuitState.Open, harness.State);
    }

    [Fact]
    public async Task Reload_ChangedResilienceSettings_RebuildsThePipeline()
    {
        using var harness = new ResilienceHarness();
        harness.Upstream.Always(HttpStatusCode.InternalServerError);
        for (var i = 0; i < 4; i++)
        {
            await harness.StatusAsync();
        }

        harness.Reload((At + "CircuitBreaker:BreakDuration", "00:00:20"));

        Assert.Equal(TimeSpan.FromSeconds(20), harness.Registry.Get("layanan")!.Settings.BreakDuration);
        Assert.Equal(CircuitState.Closed, harness.State);
    }

    [Fact]
    public void Reload_InvalidResilienceSettings_KeepsTheLastGoodPipeline()
    {
        using var harness = new ResilienceHarness();
        var before = harness.Registry.Get("layanan");

        harness.Reload((At + "CircuitBreaker:FailureRatio", "0"), (At + "Retry:MaxAttempts", "9"));

        Assert.Same(before, harness.Registry.Get("layanan"));
    }

    [Fact]
    public void Apply_CatalogWithoutTheService_DropsItsPipeline()
    {
        using var harness = new ResilienceHarness();

        harness.Registry.Apply(new Splp.Gateway.Catalog.ServiceCatalog(2, harness.Clock.GetUtcNow(), []));

        Assert.Null(harness.Registry.Get("layanan"));
        Assert.Equal(CircuitState.Disabled, harness.State);
    }
}
