using Splp.Gateway.Consumers;
using Splp.Gateway.RateLimiting;

namespace Splp.Gateway.Tests.RateLimiting;

/// <summary>The window arithmetic (GCRA rate, daily quota) on the in-memory store, with a fake clock.</summary>
public sealed class ConsumerRateLimiterTests
{
    [Fact]
    public async Task AcquireAsync_BurstAtOnce_AllowsExactlyTheBurst()
    {
        using var harness = new RateLimiterHarness();
        var plan = RateLimiterHarness.Plan(rate: 10, burst: 20);

        Assert.Equal(20, await harness.CountAllowedAsync(plan, 50));
    }

    [Fact]
    public async Task AcquireAsync_AfterBurst_AllowsOnePerEmissionInterval()
    {
        using var harness = new RateLimiterHarness();
        var plan = RateLimiterHarness.Plan(rate: 10, burst: 5);
        await harness.CountAllowedAsync(plan, 5);

        harness.Clock.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Equal(0, await harness.CountAllowedAsync(plan, 1));
        harness.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, await harness.CountAllowedAsync(plan, 3));
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(5, await harness.CountAllowedAsync(plan, 10)); // refilled up to the burst, no further
    }

    [Fact]
    public async Task AcquireAsync_SustainedOverTenSeconds_LetsThroughRateTimesSecondsPlusBurst()
    {
        using var harness = new RateLimiterHarness();
        var plan = RateLimiterHarness.Plan(rate: 20, burst: 10);
        var allowed = 0;
        for (var ms = 0; ms <= 10_000; ms += 10)
        {
            allowed += await harness.CountAllowedAsync(plan, 3);
            harness.Clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        Assert.Equal((20 * 10) + 10, allowed);
    }

    [Fact]
    public async Task AcquireAsync_WhenRateLimited_RetryAfterIsTheTimeToTheNextSlot()
    {
        using var harness = new RateLimiterHarness();
        var plan = RateLimiterHarness.Plan(rate: 2, burst: 2);
        await harness.CountAllowedAsync(plan, 2);
        harness.Clock.Advance(TimeSpan.FromMilliseconds(100));

        var refused = await harness.Limiter.AcquireAsync("kependudukan", "dinkes-app", plan);

        Assert.Equal(RateLimitOutcome.RateLimited, refused.Outcome);
        Assert.Equal(TimeSpan.FromMilliseconds(400), refused.RetryAfter);
        Assert.Equal(0, refused.BurstRemaining);
        harness.Clock.Advance(refused.RetryAfter);
        Assert.Equal(RateLimitOutcome.Allowed, (await harness.Limiter.AcquireAsync("kependudukan", "dinkes-app", plan)).Outcome);
    }

    [Fact]
    public async Task AcquireAsync_Allowed_ReportsRemainingBurstAndTimeUntilFull()
    {
        using var harness = new RateLimiterHarness();
        var plan = RateLimiterHarness.Plan(rate: 10, burst: 20);
        await harness.CountAllowedAsync(plan, 2);

        var third = await harness.Limiter.AcquireAsync("kependudukan", "dinkes-app", plan);

        Assert.Equal(17, third.BurstRemaining);
        Assert.Equal(TimeSpan.FromMilliseconds(300), third.BurstResetAfter);
        Assert.Equal("\"burst\";r=17;t=1", RateLimitingMiddleware.FormatState(third));
    }

    [Fact]
    public async Task AcquireAsync_ConsumersAndServices_HaveSeparateBuckets()
    {
        using var harness = new RateLimiterHarness();
        var plan = RateLimiterHarness.Plan(rate: 1, burst: 3);

        Assert.Equal(3, await harness.CountAllowedAsync(plan, 5, consumer: "a", service: "kependudukan"));
        Assert.Equal(3, await harness.CountAllowedAsync(plan, 5, consumer: "b", service: "kependudukan"));
        Assert.Equal(3, await harness.CountAllowedAsync(plan, 5, consumer: "a", service: "perizinan"));
    }

    [Fact]
    public async Task AcquireAsync_DailyQuota_RefusedUntilJakartaMidnight()
    {
        // 23:59:00 WIB = 16:59:00 UTC.
        using var harness = new RateLimiterHarness(start: new DateTimeOffset(2026, 11, 23, 16, 59, 0, TimeSpan.Zero));
        var plan = RateLimiterHarness.Plan(quota: 3);
        Assert.Equal(3, await harness.CountAllowedAsync(plan, 5));

        var refused = await harness.Limiter.AcquireAsync("kependudukan", "dinkes-app", plan);
        Assert.Equal(RateLimitOutcome.QuotaExceeded, refused.Outcome);
        Assert.Equal(TimeSpan.FromMinutes(1), refused.RetryAfter);
        Assert.Equal("\"daily\";r=0;t=60", RateLimitingMiddleware.FormatState(refused));

        harness.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, await harness.CountAllowedAsync(plan, 1));
        harness.Clock.Advance(TimeSpan.FromSeconds(1)); // 00:00:00 WIB
        Assert.Equal(3, await harness.CountAllowedAsync(plan, 5));
    }

    [Fact]
    public async Task AcquireAsync_DailyQuotaInAnotherTimeZone_ResetsAtThatMidnight()
    {
        // Asia/Jayapura is UTC+9: its midnight is 15:00 UTC, when Jakarta is still at 22:00.
        using var harness = new RateLimiterHarness(timeZone: "Asia/Jayapura", start: new DateTimeOffset(2026, 11, 23, 14, 0, 0, TimeSpan.Zero));
        var plan = RateLimiterHarness.Plan(quota: 2);
        Assert.Equal(2, await harness.CountAllowedAsync(plan, 3));

        harness.Clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(2, await harness.CountAllowedAsync(plan, 3));
    }

    [Fact]
    public async Task AcquireAsync_RateLimitedRequests_DoNotUseTheQuota()
    {
        using var harness = new RateLimiterHarness();
        var plan = RateLimiterHarness.Plan(rate: 1, burst: 2, quota: 4);
        Assert.Equal(2, await harness.CountAllowedAsync(plan, 10));

        harness.Clock.Advance(TimeSpan.FromSeconds(2));
        var result = await harness.Limiter.AcquireAsync("kependudukan", "dinkes-app", plan);

        Assert.Equal(RateLimitOutcome.Allowed, result.Outcome);
        Assert.Equal(1, result.QuotaRemaining);
    }

    [Fact]
    public async Task AcquireAsync_QuotaRefusals_DoNotUseTheBurst()
    {
        using var harness = new RateLimiterHarness();
        var plan = RateLimiterHarness.Plan(rate: 1, burst: 5, quota: 1);
        Assert.Equal(1, await harness.CountAllowedAsync(plan, 10));

        var result = await harness.Limiter.AcquireAsync("kependudukan", "dinkes-app", plan);

        Assert.Equal(RateLimitOutcome.QuotaExceeded, result.Outcome);
        Assert.Equal(4, result.BurstRemaining);
    }

    [Fact]
    public async Task AcquireAsync_InMemory_CountsDecisionsInMetrics()
    {
        using var harness = new RateLimiterHarness();
        await harness.CountAllowedAsync(RateLimiterHarness.Plan(rate: 1, burst: 2), 3);

        Assert.Equal(2, harness.Count("splp.ratelimiting.decisions;result=allowed;store=memory;service=kependudukan"));
        Assert.Equal(1, harness.Count("splp.ratelimiting.decisions;result=rate_limited;store=memory;service=kependudukan"));
    }

    [Fact]
    public void FormatPolicy_RateAndQuota_ListsBothPolicies()
    {
        var plan = new ConsumerPlan("standar", 20, 20, 10_000, StoreFailureMode.FailOpen);

        Assert.Equal("\"burst\";q=20;w=1, \"daily\";q=10000;w=86400", RateLimitingMiddleware.FormatPolicy(plan));
    }

    [Fact]
    public void FormatPolicy_BurstLargerThanRate_WindowIsTheRefillTime()
    {
        var plan = new ConsumerPlan("kecil", 2, 10, 0, StoreFailureMode.FailOpen);

        Assert.Equal("\"burst\";q=10;w=5", RateLimitingMiddleware.FormatPolicy(plan));
    }
}
