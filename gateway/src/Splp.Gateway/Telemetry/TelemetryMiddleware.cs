using System.Diagnostics;
using Splp.Gateway.Catalog;
using Splp.Gateway.Proxy;
using Splp.Gateway.Validation;

namespace Splp.Gateway.Telemetry;

/// <summary>
/// Tags the exchange's server span with what the gateway knows about it — service, contract operation,
/// consumer, adapter — after the contract and adapter steps resolved them. Values are bounded: names from
/// the catalog and contracts, consumer ids from verified tokens; never paths or personal data.
/// </summary>
internal sealed class TelemetryMiddleware(RequestDelegate next, ServiceCatalogProvider catalog)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        finally
        {
            if (Activity.Current is { IsAllDataRequested: true } activity)
            {
                var routeId = context.GetReverseProxyFeature().Route.Config.RouteId;
                activity.SetTag(SplpTelemetry.ServiceTag, routeId);
                var operation = context.Features.Get<ContractExchange>()?.Operation.OperationId
                    ?? context.Features.Get<AdapterExchange>()?.OperationId;
                if (operation is not null)
                {
                    activity.SetTag(SplpTelemetry.OperationTag, operation);
                }

                if (catalog.Current.Services.TryGetValue(routeId, out var service) && service.Adapter is { } adapter)
                {
                    activity.SetTag(SplpTelemetry.AdapterTag, adapter.Name);
                }

                if (Consumers.ConsumerIdentity.Id(context.User) is { } consumer)
                {
                    activity.SetTag(SplpTelemetry.ConsumerTag, consumer);
                }
            }
        }
    }
}
