using System.Collections.Concurrent;

namespace Splp.Gateway.RateLimiting;

/// <summary>
/// Rate and quota state in this process: the embedded default, and the per-replica fallback while Redis is
/// unreachable. Same arithmetic as <see cref="RedisRateLimitStore"/>'s script, line for line.
/// </summary>
internal sealed class InMemoryRateLimitStore : IRateLimitStore
{
    private const int SweepEvery = 4096;
    private const int SweepAbove = 1024;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private int _calls;

    public bool IsDistributed => false;

    public bool IsAvailable => true;

    internal int Count => _entries.Count;

    public ValueTask<StoreDecision> AcquireAsync(string key, RateLimitPolicy policy, long nowUs)
    {
        var entry = _entries.GetOrAdd(key, static _ => new Entry());
        StoreDecision decision;
        lock (entry)
        {
            decision = Evaluate(entry, policy, nowUs);
        }

        if (Interlocked.Increment(ref _calls) % SweepEvery == 0 && _entries.Count > SweepAbove)
        {
            Sweep(policy.Day.Key, nowUs);
        }

        return ValueTask.FromResult(decision);
    }

    private static StoreDecision Evaluate(Entry entry, RateLimitPolicy policy, long now)
    {
        if (entry.Day != policy.Day.Key)
        {
            entry.Day = policy.Day.Key;
            entry.Used = 0;
        }

        var used = policy.DailyQuota > 0 ? entry.Used : 0;
        var tat = now;
        var newTat = now;
        if (policy.EmissionIntervalUs > 0)
        {
            tat = Math.Max(entry.Tat, now);
            newTat = tat + policy.EmissionIntervalUs;
            if (newTat - now > policy.ToleranceUs)
            {
                return new StoreDecision(RateLimitOutcome.RateLimited, tat - now, newTat - now - policy.ToleranceUs, used);
            }
        }

        if (policy.DailyQuota > 0)
        {
            if (used >= policy.DailyQuota)
            {
                return new StoreDecision(RateLimitOutcome.QuotaExceeded, tat - now, 0, used);
            }

            used = ++entry.Used;
        }

        if (policy.EmissionIntervalUs > 0)
        {
            entry.Tat = newTat;
        }

        entry.LastUs = now;
        return new StoreDecision(RateLimitOutcome.Allowed, newTat - now, 0, used);
    }

    private void Sweep(string today, long now)
    {
        foreach (var (key, entry) in _entries)
        {
            // An entry whose bucket is full again and whose quota day is over holds nothing worth keeping.
            if (entry.Tat <= now && (entry.Day != today || entry.Used == 0) && now - entry.LastUs > 60_000_000)
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            }
        }
    }

    private sealed class Entry
    {
        public long Tat;
        public string? Day;
        public long Used;
        public long LastUs;
    }
}
