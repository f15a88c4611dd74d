using System.Diagnostics;
using Splp.Gateway.Catalog;
using Splp.Gateway.Proxy;
using Splp.Gateway.Validation;

namespace Splp.Gateway.Telemetry;

/// <summary>
/// Describes each exchange on its server span (the activity ASP.NET Core's hosting layer starts): the HTTP semantic
/// convention attributes (method, scheme, masked path, route, status, error type) and what the gateway knows about
/// the exchange — service, contract operation, consumer, adapter. Values are bounded: names from the catalog and
/// contracts, consumer ids from verified tokens; paths only masked (<see cref="PersonalDataMask"/>).
/// </summary>
/// <remarks>
/// This replaces OpenTelemetry's ASP.NET Core instrumentation, which subscribes to the hosting layer's
/// DiagnosticListener events and so costs every exchange a payload and a callback, recorded or not. Here an
/// unrecorded span (head sampling said no, or nobody listens) costs one property read. Operational paths
/// (<c>/metrics</c>, <c>/healthz</c>) are not recorded at all.
/// </remarks>
internal sealed class TelemetryMiddleware(RequestDelegate next, ServiceCatalogProvider catalog)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (Activity.Current is not { IsAllDataRequested: true } activity)
        {
            return next(context);
        }

        if (IsOperational(context.Request.Path))
        {
            // Scrapes and probes every few seconds are not exchanges: nothing of them is exported.
            activity.IsAllDataRequested = false;
            activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            return next(context);
        }

        return DescribeAsync(context, activity);
    }

    private async Task DescribeAsync(HttpContext context, Activity activity)
    {
        var request = context.Request;
        activity.SetTag("http.request.method", request.Method);
        activity.SetTag("url.scheme", request.Scheme);
        activity.SetTag("url.path", PersonalDataMask.Mask(request.Path.Value ?? "/"));
        activity.SetTag("network.protocol.version", ProtocolVersion(request.Protocol));
        if (request.Headers.UserAgent is { Count: > 0 } userAgent)
        {
            activity.SetTag("user_agent.original", userAgent.ToString());
        }

        try
        {
            await next(context);
        }
        catch (Exception ex)
        {
            activity.SetTag("error.type", ex.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error);
            throw;
        }

        var status = context.Response.StatusCode;
        activity.SetTag("http.response.status_code", status);
        if (status >= 500)
        {
            activity.SetTag("error.type", StatusText(status));
            activity.SetStatus(ActivityStatusCode.Error);
        }

        if ((context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText is { } route)
        {
            activity.SetTag("http.route", route);
            activity.DisplayName = request.Method + " " + route;
        }
        else
        {
            activity.DisplayName = request.Method;
        }

        if (context.Features.Get<Yarp.ReverseProxy.Model.IReverseProxyFeature>() is { } proxy)
        {
            var routeId = proxy.Route.Config.RouteId;
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
        }

        if (Consumers.ConsumerIdentity.Id(context.User) is { } consumer)
        {
            activity.SetTag(SplpTelemetry.ConsumerTag, consumer);
        }
    }

    internal static bool IsOperational(PathString path) =>
        path.StartsWithSegments("/metrics") || path.StartsWithSegments("/healthz");

    private static string ProtocolVersion(string protocol) => protocol switch
    {
        "HTTP/1.1" => "1.1",
        "HTTP/2" => "2",
        "HTTP/3" => "3",
        "HTTP/1.0" => "1.0",
        _ => protocol,
    };

    // error.type for a 5xx answer is the status code as text (semantic conventions); the common ones without allocating.
    private static string StatusText(int status) => status switch
    {
        500 => "500",
        502 => "502",
        503 => "503",
        504 => "504",
        _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
