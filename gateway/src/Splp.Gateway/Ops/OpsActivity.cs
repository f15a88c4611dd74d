using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Splp.Gateway.Ops;

/// <summary>A failed exchange as the dashboard lists it: no path, body, query or personal data.</summary>
/// <param name="Time">When it ended.</param>
/// <param name="Service">The service.</param>
/// <param name="Operation">The contract operation id, when resolved.</param>
/// <param name="Status">The status the caller got.</param>
/// <param name="Kind">The outcome name (e.g. <c>timeout</c>).</param>
/// <param name="ProblemType">The problem type the gateway answered with, if any.</param>
/// <param name="TraceId">The W3C trace id, to find the exchange in traces and logs.</param>
/// <param name="Consumer">The consumer id, for authenticated callers.</param>
/// <param name="UpstreamStatus">The agency app's own status, when the gateway withheld its answer.</param>
internal sealed record FailedExchange(DateTimeOffset Time, string Service, string? Operation, int Status, string Kind, string? ProblemType, string? TraceId, string? Consumer, int? UpstreamStatus = null);

/// <summary>Every service's counters on this replica, and a bounded ring of the most recent failed exchanges.</summary>
internal sealed class OpsActivity
{
    private readonly ConcurrentDictionary<string, ServiceActivity> _services = new(StringComparer.Ordinal);
    private readonly FailedExchange?[] _failures;
    private readonly TimeProvider _time;
    private readonly TimeSpan _window;
    private long _failureCount;

    public OpsActivity(IOptions<OpsOptions> options, TimeProvider time)
    {
        _time = time;
        _window = options.Value.Window;
        _failures = new FailedExchange?[options.Value.RecentFailures];
        Started = time.GetUtcNow();
    }

    /// <summary>When this replica started tracking.</summary>
    public DateTimeOffset Started { get; }

    public TimeProvider Time => _time;

    public ServiceActivity For(string service) =>
        _services.TryGetValue(service, out var found) ? found : _services.GetOrAdd(service, static (name, self) => new ServiceActivity(name, self._window, self.Started), this);

    public IEnumerable<ServiceActivity> Services => _services.Values;

    public void Failed(FailedExchange failure)
    {
        var at = Interlocked.Increment(ref _failureCount) - 1;
        Volatile.Write(ref _failures[at % _failures.Length], failure);
    }

    /// <summary>The most recent failures, newest first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<FailedExchange> RecentFailures(int limit)
    {
        var count = Volatile.Read(ref _failureCount);
        var take = (int)Math.Min(Math.Min(count, _failures.Length), limit);
        var list = new List<FailedExchange>(take);
        for (long i = count - 1; i >= 0 && list.Count < take; i--)
        {
            if (Volatile.Read(ref _failures[i % _failures.Length]) is { } f)
            {
                list.Add(f);
            }
        }

        return list.OrderByDescending(f => f.Time).ToList();
    }
}
