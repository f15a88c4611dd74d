using System.Collections;

namespace Splp.Gateway.Ops;

/// <summary>The embedded default: this replica's months in memory, lost on restart.</summary>
internal sealed class InMemoryOpsReportStore : IOpsReportStore
{
    private const int MinutesInLongestMonth = 31 * 24 * 60;

    private readonly Lock _lock = new();
    private readonly Dictionary<(string Month, string Service), Entry> _entries = [];

    public Task AddAsync(string month, IReadOnlyDictionary<string, MonthlyCounts> deltas, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            foreach (var (service, counts) in deltas)
            {
                EntryFor(month, service).Counts.AddFrom(counts);
            }
        }

        return Task.CompletedTask;
    }

    public Task MarkMinuteAsync(string month, int minute, IReadOnlyList<(string Service, bool Down)> samples, CancellationToken cancellationToken)
    {
        if (minute is < 0 or >= MinutesInLongestMonth)
        {
            return Task.CompletedTask;
        }

        lock (_lock)
        {
            foreach (var (service, down) in samples)
            {
                var entry = EntryFor(month, service);
                entry.Observed[minute] = true;
                if (down)
                {
                    entry.Down[minute] = true;
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, StoredMonth>> ReadAsync(string month, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, StoredMonth>(StringComparer.Ordinal);
        lock (_lock)
        {
            foreach (var ((m, service), entry) in _entries)
            {
                if (m == month)
                {
                    var copy = new MonthlyCounts();
                    copy.AddFrom(entry.Counts);
                    result[service] = new StoredMonth(copy, Count(entry.Observed), Count(entry.Down));
                }
            }
        }

        return Task.FromResult<IReadOnlyDictionary<string, StoredMonth>>(result);
    }

    private static long Count(BitArray bits)
    {
        long n = 0;
        foreach (bool bit in bits)
        {
            if (bit)
            {
                n++;
            }
        }

        return n;
    }

    private Entry EntryFor(string month, string service)
    {
        if (!_entries.TryGetValue((month, service), out var entry))
        {
            entry = new Entry();
            _entries[(month, service)] = entry;
        }

        return entry;
    }

    private sealed class Entry
    {
        public MonthlyCounts Counts { get; } = new();

        public BitArray Observed { get; } = new(MinutesInLongestMonth);

        public BitArray Down { get; } = new(MinutesInLongestMonth);
    }
}
