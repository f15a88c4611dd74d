using Splp.Gateway.Catalog;

namespace Splp.Gateway.Proxy;

/// <summary>
/// Runs the service adapter's request mapping in the proxy pipeline, before YARP creates the upstream
/// request: an unknown operation or invalid parameter is answered here without forwarding, and a request
/// body is rewritten into the upstream's shape.
/// </summary>
internal sealed class AdapterRequestMiddleware(RequestDelegate next, ServiceCatalogProvider catalog, AdapterTransformProvider transforms)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var routeId = context.GetReverseProxyFeature().Route.Config.RouteId;
        if (!catalog.Current.Services.TryGetValue(routeId, out var service) || service.Adapter is not { } adapter)
        {
            await next(context);
            return;
        }

        var path = service.ContractPath(context.Request.Path);
        if (await transforms.Create(service, adapter).PrepareAsync(context, path))
        {
            await next(context);
        }
    }
}
