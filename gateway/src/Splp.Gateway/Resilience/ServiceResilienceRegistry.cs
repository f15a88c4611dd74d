using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Primitives;
using Splp.Gateway.Catalog;

namespace Splp.Gateway.Resilience;

/// <summary>
/// Holds each service's <see cref="ServiceResilience"/> and follows catalog reloads: a service whose resilience
/// settings changed gets a new pipeline (and a closed breaker), one whose settings did not keeps its pipeline and
/// breaker state, a removed service's pipeline is dropped. Also the <see cref="ICircuitStateSource"/> for the
/// inventory, the ops dashboard and the circuit state gauge.
/// </summary>
internal sealed class ServiceResilienceRegistry : ICircuitStateSource, IDisposable
{
    private readonly ServiceCatalogProvider _catalog;
    private readonly TimeProvider _time;
    private readonly ResilienceMetrics _metrics;
    private readonly ILogger<ServiceResilienceRegistry> _logger;
    private readonly IDisposable _subscription;
    private readonly Lock _gate = new();
    private FrozenDictionary<string, ServiceResilience> _services = FrozenDictionary<string, ServiceResilience>.Empty;

    public ServiceResilienceRegistry(ServiceCatalogProvider catalog, TimeProvider time, ResilienceMetrics metrics, ILogger<ServiceResilienceRegistry> logger)
    {
        _catalog = catalog;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        Apply(catalog.Current);
        _subscription = ChangeToken.OnChange(catalog.GetChangeToken, () => Apply(_catalog.Current));
        metrics.ObserveStates(ObserveStates);
    }

    /// <summary>The resilience of <paramref name="service"/>, or null when the catalog has no such service.</summary>
    public ServiceResilience? Get(string service) =>
        Volatile.Read(ref _services).GetValueOrDefault(service);

    /// <inheritdoc />
    public CircuitState GetState(string service) => Get(service)?.State ?? CircuitState.Disabled;

    /// <summary>Rebuilds the pipelines whose settings changed in <paramref name="catalog"/>.</summary>
    internal void Apply(ServiceCatalog catalog)
    {
        lock (_gate)
        {
            var previous = _services;
            var next = new Dictionary<string, ServiceResilience>(StringComparer.Ordinal);
            foreach (var service in catalog.Services.Values)
            {
                var settings = ResilienceSettings.From(service.Resilience);
                if (previous.TryGetValue(service.Name, out var existing) && existing.Settings == settings)
                {
                    next[service.Name] = existing;
                    continue;
                }

                next[service.Name] = new ServiceResilience(service.Name, settings, _time, _metrics, _logger);
                if (existing is not null)
                {
                    ResilienceLog.PipelineBuilt(_logger, service.Name);
                }
            }

            Volatile.Write(ref _services, next.ToFrozenDictionary(StringComparer.Ordinal));
        }
    }

    private IEnumerable<Measurement<int>> ObserveStates()
    {
        foreach (var (name, service) in Volatile.Read(ref _services))
        {
            var state = service.State;
            if (state != CircuitState.Disabled)
            {
                yield return new Measurement<int>(state switch
                {
                    CircuitState.Open => 1,
                    CircuitState.HalfOpen => 2,
                    _ => 0,
                }, new KeyValuePair<string, object?>("service", name));
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _subscription.Dispose();
}
