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
    public async Task Burst_SpreadAcrossThreeReplicas_LetsThroughThePolicyWithinOnePercent()
    {
        // 20/s with a burst of 200, for about 4 s, from 24 concurrent callers spread over the three replicas.
        var clock = Stopwatch.StartNew();
        var statuses = await LoadAsync("dinkes-app", TimeSpan.FromSeconds(4), workersPerReplica: 8);
        var elapsed = clock.Elapsed.TotalSeconds;

        var allowed = statuses.Count(s => s == 200);
        var expected = 200 + (20 * elapsed);
        output.WriteLine($"{allowed} let through of {statuses.Count} in {elapsed:F3} s; the policy allows {expected:F1}");
        Assert.All(statuses, s => Assert.True(s is 200 or 429, $"status {s}"));
        Assert.True(statuses.Count > 5 * expected, $"only {statuses.Count} requests sent: not well over the limit");
        Assert.True(Math.Abs(allowed - expected) <= expected * 0.01, $"{allowed} let through of {statuses.Count}; the policy allows {expected:F1} in {elapsed:F3} s");
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

    private async Task<List<int>> LoadAsync(string consumer, TimeSpan duration, int workersPerReplica)
    {
        var statuses = new ConcurrentBag<int>();
        using var stop = new CancellationTokenSource(duration);
        await Task.WhenAll(Enumerable.Range(0, 3 * workersPerReplica).Select(w => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await replicas.GetAsync(w % 3, consumer);
                statuses.Add((int)response.StatusCode);
            }
        })));
        return [.. statuses];
    }

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
