using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Splp.Gateway.RateLimiting;
using Splp.Gateway.Redis;
using Splp.Testing;

namespace Splp.FunctionalTests;

/// <summary>A real redis-server for the tests of one class.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    public RedisServer Server { get; private set; } = null!;

    internal SplpRedisConnection Connection { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await RedisServer.StartAsync();
        Connection = new SplpRedisConnection(
            // These tests check the script, not outage handling: a loaded CI machine must not turn into a timeout.
            Options.Create(new RedisOptions { Configuration = Server.Configuration, KeyPrefix = "t:", OperationTimeout = TimeSpan.FromSeconds(5) }),
            TimeProvider.System,
            NullLogger<SplpRedisConnection>.Instance);
    }

    public async Task DisposeAsync()
    {
        await Connection.DisposeAsync();
        await Server.DisposeAsync();
    }
}

/// <summary>The GCRA + quota Lua script against a real redis-server, with the clock passed in explicitly.</summary>
public sealed class RedisRateLimitStoreTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    // 2026-11-23 10:00 WIB, in µs since the Unix epoch: 16 digits, beyond Lua's default 14-digit formatting.
    private const long Start = 1_795_402_800_000_000;
    private static readonly DayWindow Day = new("20261123", DateTimeOffset.FromUnixTimeSeconds(1_795_366_800), DateTimeOffset.FromUnixTimeSeconds(1_795_453_200));

    private RedisRateLimitStore Store => new(redis.Connection);

    [Fact]
    public async Task AcquireAsync_BurstAtOnce_AllowsExactlyTheBurst()
    {
        var policy = Policy(rate: 10, burst: 20);

        var allowed = 0;
        for (var i = 0; i < 30; i++)
        {
            allowed += (await Store.AcquireAsync("burst:a", policy, Start)).Outcome == RateLimitOutcome.Allowed ? 1 : 0;
        }

        Assert.Equal(20, allowed);
    }

    [Fact]
    public async Task AcquireAsync_WhenRateLimited_ReturnsExactRetryAfter()
    {
        var policy = Policy(rate: 2, burst: 2);
        await Store.AcquireAsync("retry:a", policy, Start);
        await Store.AcquireAsync("retry:a", policy, Start);

        var refused = await Store.AcquireAsync("retry:a", policy, Start + 100_000);
        var afterWait = await Store.AcquireAsync("retry:a", policy, Start + 100_000 + refused.RetryAfterUs);

        Assert.Equal(RateLimitOutcome.RateLimited, refused.Outcome);
        Assert.Equal(400_000, refused.RetryAfterUs);
        Assert.Equal(RateLimitOutcome.Allowed, afterWait.Outcome);
    }

    [Fact]
    public async Task AcquireAsync_MicrosecondTimes_StoredWithoutRounding()
    {
        var policy = Policy(rate: 3, burst: 1);
        const long now = Start + 123_457;

        await Store.AcquireAsync("exact:a", policy, now);

        Assert.Equal((now + policy.EmissionIntervalUs).ToString(System.Globalization.CultureInfo.InvariantCulture), await redis.Server.CliAsync("GET", "t:rl:{exact:a}:r"));
    }

    [Fact]
    public async Task AcquireAsync_Quota_CountsOnlyAllowedRequestsAndExpiresAfterLocalMidnight()
    {
        var policy = Policy(rate: 1, burst: 2, quota: 3);
        var outcomes = new List<RateLimitOutcome>();
        for (var i = 0; i < 4; i++)
        {
            outcomes.Add((await Store.AcquireAsync("quota:a", policy, Start)).Outcome);
        }

        for (var i = 0; i < 3; i++)
        {
            outcomes.Add((await Store.AcquireAsync("quota:a", policy, Start + ((i + 3) * 1_000_000L))).Outcome);
        }

        Assert.Equal(
            [RateLimitOutcome.Allowed, RateLimitOutcome.Allowed, RateLimitOutcome.RateLimited, RateLimitOutcome.RateLimited,
             RateLimitOutcome.Allowed, RateLimitOutcome.QuotaExceeded, RateLimitOutcome.QuotaExceeded],
            outcomes);
        Assert.Equal("3", await redis.Server.CliAsync("GET", "t:rl:{quota:a}:q:20261123"));
        // Ends a minute after local midnight (14 h after 10:00 WIB), counted from the first increment.
        var ttl = long.Parse(await redis.Server.CliAsync("PTTL", "t:rl:{quota:a}:q:20261123"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(ttl, (14 * 3_600_000L) - 10_000, (14 * 3_600_000L) + 60_000);
    }

    [Fact]
    public async Task AcquireAsync_RateKey_ExpiresWhenTheBucketIsFullAgain()
    {
        var policy = Policy(rate: 1, burst: 5);
        for (var i = 0; i < 5; i++)
        {
            await Store.AcquireAsync("ttl:a", policy, Start);
        }

        var ttl = long.Parse(await redis.Server.CliAsync("PTTL", "t:rl:{ttl:a}:r"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(ttl, 5_000, 6_000);
    }

    [Fact]
    public async Task AcquireAsync_SameSequence_DecidesExactlyAsTheInMemoryStore()
    {
        var memory = new InMemoryRateLimitStore();
        var random = new Random(20261123);
        var policies = new[] { Policy(rate: 5, burst: 3), Policy(rate: 50, burst: 10, quota: 40), Policy(quota: 7), Policy(rate: 0.5, burst: 1) };
        for (var p = 0; p < policies.Length; p++)
        {
            var now = Start;
            for (var i = 0; i < 150; i++)
            {
                now += random.Next(0, 4) == 0 ? random.Next(0, 600_000) : random.Next(0, 20_000);
                var expected = await memory.AcquireAsync($"same:{p}", policies[p], now);
                var actual = await Store.AcquireAsync($"same:{p}", policies[p], now);
                Assert.Equal(expected, actual);
            }
        }
    }

    [Fact]
    public async Task AcquireAsync_ConcurrentFromManyClients_NeverExceedsTheBurst()
    {
        var policy = Policy(rate: 1, burst: 25, quota: 1000);
        var tasks = Enumerable.Range(0, 200).Select(_ => Task.Run(async () => await Store.AcquireAsync("race:a", policy, Start))).ToArray();

        var results = await Task.WhenAll(tasks);

        Assert.Equal(25, results.Count(r => r.Outcome == RateLimitOutcome.Allowed));
        Assert.Equal("25", await redis.Server.CliAsync("GET", "t:rl:{race:a}:q:20261123"));
    }

    private static RateLimitPolicy Policy(double rate = 0, int burst = 1, long quota = 0) =>
        RateLimitPolicy.For(new Splp.Gateway.Consumers.ConsumerPlan("uji", rate, burst, quota, Splp.Gateway.Consumers.StoreFailureMode.FailOpen), 1, Day);
}
