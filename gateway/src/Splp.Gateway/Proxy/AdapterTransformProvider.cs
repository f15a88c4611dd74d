using Microsoft.Extensions.Options;
using Splp.Adapters;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Splp.Gateway.Proxy;

/// <summary>Adds the adapter's request and response transforms to every route whose service has an adapter.</summary>
internal sealed class AdapterTransformProvider(IEnumerable<IServiceAdapter> adapters, IOptions<ProxyOptions> options, ILoggerFactory loggerFactory) : ITransformProvider
{
    /// <summary>Route metadata key holding the adapter name.</summary>
    public const string AdapterMetadataKey = "splp.adapter";

    private readonly Dictionary<string, IServiceAdapter> _adapters = adapters.ToDictionary(a => a.Name, StringComparer.Ordinal);

    public void ValidateRoute(TransformRouteValidationContext context)
    {
        if (context.Route.Metadata?.TryGetValue(AdapterMetadataKey, out var name) == true && !_adapters.ContainsKey(name))
        {
            context.Errors.Add(new InvalidOperationException($"Route '{context.Route.RouteId}' names unknown adapter '{name}'."));
        }
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        if (context.Route.Metadata is null
            || !context.Route.Metadata.TryGetValue(AdapterMetadataKey, out var name)
            || !_adapters.TryGetValue(name, out var adapter))
        {
            return;
        }

        var transform = new AdapterTransform(
            context.Route.RouteId,
            adapter,
            options.Value.MaxAdaptedResponseBytes,
            loggerFactory.CreateLogger<AdapterTransform>());
        context.RequestTransforms.Add(transform.Request);
        context.ResponseTransforms.Add(transform.Response);
    }
}
