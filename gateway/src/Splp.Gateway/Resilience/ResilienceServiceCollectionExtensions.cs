using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Splp.Gateway.Proxy;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Splp.Gateway.Resilience;

/// <summary>Entry points of the resilience feature: retries, circuit breakers and passive health toward agency apps.</summary>
internal static class ResilienceServiceCollectionExtensions
{
    /// <summary>Registers the per-service pipelines, the circuit state source and passive health settings.</summary>
    public static IServiceCollection AddSplpResilience(this IServiceCollection services)
    {
        services.TryAddSingleton<ResilienceMetrics>();
        services.TryAddSingleton<ServiceResilienceRegistry>();
        services.TryAddSingleton<ICircuitStateSource>(sp => sp.GetRequiredService<ServiceResilienceRegistry>());
        services.AddSingleton<ITransformProvider, ResilienceTransformProvider>();
        services.AddSingleton<IPassiveHealthCheckPolicy, CircuitAwareFailureRatePolicy>();
        services.AddOptions<TransportFailureRateHealthPolicyOptions>()
            .Configure<IOptions<ProxyOptions>>((health, proxy) =>
            {
                health.DetectionWindowSize = proxy.Value.PassiveHealthDetectionWindow;
                health.MinimalTotalCountThreshold = proxy.Value.PassiveHealthMinimalTotalCount;
            });
        return services;
    }
}
