using System.Collections.Concurrent;
using System.Diagnostics;
using Splp.Contracts.Problems;
using Splp.Testing;
using Xunit.Abstractions;

namespace Splp.FunctionalTests;

/// <summary>Three gateway processes sharing one real redis-server: limits are global, and survive a Redis outage.</summary>
[Collection(MultiReplicaCollection.Name)]
public sealed class MultiReplicaRateLimitTests(MultiReplicaFixture replicas, ITestOutputHelper output)
{
    private const string UnavailableLog = "Rate-limit store (Redis) unavailable";
    private const string RestoredLog = "Rate-limit store (Redis) reachable again";

    [Fact]
    public async Task Burst_SpreadAcrossThreeReplicas_LetsThroughExactlyWhatTheGcraBoundsAllow()
    {
        // 20/s with a burst of 200 (T = 50 ms, τ = 200 T), for about 4 s, from 24 concurrent callers over the three
        // replicas. GCRA admits a request at t when max(TAT, t) + T − t ≤ τ, so over the accepted requests'
        // own window [t_first, t_last] it lets through N ≤ burst + rate × (t_last − t_first), and, while the load never
        // pauses long enough for the bucket to refill completely (10 s here), a refusal at t_r means
        // N > burst − 2 + rate × (t_r − t_first). The window is taken from the accepted requests' own send and receive
        // times, widened for the upper bound and narrowed for the lower one, not from the load's start and end: on a
        // loaded machine the callers' ramp-up and the last round trips added up to 160 ms, about 3 requests at 20/s.
        var requests = await LoadAsync("dinkes-app", TimeSpan.FromSeconds(4), workersPerReplica: 8);

        var accepted = requests.Where(r => r.Status == 200).ToList();
        var refused = requests.Where(r => r.Status == 429).ToList();
        Assert.All(requests, r => Assert.True(r.Status is 200 or 429, $"status {r.Status}"));
        Assert.NotEmpty(refused);
        var widest = Seconds(accepted.Max(r => r.Received) - accepted.Min(r => r.Sent));
        var lastRefusal = Seconds(refused.Max(r => r.Sent) - accepted.Min(r => r.Received));
        var atMost = 200 + (20 * widest);
        var atLeast = 200 - 2 + (20 * lastRefusal);
        output.WriteLine($"{accepted.Count} let through of {requests.Count}; GCRA bounds: more than {atLeast:F1}, at most {atMost:F1}");
        Assert.True(requests.Count > 5 * atMost, $"only {requests.Count} requests sent: not well over the limit");
        Assert.True(accepted.Count <= atMost, $"{accepted.Count} let through; the policy allows at most {atMost:F1} in the {widest:F3} s they were accepted in");
        Assert.True(accepted.Count > atLeast, $"{accepted.Count} let through; the policy must let through more than {atLeast:F1} before a refusal {lastRefusal:F3} s after the first");
    }

    [Fact]
    public async Task DailyQuota_SpreadAcrossThreeReplicas_LetsThroughExactlyTheQuota()
    {
        var statuses = new ConcurrentBag<int>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 900), new ParallelOptions { MaxDegreeOfParallelism = 24 }, async (i, token) =>
        {
            using var response = await replicas.GetAsync(i % 3, "bapenda-app", cancellationToken: token);
            statuses.Add((int)response.StatusCode);
        });

        Assert.Equal(300, statuses.Count(s => s == 200));
        Assert.Equal(600, statuses.Count(s => s == 429));
    }

    [Fact]
    public async Task RedisKilledMidLoad_FallsBackWithoutHangingAndLimitsAreGlobalAfterItReturns()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var latencies = new ConcurrentBag<(TimeSpan Latency, int Status)>();
        var load = Task.WhenAll(Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                int status;
                try
                {
                    using var response = await replicas.GetAsync(w % 3, "posyandu-app");
                    status = (int)response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    status = -1;
                }

                latencies.Add((Stopwatch.GetElapsedTime(started), status));
            }
        })));
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(latencies.Count > 100), TimeSpan.FromSeconds(20)));

        await replicas.Redis.KillAsync();
        Assert.True(
            await Eventually.TrueAsync(() => Task.FromResult(replicas.Gateways.All(g => g.Output.Contains(UnavailableLog))), TimeSpan.FromSeconds(15)),
            "every replica logs the switch to its fallback");

        // Fail open: this replica alone lets through its share (30 a day ÷ 3 replicas).
        Assert.Equal(10, await CountAllowedAsync("uji-a", replica: 0, requests: 20));
        // Fail closed: refused with 503.
        using (var closed = await replicas.GetAsync(1, "lapor-app"))
        {
            await ProblemAssert.IsProblemAsync(closed, 503, ProblemTypes.RateLimitUnavailable);
        }

        await replicas.Redis.RestartAsync();
        Assert.True(
            await Eventually.TrueAsync(() => Task.FromResult(replicas.Gateways.All(g => g.Output.Contains(RestoredLog))), TimeSpan.FromSeconds(20)),
            "every replica logs the switch back to Redis");
        await stop.CancelAsync();
        await load;

        var slowest = latencies.Max(l => l.Latency);
        output.WriteLine($"{latencies.Count} requests during the outage test; slowest {slowest.TotalMilliseconds:F0} ms");
        Assert.True(slowest < TimeSpan.FromSeconds(3), $"a request took {slowest} (Redis operation timeout 1.5 s)");
        Assert.All(latencies, l => Assert.True(l.Status is 200 or 429, $"status {l.Status}: fail-open plans never answer 5xx"));

        // Global again: one replica lets through the whole 30, the others none.
        Assert.Equal(30, await CountAllowedAsync("uji-b", replica: 0, requests: 40));
        Assert.Equal(0, await CountAllowedAsync("uji-b", replica: 1, requests: 5) + await CountAllowedAsync("uji-b", replica: 2, requests: 5));
    }

    private async Task<List<(int Status, long Sent, long Received)>> LoadAsync(string consumer, TimeSpan duration, int workersPerReplica)
    {
        var requests = new ConcurrentBag<(int Status, long Sent, long Received)>();
        using var stop = new CancellationTokenSource(duration);
        await Task.WhenAll(Enumerable.Range(0, 3 * workersPerReplica).Select(w => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var sent = Stopwatch.GetTimestamp();
                using var response = await replicas.GetAsync(w % 3, consumer);
                requests.Add(((int)response.StatusCode, sent, Stopwatch.GetTimestamp()));
            }
        })));
        return [.. requests];
    }

    private static double Seconds(long stopwatchTicks) => (double)stopwatchTicks / Stopwatch.Frequency;

    private async Task<int> CountAllowedAsync(string consumer, int replica, int requests)
    {
        var allowed = 0;
        for (var i = 0; i < requests; i++)
        {
            using var response = await replicas.GetAsync(replica, consumer);
            allowed += response.IsSuccessStatusCode ? 1 : 0;
        }

        return allowed;
    }
}
