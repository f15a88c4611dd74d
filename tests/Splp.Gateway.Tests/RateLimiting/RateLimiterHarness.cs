using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Splp.Gateway.Consumers;
using Splp.Gateway.RateLimiting;

namespace Splp.Gateway.Tests.RateLimiting;

/// <summary>A <see cref="ConsumerRateLimiter"/> over a given store with a fake clock and its metrics recorded.</summary>
internal sealed class RateLimiterHarness : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    public RateLimiterHarness(IRateLimitStore? store = null, string timeZone = "Asia/Jakarta", int replicas = 1, DateTimeOffset? start = null)
    {
        // 2026-11-23 10:00 WIB.
        Clock = new FakeTimeProvider(start ?? new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero));
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var name = instrument.Name;
            foreach (var tag in tags)
            {
                name += $";{tag.Key}={tag.Value}";
            }

            lock (_counts)
            {
                _counts[name] = _counts.GetValueOrDefault(name) + value;
                if (name != instrument.Name)
                {
                    _counts[instrument.Name] = _counts.GetValueOrDefault(instrument.Name) + value;
                }
            }
        });
        _listener.Start();
        Store = store ?? new InMemoryRateLimitStore();
        Limiter = new ConsumerRateLimiter(
            Store,
            Options.Create(new RateLimitingOptions { TimeZone = timeZone, Replicas = replicas }),
            Clock,
            new RateLimitingMetrics(meterFactory),
            NullLogger<ConsumerRateLimiter>.Instance);
    }

    public FakeTimeProvider Clock { get; }

    public IRateLimitStore Store { get; }

    public ConsumerRateLimiter Limiter { get; }

    public static ConsumerPlan Plan(double rate = 0, int burst = 1, long quota = 0, StoreFailureMode onFailure = StoreFailureMode.FailOpen) =>
        new("uji", rate, burst, quota, onFailure);

    /// <summary>A measurement total, by instrument name or by <c>name;tag=value;...</c> in tag order.</summary>
    public long Count(string name)
    {
        lock (_counts)
        {
            return _counts.GetValueOrDefault(name);
        }
    }

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
        _listener.Dispose();
        _services.Dispose();
    }
}
