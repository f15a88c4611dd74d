using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Splp.Gateway.Resilience;

/// <summary>
/// YARP's transport failure-rate passive health policy, except that requests refused by the service's open circuit
/// are not reported at all: a refusal is the breaker's decision, not a failure (nor a success) of the destination,
/// so it must not take destinations out of the rotation.
/// </summary>
internal sealed class CircuitAwareFailureRatePolicy(IServiceProvider services) : IPassiveHealthCheckPolicy
{
    /// <summary>The policy name clusters use.</summary>
    public const string PolicyName = "SplpTransportFailureRate";

    private IPassiveHealthCheckPolicy? _inner;

    public string Name => PolicyName;

    public void RequestProxied(HttpContext context, ClusterState cluster, DestinationState destination)
    {
        if (CircuitOpenResponse.Find(context.Features.Get<Yarp.ReverseProxy.Forwarder.IForwarderErrorFeature>()?.Exception) is not null)
        {
            return;
        }

        // Resolved on first use: the policies are resolved as a set, this one among them.
        _inner ??= services.GetServices<IPassiveHealthCheckPolicy>().Single(p => p.Name == HealthCheckConstants.PassivePolicy.TransportFailureRate);
        _inner.RequestProxied(context, cluster, destination);
    }
}
