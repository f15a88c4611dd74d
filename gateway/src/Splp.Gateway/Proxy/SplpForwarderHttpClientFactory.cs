using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Splp.Gateway.Proxy;

/// <summary>YARP's client factory with the gateway's connect timeout.</summary>
internal sealed class SplpForwarderHttpClientFactory(IOptions<ProxyOptions> options) : ForwarderHttpClientFactory
{
    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.ConnectTimeout = options.Value.ConnectTimeout;
    }
}
