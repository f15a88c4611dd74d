using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Splp.Gateway.Consumers;
using Splp.Gateway.RateLimiting;

namespace Splp.Gateway.Tests.RateLimiting;

/// <summary>A <see cref="ConsumerRateLimiter"/> over a given store with a fake clock and its metrics recorded.</summary>
internal sealed class RateLimiterHarness : IDisposable
{
    private readonly CounterMeasurements _metrics = new();

    public RateLimiterHarness(IRateLimitStore? store = null, string timeZone = "Asia/Jakarta", int replicas = 1, DateTimeOffset? start = null)
    {
        // 2026-11-23 10:00 WIB.
        Clock = new FakeTimeProvider(start ?? new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero));
        Store = store ?? new InMemoryRateLimitStore();
        Limiter = new ConsumerRateLimiter(
            Store,
            Options.Create(new RateLimitingOptions { TimeZone = timeZone, Replicas = replicas }),
            Clock,
            new RateLimitingMetrics(_metrics.MeterFactory),
            NullLogger<ConsumerRateLimiter>.Instance);
    }

    public FakeTimeProvider Clock { get; }

    public IRateLimitStore Store { get; }

    public ConsumerRateLimiter Limiter { get; }

    public static ConsumerPlan Plan(double rate = 0, int burst = 1, long quota = 0, StoreFailureMode onFailure = StoreFailureMode.FailOpen) =>
        new("uji", rate, burst, quota, onFailure);

    /// <summary>A measurement total, by instrument name or by <c>name;tag=value;...</c> in tag order.</summary>
    public long Count(string name) => _metrics.Count(name);

    public async Task<int> CountAllowedAsync(ConsumerPlan plan, int requests, string consumer = "dinkes-app", string service = "kependudukan")
    {
        var allowed = 0;
        for (var i = 0; i < requests; i++)
        {
            if ((await Limiter.AcquireAsync(service, consumer, plan)).Outcome == RateLimitOutcome.Allowed)
            {
                allowed++;
            }
        }

        return allowed;
    }

    public void Dispose()
    {
        _metrics.Dispose();
    }
}
