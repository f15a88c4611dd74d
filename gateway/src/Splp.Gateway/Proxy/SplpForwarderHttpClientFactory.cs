using Microsoft.Extensions.Options;
using Splp.Gateway.Resilience;
using Yarp.ReverseProxy.Forwarder;

namespace Splp.Gateway.Proxy;

/// <summary>YARP's client factory with the gateway's connect timeout and each service's resilience pipeline.</summary>
internal sealed class SplpForwarderHttpClientFactory(IOptions<ProxyOptions> options, ServiceResilienceRegistry resilience) : ForwarderHttpClientFactory
{
    protected override HttpMessageHandler WrapHandler(ForwarderHttpClientContext context, HttpMessageHandler handler) =>
        new ResilienceHandler(context.ClusterId, resilience, base.WrapHandler(context, handler));

    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.ConnectTimeout = options.Value.ConnectTimeout;
    }
}
