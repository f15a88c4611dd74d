using System.Text.Json.Serialization;
using Splp.Gateway.Catalog;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace Splp.Gateway.Health;

/// <summary>
/// <c>/healthz/live</c>: the process runs. <c>/healthz/ready</c>: this gateway can serve (its catalog is
/// loaded). Agency apps being down never makes the gateway unready — a load balancer would otherwise take
/// every replica out of rotation for one agency's outage; their state is reported in the body instead.
/// </summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapSplpHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz/live", () => TypedResults.Ok(new LiveReport("live")))
            .AllowAnonymous()
            .ExcludeFromDescription();

        endpoints.MapGet("/healthz/ready", IResult (ServiceCatalogProvider catalog, IProxyStateLookup proxyState, DrainState drain, IServiceProvider services) =>
            {
                var current = catalog.Current;
                var reports = new List<ServiceHealthReport>(current.Services.Count);
                foreach (var service in current.Services.Values)
                {
                    var destinations = new List<DestinationHealthReport>();
                    if (proxyState.TryGetCluster(service.Name, out var cluster))
                    {
                        foreach (var destination in cluster.Destinations.Values)
                        {
                            destinations.Add(new DestinationHealthReport(destination.DestinationId, Describe(destination)));
                        }
                    }

                    reports.Add(new ServiceHealthReport(service.Name, service.AgencyId, Summarize(destinations)));
                }

                var report = new ReadyReport(
                    drain.IsDraining ? "draining" : "ready",
                    new CatalogReport(current.Revision, current.LoadedAt, current.Services.Count, catalog.RejectedReloads, catalog.LastErrors, catalog.RejectedSources),
                    DescribeRedis(services),
                    reports);
                // Shutting down (SIGTERM): 503 so the load balancer stops sending here while in-flight exchanges finish.
                return drain.IsDraining ? TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable) : TypedResults.Ok(report);
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
        return endpoints;
    }

    // Redis being down does not make the gateway unready: each rate-limit plan says whether it then fails
    // open (per-replica limits) or closed (503); the cache falls back to memory.
    private static string DescribeRedis(IServiceProvider services)
    {
        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Redis.RedisOptions>>().Value;
        if (string.IsNullOrWhiteSpace(options.Configuration))
        {
            return "not-configured";
        }

        return services.GetRequiredService<Redis.SplpRedisConnection>().IsConnected ? "connected" : "disconnected";
    }

    private static string Describe(DestinationState destination)
    {
        var health = destination.Health;
        if (health.Active == DestinationHealth.Unhealthy || health.Passive == DestinationHealth.Unhealthy)
        {
            return "unhealthy";
        }

        return health.Active == DestinationHealth.Healthy ? "healthy" : "unknown";
    }

    private static string Summarize(List<DestinationHealthReport> destinations)
    {
        if (destinations.Count == 0)
        {
            return "unknown";
        }

        var healthy = destinations.Count(d => d.Health == "healthy");
        var unhealthy = destinations.Count(d => d.Health == "unhealthy");
        return unhealthy == destinations.Count ? "down"
            : unhealthy > 0 ? "degraded"
            : healthy == destinations.Count ? "up"
            : "unknown";
    }

    internal sealed record LiveReport([property: JsonPropertyName("status")] string Status);

    internal sealed record ReadyReport(
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("catalog")] CatalogReport Catalog,
        [property: JsonPropertyName("redis")] string Redis,
        [property: JsonPropertyName("services")] IReadOnlyList<ServiceHealthReport> Services);

    internal sealed record CatalogReport(
        [property: JsonPropertyName("revision")] long Revision,
        [property: JsonPropertyName("loadedAt")] DateTimeOffset LoadedAt,
        [property: JsonPropertyName("services")] int Services,
        [property: JsonPropertyName("rejectedReloads")] long RejectedReloads,
        [property: JsonPropertyName("lastErrors")] IReadOnlyList<string> LastErrors,
        [property: JsonPropertyName("rejectedSources")] IReadOnlyList<RejectedSource> RejectedSources);

    internal sealed record ServiceHealthReport(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("agency")] string Agency,
        [property: JsonPropertyName("upstream")] string Upstream);

    internal sealed record DestinationHealthReport(string Id, string Health);
}
