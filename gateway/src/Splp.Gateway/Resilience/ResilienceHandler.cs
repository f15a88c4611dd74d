using Polly;

namespace Splp.Gateway.Resilience;

/// <summary>
/// The message handler YARP's client for one cluster (service) sends through: runs each consumer request through
/// the service's current pipeline, looked up per request so catalog reloads apply without new clients.
/// </summary>
internal sealed class ResilienceHandler(string service, ServiceResilienceRegistry registry, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Only consumers' requests carry the consumer's abort token (set by ResilienceTransformProvider). YARP's active
        // health probes share this client: they are neither retried, nor refused by, nor counted in the breaker.
        var resilience = registry.Get(service);
        if (resilience is null || resilience.IsPassThrough || !request.Options.TryGetValue(ServiceResilience.ClientAbortedKey, out _))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        resilience.Budget?.RecordRequest();
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(ServiceResilience.RequestKey, request);
        try
        {
            return await resilience.Pipeline.ExecuteAsync(
                static (context, state) => new ValueTask<HttpResponseMessage>(state.Handler.SendOnceAsync(state.Request, context.CancellationToken)),
                context,
                (Handler: this, Request: request));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
