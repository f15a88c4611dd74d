using Splp.Gateway.Consumers;
using Splp.Gateway.RateLimiting;

namespace Splp.Gateway.Tests.RateLimiting;

/// <summary>
/// The failure policy while the shared store is unreachable. The shared store here is the in-memory store behind a
/// switch (no Redis semantics are imitated); the real Redis outage is proven in the functional tests.
/// </summary>
public sealed class ConsumerRateLimiterFallbackTests
{
    [Fact]
    public async Task AcquireAsync_SharedStoreDownFailOpen_LimitsPerReplicaWithTheLimitDividedByReplicas()
    {
        var shared = new SwitchableSharedStore { Up = false };
        using var harness = new RateLimiterHarness(shared, replicas: 3);
        var plan = RateLimiterHarness.Plan(rate: 30, burst: 30, quota: 9, onFailure: StoreFailureMode.FailOpen);

        Assert.Equal(3, await harness.CountAllowedAsync(plan, 20)); // the quota share: 9 / 3
        var next = await harness.Limiter.AcquireAsync("kependudukan", "dinkes-app", plan);
        Assert.Equal(RateLimitOutcome.QuotaExceeded, next.Outcome);
        Assert.False(next.IsUnavailable);
    }

    [Fact]
    public async Task AcquireAsync_SharedStoreDownFailOpen_BurstIsDividedToo()
    {
        var shared = new SwitchableSharedStore { Up = false };
        using var harness = new RateLimiterHarness(shared, replicas: 3);

        Assert.Equal(10, await harness.CountAllowedAsync(RateLimiterHarness.Plan(rate: 30, burst: 30), 50));
    }

    [Fact]
    public async Task AcquireAsync_SharedStoreDownFailClosed_ReturnsUnavailable()
    {
        var shared = new SwitchableSharedStore { Up = false };
        using var harness = new RateLimiterHarness(shared);

        var result = await harness.Limiter.AcquireAsync("kependudukan", "dinkes-app", RateLimiterHarness.Plan(rate: 10, burst: 10, onFailure: StoreFailureMode.FailClosed));

        Assert.True(result.IsUnavailable);
        Assert.Equal(1, harness.Count("splp.ratelimiting.decisions;result=unavailable;store=none;service=kependudukan"));
    }

    [Fact]
    public async Task AcquireAsync_StoreFailsThenRecovers_EachSwitchCountedOnce()
    {
        var shared = new SwitchableSharedStore();
        using var harness = new RateLimiterHarness(shared);
        var plan = RateLimiterHarness.Plan(rate: 1000, burst: 1000);
        await harness.CountAllowedAsync(plan, 2);
        Assert.False(harness.Limiter.IsDegraded);

        shared.Throws = true;
        Assert.Equal(5, await harness.CountAllowedAsync(plan, 5));
        Assert.True(harness.Limiter.IsDegraded);
        Assert.Equal(1, harness.Count("splp.ratelimiting.store_switches;to=fallback"));
        Assert.Equal(5, harness.Count("splp.ratelimiting.store_errors"));

        shared.Throws = false;
        await harness.CountAllowedAsync(plan, 5);
        Assert.False(harness.Limiter.IsDegraded);
        Assert.Equal(1, harness.Count("splp.ratelimiting.store_switches;to=shared"));
        Assert.Equal(7, harness.Count("splp.ratelimiting.decisions;result=allowed;store=shared;service=kependudukan"));
        Assert.Equal(5, harness.Count("splp.ratelimiting.decisions;result=allowed;store=local;service=kependudukan"));
    }

    private sealed class SwitchableSharedStore : IRateLimitStore
    {
        private readonly InMemoryRateLimitStore _inner = new();

        public bool Up { get; set; } = true;

        public bool Throws { get; set; }

        public bool IsDistributed => true;

        public bool IsAvailable => Up;

        public ValueTask<StoreDecision> AcquireAsync(string key, RateLimitPolicy policy, long nowUs) =>
            Throws ? throw new TimeoutException("store unreachable") : _inner.AcquireAsync(key, policy, nowUs);
    }
}
