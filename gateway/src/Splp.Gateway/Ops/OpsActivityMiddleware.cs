using System.Diagnostics;
using Splp.Gateway.Proxy;
using Splp.Gateway.Validation;

namespace Splp.Gateway.Ops;

/// <summary>
/// Counts every proxied exchange for the ops figures: outcome, latency, contract conformance, last success,
/// and the recent failures (trace id and consumer, never the path). First in the proxy pipeline, so it sees the
/// status every other step settled on.
/// </summary>
internal sealed class OpsActivityMiddleware(RequestDelegate next, OpsActivity activity)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            Record(context, started);
        }
    }

    private void Record(HttpContext context, long started)
    {
        var elapsed = Stopwatch.GetElapsedTime(started);
        var service = context.GetReverseProxyFeature().Route.Config.RouteId;
        var problemType = context.Features.Get<ProblemTypeFeature>()?.Type;
        var status = context.Response.StatusCode;
        var withheld = context.Features.Get<WithheldUpstreamAnswer>()?.Status;
        var outcome = ExchangeOutcomes.Classify(status, problemType, context.RequestAborted.IsCancellationRequested, withheld);
        var exchange = context.Features.Get<ContractExchange>();
        var violated = context.Features.Get<ContractViolatedFeature>() is not null;
        var now = activity.Time.GetUtcNow();
        activity.For(service).Record(now, elapsed.TotalMilliseconds, outcome, exchange is not null || violated, violated);
        if (outcome.IsFailure())
        {
            activity.Failed(new FailedExchange(
                now,
                service,
                exchange?.Operation.OperationId ?? context.Features.Get<AdapterExchange>()?.OperationId,
                status,
                outcome.Name(),
                problemType,
                // The same id the problem document carried to the caller.
                Activity.Current?.TraceId.ToHexString() ?? context.TraceIdentifier,
                Consumers.ConsumerIdentity.Id(context.User),
                withheld));
        }
    }
}
