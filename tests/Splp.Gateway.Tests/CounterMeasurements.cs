using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Splp.Gateway.Tests;

/// <summary>
/// An <see cref="IMeterFactory"/> of its own and the sums of every <c>long</c> counter its meters record, by
/// instrument name and by <c>name;tag=value;...</c> (tags in the order recorded).
/// </summary>
internal sealed class CounterMeasurements : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    public CounterMeasurements()
    {
        MeterFactory = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, MeterFactory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var name = instrument.Name;
            foreach (var tag in tags)
            {
                name += $";{tag.Key}={tag.Value}";
            }

            lock (_counts)
            {
                _counts[name] = _counts.GetValueOrDefault(name) + value;
                if (name != instrument.Name)
                {
                    _counts[instrument.Name] = _counts.GetValueOrDefault(instrument.Name) + value;
                }
            }
        });
        _listener.Start();
    }

    /// <summary>The factory whose meters are counted.</summary>
    public IMeterFactory MeterFactory { get; }

    /// <summary>A measurement total, by instrument name or by <c>name;tag=value;...</c> in tag order.</summary>
    public long Count(string name)
    {
        lock (_counts)
        {
            return _counts.GetValueOrDefault(name);
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }
}
