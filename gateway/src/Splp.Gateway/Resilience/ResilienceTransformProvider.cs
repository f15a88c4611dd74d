using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Splp.Gateway.Resilience;

/// <summary>
/// Hands the consumer's RequestAborted token to the resilience handler on the outgoing request, so a request the
/// consumer abandoned is not counted as the app's failure by the circuit breaker.
/// </summary>
internal sealed class ResilienceTransformProvider : ITransformProvider
{
    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context) =>
        context.AddRequestTransform(static transform =>
        {
            transform.ProxyRequest.Options.Set(ServiceResilience.ClientAbortedKey, transform.HttpContext.RequestAborted);
            return ValueTask.CompletedTask;
        });
}
