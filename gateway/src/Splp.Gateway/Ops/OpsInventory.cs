using Microsoft.Extensions.Options;
using Splp.Gateway.Catalog;
using Splp.Gateway.Resilience;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace Splp.Gateway.Ops;

/// <summary>A destination's health as the inventory shows it.</summary>
internal sealed record DestinationView(string Id, string Health);

/// <summary>The rolling window's figures as the inventory shows them.</summary>
internal sealed record WindowView(int Seconds, long Requests, double PerMinute, long Failures, long ClientErrors, double? ErrorRate, double? P95Ms, long Validated, double? Conformance);

/// <summary>One service in the inventory.</summary>
internal sealed record ServiceView(
    string Name,
    string DisplayName,
    string Agency,
    string AgencyName,
    string Contract,
    string Validation,
    string State,
    DateTimeOffset Since,
    string Reason,
    DateTimeOffset? LastSuccess,
    DateTimeOffset? LastHealthyCheck,
    string Upstream,
    IReadOnlyList<DestinationView> Destinations,
    string Circuit,
    WindowView Window,
    IReadOnlyDictionary<string, long> Outcomes);

/// <summary>
/// Evaluates every catalog service's state from its destinations' health (YARP), its circuit (when a
/// <see cref="ICircuitStateSource"/> is registered) and its traffic, keeping each state's since-when.
/// </summary>
internal sealed class OpsInventory(
    ServiceCatalogProvider catalog,
    IProxyStateLookup proxyState,
    OpsActivity activity,
    IOptions<OpsOptions> options,
    IServiceProvider services)
{
    private readonly ICircuitStateSource? _circuits = services.GetService<ICircuitStateSource>();

    /// <summary>Evaluates and returns every catalog service, by name.</summary>
    public IReadOnlyList<ServiceView> Evaluate()
    {
        var now = activity.Time.GetUtcNow();
        var settings = options.Value;
        var views = new List<ServiceView>();
        foreach (var service in catalog.Current.Services.Values.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            var destinations = new List<DestinationView>();
            int healthy = 0, unhealthy = 0;
            if (proxyState.TryGetCluster(service.Name, out var cluster))
            {
                foreach (var destination in cluster.Destinations.Values)
                {
                    var health = Describe(destination);
                    healthy += health == "healthy" ? 1 : 0;
                    unhealthy += health == "unhealthy" ? 1 : 0;
                    destinations.Add(new DestinationView(destination.DestinationId, health));
                }
            }

            var summary = new HealthSummary(destinations.Count, healthy, unhealthy);
            CircuitState? circuit = _circuits?.GetState(service.Name);
            var tracked = activity.For(service.Name);
            var window = tracked.Window(now);
            ServiceStateRecord state;
            lock (tracked.StateLock)
            {
                var previous = tracked.State;
                var lastHealthy = healthy > 0 ? now : previous.LastHealthy;
                var (next, reason) = ServiceStateRules.Evaluate(settings, now, tracked.TrackedSince, tracked.LastSuccess, lastHealthy, summary, circuit, window);
                state = ServiceStateRules.Next(previous, next, reason, now, lastHealthy);
                tracked.State = state;
            }

            var outcomes = new Dictionary<string, long>(StringComparer.Ordinal);
            for (var i = 0; i < ExchangeOutcomes.Count; i++)
            {
                var outcome = (ExchangeOutcome)i;
                outcomes[outcome.Name()] = tracked.CountOf(outcome);
            }

            views.Add(new ServiceView(
                service.Name,
                service.DisplayName,
                service.AgencyId,
                service.AgencyName,
                service.Contract.ToString(),
                service.ContractDocument is null ? "none" : service.Validation.ToString().ToLowerInvariant(),
                state.State.Name(),
                state.Since,
                state.Reason,
                tracked.LastSuccess,
                state.LastHealthy,
                summary.Describe(),
                destinations,
                circuit is { } c ? Name(c) : "n/a",
                new WindowView((int)window.Covered.TotalSeconds, window.Requests, Math.Round(window.PerMinute, 2), window.Failures, window.ClientErrors,
                    Round(window.ErrorRate), window.P95Ms, window.Validated, Round(window.Conformance)),
                outcomes));
        }

        return views;
    }

    private static double? Round(double? share) => share is { } s ? Math.Round(s, 4) : null;

    private static string Name(CircuitState state) => state switch
    {
        CircuitState.Closed => "closed",
        CircuitState.Open => "open",
        CircuitState.HalfOpen => "half-open",
        _ => "disabled",
    };

    private static string Describe(DestinationState destination)
    {
        var health = destination.Health;
        if (health.Active == DestinationHealth.Unhealthy || health.Passive == DestinationHealth.Unhealthy)
        {
            return "unhealthy";
        }

        return health.Active == DestinationHealth.Healthy ? "healthy" : "unknown";
    }
}
