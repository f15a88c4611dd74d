using Microsoft.Extensions.Options;
using Splp.Gateway.Consumers;
using StackExchange.Redis;

namespace Splp.Gateway.RateLimiting;

/// <summary>
/// Applies a consumer's plan to one request on one service: asks the store, and while a shared store is
/// unreachable applies the plan's failure policy (a per-replica share of the limits, or refuse). Every switch
/// between the shared store and the fallback is logged and counted once.
/// </summary>
internal sealed partial class ConsumerRateLimiter
{
    private readonly IRateLimitStore _store;
    private readonly InMemoryRateLimitStore _fallback = new();
    private readonly QuotaCalendar _calendar;
    private readonly int _replicas;
    private readonly TimeProvider _time;
    private readonly RateLimitingMetrics _metrics;
    private readonly ILogger<ConsumerRateLimiter> _logger;
    private int _degraded;

    public ConsumerRateLimiter(
        IRateLimitStore store,
        IOptions<RateLimitingOptions> options,
        TimeProvider time,
        RateLimitingMetrics metrics,
        ILogger<ConsumerRateLimiter> logger)
    {
        _store = store;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _replicas = options.Value.Replicas;
        _calendar = new QuotaCalendar(QuotaCalendar.TryFindTimeZone(options.Value.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc);
    }

    /// <summary>Whether the shared store is currently replaced by the fallback.</summary>
    public bool IsDegraded => Volatile.Read(ref _degraded) == 1;

    /// <summary>Counts one request of <paramref name="consumer"/> on <paramref name="service"/> under <paramref name="plan"/>.</summary>
    public async ValueTask<RateLimitResult> AcquireAsync(string service, string consumer, ConsumerPlan plan)
    {
        var now = _time.GetUtcNow();
        var nowUs = (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
        var day = _calendar.DayOf(now);
        var key = string.Concat(service, ":", consumer);

        if (_store.IsDistributed)
        {
            if (_store.IsAvailable)
            {
                try
                {
                    var policy = RateLimitPolicy.For(plan, 1, day);
                    var decision = await _store.AcquireAsync(key, policy, nowUs);
                    if (Interlocked.Exchange(ref _degraded, 0) == 1)
                    {
                        Log.SharedStoreRestored(_logger);
                        _metrics.StoreSwitch("shared");
                    }

                    return Complete(service, plan, policy, decision, now, "shared");
                }
                catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
                {
                    _metrics.StoreError();
                    SwitchToFallback(e.GetType().Name);
                }
            }
            else
            {
                _metrics.StoreError();
                SwitchToFallback("disconnected");
            }

            if (plan.OnStoreFailure == StoreFailureMode.FailClosed)
            {
                _metrics.Decision("unavailable", "none", service);
                return RateLimitResult.Unavailable(plan);
            }

            var local = RateLimitPolicy.For(plan, _replicas, day);
            return Complete(service, plan, local, await _fallback.AcquireAsync(key, local, nowUs), now, "local");
        }

        var memory = RateLimitPolicy.For(plan, 1, day);
        return Complete(service, plan, memory, await _store.AcquireAsync(key, memory, nowUs), now, "memory");
    }

    private void SwitchToFallback(string reason)
    {
        if (Interlocked.Exchange(ref _degraded, 1) == 0)
        {
            Log.SharedStoreUnavailable(_logger, reason);
            _metrics.StoreSwitch("fallback");
        }
    }

    private RateLimitResult Complete(string service, ConsumerPlan plan, RateLimitPolicy policy, StoreDecision decision, DateTimeOffset now, string store)
    {
        var untilMidnight = policy.Day.End - now;
        var retryAfter = decision.Outcome switch
        {
            RateLimitOutcome.RateLimited => TimeSpan.FromTicks(decision.RetryAfterUs * 10),
            RateLimitOutcome.QuotaExceeded => untilMidnight,
            _ => TimeSpan.Zero,
        };
        _metrics.Decision(
            decision.Outcome switch
            {
                RateLimitOutcome.Allowed => "allowed",
                RateLimitOutcome.RateLimited => "rate_limited",
                _ => "quota_exceeded",
            },
            store,
            service);
        return new RateLimitResult(
            decision.Outcome,
            plan,
            policy,
            policy.RemainingBurst(decision.TatOffsetUs),
            TimeSpan.FromTicks(decision.TatOffsetUs * 10),
            policy.DailyQuota == 0 ? 0 : Math.Max(0, policy.DailyQuota - decision.QuotaUsed),
            untilMidnight,
            retryAfter,
            IsUnavailable: false);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Rate-limit store (Redis) unavailable ({Reason}): fail-open plans are limited per replica, fail-closed plans refused")]
        public static partial void SharedStoreUnavailable(ILogger logger, string reason);

        [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Rate-limit store (Redis) reachable again: limits are global again")]
        public static partial void SharedStoreRestored(ILogger logger);
    }
}

/// <summary>The result of applying a plan to one request.</summary>
/// <param name="Outcome">Allowed or why not.</param>
/// <param name="Plan">The plan applied.</param>
/// <param name="Policy">The policy applied (a per-replica share in fallback).</param>
/// <param name="BurstRemaining">Requests the bucket still holds.</param>
/// <param name="BurstResetAfter">When the bucket is full again.</param>
/// <param name="QuotaRemaining">Requests left today.</param>
/// <param name="QuotaResetAfter">Time until local midnight.</param>
/// <param name="RetryAfter">When refused: how long to wait.</param>
/// <param name="IsUnavailable">Refused because the shared store is unreachable and the plan fails closed.</param>
internal sealed record RateLimitResult(
    RateLimitOutcome Outcome,
    ConsumerPlan Plan,
    RateLimitPolicy Policy,
    long BurstRemaining,
    TimeSpan BurstResetAfter,
    long QuotaRemaining,
    TimeSpan QuotaResetAfter,
    TimeSpan RetryAfter,
    bool IsUnavailable)
{
    public static RateLimitResult Unavailable(ConsumerPlan plan) =>
        new(RateLimitOutcome.RateLimited, plan, default, 0, TimeSpan.Zero, 0, TimeSpan.Zero, TimeSpan.FromSeconds(1), IsUnavailable: true);
}
