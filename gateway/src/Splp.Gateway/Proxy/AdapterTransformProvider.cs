using Microsoft.Extensions.Options;
using Splp.Gateway.Catalog;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Splp.Gateway.Proxy;

/// <summary>
/// Adds the adapter's request and response transforms to every route whose service has an adapter. The
/// adapter instance comes from the catalog snapshot (built-in C# adapters and declarative ones from
/// configuration alike).
/// </summary>
internal sealed class AdapterTransformProvider(ServiceCatalogProvider catalog, IOptions<ProxyOptions> options, ILoggerFactory loggerFactory) : ITransformProvider
{
    /// <summary>Route metadata key holding the adapter name.</summary>
    public const string AdapterMetadataKey = "splp.adapter";

    /// <summary>The transform pair for one service's adapter.</summary>
    public AdapterTransform Create(PublishedService service, Splp.Adapters.IServiceAdapter adapter) =>
        new(service.Name, service.PathPrefix, adapter, options.Value.MaxAdaptedResponseBytes, options.Value.OversizedResponse, loggerFactory.CreateLogger<AdapterTransform>());

    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        if (context.Route.Metadata is null
            || !context.Route.Metadata.TryGetValue(AdapterMetadataKey, out var name)
            || !catalog.Current.Services.TryGetValue(context.Route.RouteId, out var service)
            || service.Adapter is not { } adapter
            || adapter.Name != name)
        {
            return;
        }

        var transform = Create(service, adapter);
        context.RequestTransforms.Add(transform.Request);
        context.ResponseTransforms.Add(transform.Response);
    }
}
