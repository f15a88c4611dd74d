using System.Globalization;
using Polly.CircuitBreaker;
using Splp.Contracts.Problems;
using Splp.Gateway.Problems;
using Yarp.ReverseProxy.Forwarder;

namespace Splp.Gateway.Resilience;

/// <summary>
/// Answers a request its service's open circuit refused with 503 <c>circuit-open</c> and Retry-After. Sits next to
/// the forwarder, inside passive health checking, and clears the forwarding error: a refusal is the breaker's
/// decision, not a failure of any destination, so it must not take destinations out of the rotation.
/// </summary>
internal sealed class CircuitOpenMiddleware(RequestDelegate next, ResilienceMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);

        var error = context.Features.Get<IForwarderErrorFeature>();
        if (error?.Exception is not { } exception || context.Response.HasStarted || Find(exception) is not { } open)
        {
            return;
        }

        context.Features.Set<IForwarderErrorFeature>(null);
        var service = context.GetReverseProxyFeature().Route.Config.RouteId;
        metrics.CircuitRejection(service);
        var retryAfter = Math.Max(1, (int)Math.Ceiling((open.RetryAfter ?? TimeSpan.FromSeconds(1)).TotalSeconds));
        context.Response.Clear();
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await ProblemResponses.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ProblemTypes.CircuitOpen,
            "Service temporarily unavailable",
            "The agency application failed repeatedly; the gateway stops calling it for a while to let it recover. Retry later.",
            keepHeaders: true);
    }

    private static BrokenCircuitException? Find(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is BrokenCircuitException open)
            {
                return open;
            }
        }

        return null;
    }
}
