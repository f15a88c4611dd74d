using System.Globalization;
using Polly.CircuitBreaker;
using Splp.Contracts.Problems;
using Splp.Gateway.Problems;

namespace Splp.Gateway.Resilience;

/// <summary>The answer to a request its service's open circuit refused: 503 <c>circuit-open</c> with Retry-After.</summary>
internal static class CircuitOpenResponse
{
    /// <summary>The open circuit's refusal in a forwarding failure, or null when the failure is something else.</summary>
    public static BrokenCircuitException? Find(Exception? exception)
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

    /// <summary>Writes the 503; the upstream was not called.</summary>
    public static Task WriteAsync(HttpContext context, BrokenCircuitException open, string service)
    {
        context.RequestServices.GetService<ResilienceMetrics>()?.CircuitRejection(service);
        var retryAfter = Math.Max(1, (int)Math.Ceiling((open.RetryAfter ?? TimeSpan.FromSeconds(1)).TotalSeconds));
        context.Response.Clear();
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        return ProblemResponses.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ProblemTypes.CircuitOpen,
            "Service temporarily unavailable",
            "The agency application failed repeatedly; the gateway stops calling it for a while to let it recover. Retry later.",
            keepHeaders: true);
    }
}
