using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Splp.Gateway.Redis;

namespace Splp.Gateway.Ops;

/// <summary>Registers service states, the ops dashboard and the monthly report.</summary>
internal static class OpsServiceCollectionExtensions
{
    public static IServiceCollection AddSplpOps(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OpsOptions>()
            .Bind(configuration.GetSection(OpsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OpsOptions>, OpsOptionsValidator>());
        services.TryAddSingleton<OpsActivity>();
        services.TryAddSingleton<OpsInventory>();
        services.TryAddSingleton<OpsAccess>();
        services.TryAddSingleton<OpsSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<OpsSampler>());
        if (configuration.GetSection(RedisOptions.SectionName).Get<RedisOptions>()?.IsConfigured == true)
        {
            services.AddSplpRedis(configuration);
            services.Replace(ServiceDescriptor.Singleton<IOpsReportStore, RedisOpsReportStore>());
        }
        else
        {
            services.TryAddSingleton<IOpsReportStore, InMemoryOpsReportStore>();
        }

        return services;
    }

    /// <summary>Counts every proxied exchange; goes first in the proxy pipeline.</summary>
    public static IApplicationBuilder UseSplpOpsActivity(this IApplicationBuilder proxy) => proxy.UseMiddleware<OpsActivityMiddleware>();
}
