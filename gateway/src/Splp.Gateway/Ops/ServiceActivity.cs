namespace Splp.Gateway.Ops;

/// <summary>
/// One service's counters: a rolling window of slots (for the dashboard and the state rules), lifetime counts by
/// outcome, the last successful exchange, and the counts not yet flushed to the monthly report. Recording is a
/// handful of interlocked increments and no allocation; a slot is cleared under its own lock only when time has
/// moved it to a new interval (a few increments racing that clear may be lost — figures, not accounts).
/// </summary>
internal sealed class ServiceActivity
{
    private const int SlotCount = 10;

    private readonly Slot[] _slots;
    private readonly long _slotTicks;
    private readonly long[] _byOutcome = new long[ExchangeOutcomes.Count];
    private readonly MonthlyCounts _pending = new();
    private long _lastSuccessTicks;

    public ServiceActivity(string service, TimeSpan window, DateTimeOffset trackedSince)
    {
        Service = service;
        TrackedSince = trackedSince;
        _slotTicks = Math.Max(1, window.Ticks / SlotCount);
        _slots = new Slot[SlotCount];
        for (var i = 0; i < SlotCount; i++)
        {
            _slots[i] = new Slot();
        }
    }

    public string Service { get; }

    /// <summary>When this replica started watching the service (the baseline for "inactive").</summary>
    public DateTimeOffset TrackedSince { get; }

    /// <summary>The last exchange that ended in success, on this replica.</summary>
    public DateTimeOffset? LastSuccess => Volatile.Read(ref _lastSuccessTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    /// <summary>The state, its start and the last healthy check, guarded by <see cref="StateLock"/>.</summary>
    public ServiceStateRecord State { get; set; }

    public Lock StateLock { get; } = new();

    public long CountOf(ExchangeOutcome outcome) => Volatile.Read(ref _byOutcome[(int)outcome]);

    public void Record(DateTimeOffset now, double milliseconds, ExchangeOutcome outcome, bool validated, bool violated)
    {
        Interlocked.Increment(ref _byOutcome[(int)outcome]);
        if (outcome == ExchangeOutcome.Canceled)
        {
            return;
        }

        var bucket = LatencyBuckets.IndexOf(milliseconds);
        var failure = outcome.IsFailure();
        var client = outcome == ExchangeOutcome.ClientError;
        if (outcome == ExchangeOutcome.Success)
        {
            var ticks = now.UtcTicks;
            if (ticks > Volatile.Read(ref _lastSuccessTicks))
            {
                Volatile.Write(ref _lastSuccessTicks, ticks);
            }
        }

        var slot = Current(now.UtcTicks);
        slot.Counts.Add(bucket, failure, client, validated, violated);
        _pending.Add(bucket, failure, client, validated, violated);
    }

    /// <summary>Sums the slots still inside the window ending at <paramref name="now"/>.</summary>
    public WindowStats Window(DateTimeOffset now)
    {
        var epoch = now.UtcTicks / _slotTicks;
        var sum = new MonthlyCounts();
        foreach (var slot in _slots)
        {
            var slotEpoch = Volatile.Read(ref slot.Epoch);
            if (slotEpoch > epoch - SlotCount && slotEpoch <= epoch)
            {
                sum.AddFrom(slot.Counts);
            }
        }

        var covered = TimeSpan.FromTicks(Math.Min(_slotTicks * SlotCount, Math.Max(_slotTicks, now.UtcTicks - TrackedSince.UtcTicks)));
        return new WindowStats(sum.Requests, sum.Failures, sum.ClientErrors, sum.Validated, sum.Violations, LatencyBuckets.Percentile(sum.Buckets, 0.95), covered);
    }

    /// <summary>Takes (and zeroes) what was counted since the last call, for the monthly report.</summary>
    public MonthlyCounts TakePending() => _pending.Take();

    /// <summary>Puts back counts a failed flush could not store.</summary>
    public void ReturnPending(MonthlyCounts counts) => _pending.AddInterlocked(counts);

    private Slot Current(long ticks)
    {
        var epoch = ticks / _slotTicks;
        var slot = _slots[(int)(epoch % SlotCount)];
        if (Volatile.Read(ref slot.Epoch) != epoch)
        {
            lock (slot)
            {
                if (slot.Epoch < epoch)
                {
                    slot.Counts.Take();
                    Volatile.Write(ref slot.Epoch, epoch);
                }
            }
        }

        return slot;
    }

    private sealed class Slot
    {
        public long Epoch = -1;
        public readonly MonthlyCounts Counts = new();
    }
}

/// <summary>Counters that add up across slots, flushes and replicas.</summary>
internal sealed class MonthlyCounts
{
    public long Requests;
    public long Failures;
    public long ClientErrors;
    public long Validated;
    public long Violations;
    public readonly long[] Buckets = new long[LatencyBuckets.Count];

    public bool IsEmpty => Requests == 0 && Validated == 0;

    public void Add(int bucket, bool failure, bool client, bool validated, bool violated)
    {
        Interlocked.Increment(ref Requests);
        Interlocked.Increment(ref Buckets[bucket]);
        if (failure)
        {
            Interlocked.Increment(ref Failures);
        }

        if (client)
        {
            Interlocked.Increment(ref ClientErrors);
        }

        if (validated)
        {
            Interlocked.Increment(ref Validated);
            if (violated)
            {
                Interlocked.Increment(ref Violations);
            }
        }
    }

    public void AddFrom(MonthlyCounts other)
    {
        Requests += Volatile.Read(ref other.Requests);
        Failures += Volatile.Read(ref other.Failures);
        ClientErrors += Volatile.Read(ref other.ClientErrors);
        Validated += Volatile.Read(ref other.Validated);
        Violations += Volatile.Read(ref other.Violations);
        for (var i = 0; i < Buckets.Length; i++)
        {
            Buckets[i] += Volatile.Read(ref other.Buckets[i]);
        }
    }

    public void AddInterlocked(MonthlyCounts other)
    {
        Interlocked.Add(ref Requests, other.Requests);
        Interlocked.Add(ref Failures, other.Failures);
        Interlocked.Add(ref ClientErrors, other.ClientErrors);
        Interlocked.Add(ref Validated, other.Validated);
        Interlocked.Add(ref Violations, other.Violations);
        for (var i = 0; i < Buckets.Length; i++)
        {
            Interlocked.Add(ref Buckets[i], other.Buckets[i]);
        }
    }

    public MonthlyCounts Take()
    {
        var taken = new MonthlyCounts
        {
            Requests = Interlocked.Exchange(ref Requests, 0),
            Failures = Interlocked.Exchange(ref Failures, 0),
            ClientErrors = Interlocked.Exchange(ref ClientErrors, 0),
            Validated = Interlocked.Exchange(ref Validated, 0),
            Violations = Interlocked.Exchange(ref Violations, 0),
        };
        for (var i = 0; i < Buckets.Length; i++)
        {
            taken.Buckets[i] = Interlocked.Exchange(ref Buckets[i], 0);
        }

        return taken;
    }
}

/// <summary>The rolling window's figures.</summary>
internal sealed record WindowStats(long Requests, long Failures, long ClientErrors, long Validated, long Violations, double? P95Ms, TimeSpan Covered)
{
    /// <summary>Failures per exchange (4xx excluded from failures, included in exchanges); null without traffic.</summary>
    public double? ErrorRate => Requests == 0 ? null : (double)Failures / Requests;

    /// <summary>Share of validated exchanges without a contract violation; null when nothing was validated.</summary>
    public double? Conformance => Validated == 0 ? null : 1.0 - ((double)Violations / Validated);

    /// <summary>Exchanges per minute over the covered part of the window.</summary>
    public double PerMinute => Covered <= TimeSpan.Zero ? 0 : Requests / Covered.TotalMinutes;
}
