using Splp.Gateway.Consumers;

namespace Splp.Gateway.RateLimiting;

/// <summary>
/// A plan in the units the stores work in: microseconds since the Unix epoch.
/// </summary>
/// <remarks>
/// The rate is a GCRA (generic cell rate algorithm, the leaky bucket "as a meter"): each key keeps one number,
/// the theoretical arrival time (TAT) of the next request. A request is allowed when
/// <c>max(TAT, now) + interval - now &lt;= tolerance</c>, with <c>interval = 1 / rate</c> and
/// <c>tolerance = interval × burst</c>; the new TAT is then stored. GCRA is chosen over a token bucket or a
/// sliding window because it is exact (no window-edge doubling, unlike fixed windows), it needs one value per key and
/// no refill timer (unlike a token bucket with two fields), it gives the Retry-After and the remaining burst
/// by arithmetic on that one value, and so the whole decision (rate and daily quota together) is one short Lua
/// script: one Redis round trip, atomic across every replica.
/// </remarks>
/// <param name="EmissionIntervalUs">Microseconds between requests at the sustained rate; 0 = no rate limit.</param>
/// <param name="ToleranceUs">How far ahead of now the TAT may run: interval × burst.</param>
/// <param name="DailyQuota">Requests per local day; 0 = no quota.</param>
/// <param name="Day">The local day the quota counts in.</param>
internal readonly record struct RateLimitPolicy(long EmissionIntervalUs, long ToleranceUs, long DailyQuota, DayWindow Day)
{
    /// <summary>The policy of <paramref name="plan"/>, with its limits divided by <paramref name="share"/> (per-replica fallback).</summary>
    public static RateLimitPolicy For(ConsumerPlan plan, int share, DayWindow day)
    {
        long interval = 0;
        long tolerance = 0;
        if (plan.RequestsPerSecond > 0)
        {
            var rate = plan.RequestsPerSecond / share;
            var burst = Math.Max(1, plan.Burst / share);
            interval = Math.Max(1, (long)Math.Round(1_000_000d / rate));
            tolerance = interval * burst;
        }

        var quota = plan.DailyQuota <= 0 ? 0 : Math.Max(1, plan.DailyQuota / share);
        return new RateLimitPolicy(interval, tolerance, quota, day);
    }

    /// <summary>Whole requests the bucket still holds when the TAT runs <paramref name="tatOffsetUs"/> ahead of now.</summary>
    public long RemainingBurst(long tatOffsetUs) =>
        EmissionIntervalUs == 0 ? 0 : Math.Max(0, (ToleranceUs - tatOffsetUs) / EmissionIntervalUs);
}

/// <summary>What a store decided.</summary>
internal enum RateLimitOutcome
{
    /// <summary>Counted and let through.</summary>
    Allowed = 0,

    /// <summary>Refused: faster than the rate and burst allow.</summary>
    RateLimited = 1,

    /// <summary>Refused: the daily quota is used up.</summary>
    QuotaExceeded = 2,
}

/// <summary>A store's decision.</summary>
/// <param name="Outcome">Allowed or why not.</param>
/// <param name="TatOffsetUs">How far the TAT runs ahead of now after the decision (0 when empty).</param>
/// <param name="RetryAfterUs">For <see cref="RateLimitOutcome.RateLimited"/>: when the next request would be allowed.</param>
/// <param name="QuotaUsed">Requests counted against today's quota, this one included when allowed.</param>
internal readonly record struct StoreDecision(RateLimitOutcome Outcome, long TatOffsetUs, long RetryAfterUs, long QuotaUsed);

/// <summary>Where rate and quota state lives: this process, or Redis shared by every replica.</summary>
internal interface IRateLimitStore
{
    /// <summary>Whether the state is shared by replicas (and so can be unreachable).</summary>
    bool IsDistributed { get; }

    /// <summary>Whether the store can be asked now; false skips straight to the failure policy.</summary>
    bool IsAvailable { get; }

    /// <summary>Counts one request for <paramref name="key"/> when both rate and quota allow it, atomically.</summary>
    ValueTask<StoreDecision> AcquireAsync(string key, RateLimitPolicy policy, long nowUs);
}
