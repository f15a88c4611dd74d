namespace Splp.Gateway.Ops;

/// <summary>One service's month as stored: the counters summed over every replica and flush, and the sampled minutes.</summary>
/// <param name="Counts">Exchanges, failures, latency buckets, conformance.</param>
/// <param name="ObservedMinutes">Minutes of the month in which at least one replica sampled the service's state.</param>
/// <param name="DownMinutes">Of those, minutes in which a replica found it down.</param>
internal sealed record StoredMonth(MonthlyCounts Counts, long ObservedMinutes, long DownMinutes);

/// <summary>Keeps the monthly report's figures: in memory (one replica, lost on restart) or in Redis (shared, durable).</summary>
internal interface IOpsReportStore
{
    /// <summary>Adds one replica's counts since its last flush to <paramref name="month"/> (<c>yyyy-MM</c>).</summary>
    Task AddAsync(string month, IReadOnlyDictionary<string, MonthlyCounts> deltas, CancellationToken cancellationToken);

    /// <summary>Marks minute <paramref name="minute"/> of the month observed for every sampled service, and down for those down.</summary>
    Task MarkMinuteAsync(string month, int minute, IReadOnlyList<(string Service, bool Down)> samples, CancellationToken cancellationToken);

    /// <summary>Every service with figures in <paramref name="month"/>.</summary>
    Task<IReadOnlyDictionary<string, StoredMonth>> ReadAsync(string month, CancellationToken cancellationToken);
}
