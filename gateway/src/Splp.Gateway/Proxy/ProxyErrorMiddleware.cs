using Splp.Contracts.Problems;
using Splp.Gateway.Problems;
using Yarp.ReverseProxy.Forwarder;

namespace Splp.Gateway.Proxy;

/// <summary>
/// Turns YARP's forwarding failures (empty 502/503/504 responses) into problem+json with a stable type
/// and no upstream internals. Runs first in the proxy pipeline so it sees every failure.
/// </summary>
internal sealed partial class ProxyErrorMiddleware(RequestDelegate next, ILogger<ProxyErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);

        var error = context.Features.Get<IForwarderErrorFeature>();
        if (error is null || error.Error == ForwarderError.None || context.Response.HasStarted)
        {
            return;
        }

        // The service name, never the path: paths carry personal identifiers such as a NIK.
        var service = context.GetReverseProxyFeature().Route.Config.RouteId;
        if (Resilience.CircuitOpenResponse.Find(error.Exception) is { } open)
        {
            // Expected while a circuit is open: counted in splp.resilience.circuit_rejections, not logged per request.
            await Resilience.CircuitOpenResponse.WriteAsync(context, open, service);
            return;
        }

        Log.ForwardingFailed(logger, error.Error, service, error.Exception?.GetType().Name);
        var (status, type, title, detail) = error.Error switch
        {
            ForwarderError.Request => (502, ProblemTypes.UpstreamUnavailable, "Agency application unreachable",
                "The agency application refused or dropped the connection."),
            ForwarderError.RequestTimedOut => (504, ProblemTypes.UpstreamTimeout, "Agency application timed out",
                "The agency application did not answer within the service's timeout."),
            ForwarderError.NoAvailableDestinations => (503, ProblemTypes.ServiceUnavailable, "Service unavailable",
                "No healthy instance of the agency application is available; health checks keep probing it."),
            ForwarderError.RequestBodyClient when IsBadRequest(error.Exception, StatusCodes.Status408RequestTimeout) =>
                (408, ProblemTypes.RequestTimeout, "Request timeout", "The request body arrived too slowly."),
            ForwarderError.RequestBodyClient when IsBadRequest(error.Exception, StatusCodes.Status413PayloadTooLarge) =>
                (413, ProblemTypes.PayloadTooLarge, "Payload too large", "The request body exceeds the gateway's limit."),
            ForwarderError.RequestBodyClient => (400, ProblemTypes.InvalidRequest, "Invalid request body",
                "The request body could not be read."),
            ForwarderError.RequestBodyDestination => (502, ProblemTypes.UpstreamUnavailable, "Agency application unreachable",
                "The agency application stopped reading the request body."),
            ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled => (0, "", "", ""),
            _ => (502, ProblemTypes.UpstreamUnavailable, "Agency application unreachable",
                "The exchange with the agency application failed."),
        };

        if (status != 0)
        {
            await ProblemResponses.WriteAsync(context, status, type, title, detail);
        }
    }

    private static bool IsBadRequest(Exception? exception, int status)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is BadHttpRequestException bad && bad.StatusCode == status)
            {
                return true;
            }
        }

        return false;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Forwarding to service {Service} failed with {Error} ({ExceptionType})")]
        public static partial void ForwardingFailed(ILogger logger, ForwarderError error, string service, string? exceptionType);
    }
}
