using Microsoft.Extensions.Primitives;
using Splp.Gateway.Auth;
using Splp.Gateway.Catalog;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Splp.Gateway.Proxy;

/// <summary>
/// Derives YARP routes and clusters from the service catalog, so the catalog stays the one source of
/// truth. A new proxy configuration is published whenever a new catalog snapshot is applied.
/// </summary>
internal sealed class CatalogProxyConfigProvider : IProxyConfigProvider
{
    /// <summary>Route metadata key holding the service name.</summary>
    public const string ServiceMetadataKey = "splp.service";

    private readonly ServiceCatalogProvider _catalog;

    public CatalogProxyConfigProvider(ServiceCatalogProvider catalog)
    {
        _catalog = catalog;
    }

    public IProxyConfig GetConfig()
    {
        // Take the token before the snapshot: a change in between then fires the token at once.
        var token = _catalog.GetChangeToken();
        return Build(_catalog.Current, token);
    }

    internal static CatalogProxyConfig Build(ServiceCatalog catalog, IChangeToken changeToken)
    {
        var routes = new List<RouteConfig>(catalog.Services.Count);
        var clusters = new List<ClusterConfig>(catalog.Services.Count);
        foreach (var service in catalog.Services.Values)
        {
            routes.Add(BuildRoute(service));
            clusters.Add(BuildCluster(service));
        }

        return new CatalogProxyConfig(routes, clusters, changeToken);
    }

    private static RouteConfig BuildRoute(PublishedService service) => new()
    {
        RouteId = service.Name,
        ClusterId = service.Name,
        Match = new RouteMatch { Path = service.PathPrefix + "/{**splpRest}" },
        AuthorizationPolicy = service.Anonymous ? "anonymous" : ServiceAuthorizationPolicyProvider.PolicyNameFor(service.Name),
        Metadata = service.Adapter is null
            ? new Dictionary<string, string> { [ServiceMetadataKey] = service.Name }
            : new Dictionary<string, string>
            {
                [ServiceMetadataKey] = service.Name,
                [AdapterTransformProvider.AdapterMetadataKey] = service.Adapter.Name,
                // A reloaded mapping is a new adapter instance: changing the route makes YARP rebuild its transforms.
                ["splp.adapter.instance"] = System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(service.Adapter).ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        Transforms =
        [
            new Dictionary<string, string> { ["PathRemovePrefix"] = service.PathPrefix },
            // The consumer's credentials are for the gateway, never for the agency app.
            new Dictionary<string, string> { ["RequestHeaderRemove"] = "Authorization" },
            new Dictionary<string, string> { ["RequestHeaderRemove"] = "Cookie" },
            // Upstream software banners are internals consumers must not see.
            new Dictionary<string, string> { ["ResponseHeaderRemove"] = "Server", ["When"] = "Always" },
            new Dictionary<string, string> { ["ResponseHeaderRemove"] = "X-Powered-By", ["When"] = "Always" },
            new Dictionary<string, string> { ["ResponseHeaderRemove"] = "X-AspNet-Version", ["When"] = "Always" },
        ],
    };

    private static ClusterConfig BuildCluster(PublishedService service)
    {
        var upstream = service.Upstream;
        var health = upstream.HealthCheck;
        return new ClusterConfig
        {
            ClusterId = service.Name,
            LoadBalancingPolicy = upstream.LoadBalancing,
            Destinations = upstream.Destinations.ToDictionary(
                d => d.Key,
                d => new DestinationConfig { Address = d.Value },
                StringComparer.Ordinal),
            HttpRequest = new ForwarderRequestConfig { ActivityTimeout = upstream.Timeout },
            HealthCheck = new HealthCheckConfig
            {
                // An app whose every destination is known to be down gets a fast 503, not a slow 502 per request.
                AvailableDestinationsPolicy = "HealthyAndUnknown",
                Active = new ActiveHealthCheckConfig
                {
                    Enabled = health.Enabled,
                    Interval = health.Interval,
                    Timeout = health.Timeout,
                    Path = health.Path,
                    Policy = "ConsecutiveFailures",
                },
                Passive = new PassiveHealthCheckConfig
                {
                    Enabled = upstream.PassiveHealth.Enabled,
                    Policy = Resilience.CircuitAwareFailureRatePolicy.PolicyName,
                    ReactivationPeriod = upstream.PassiveHealth.ReactivationPeriod ?? (health.Enabled ? health.Interval * 2 : TimeSpan.FromSeconds(30)),
                },
            },
            Metadata = new Dictionary<string, string>
            {
                [ServiceMetadataKey] = service.Name,
                ["ConsecutiveFailuresHealthPolicy.Threshold"] = "2",
                ["TransportFailureRateHealthPolicy.RateLimit"] = upstream.PassiveHealth.FailureRateLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };
    }

    internal sealed class CatalogProxyConfig(IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters, IChangeToken changeToken) : IProxyConfig
    {
        public IReadOnlyList<RouteConfig> Routes { get; } = routes;

        public IReadOnlyList<ClusterConfig> Clusters { get; } = clusters;

        public IChangeToken ChangeToken { get; } = changeToken;
    }
}
