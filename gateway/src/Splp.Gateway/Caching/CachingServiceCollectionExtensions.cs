using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Splp.Gateway.Redis;

namespace Splp.Gateway.Caching;

/// <summary>Registers response caching: memory only by default, memory + Redis when <c>Splp:Redis:Configuration</c> is set.</summary>
internal static class CachingServiceCollectionExtensions
{
    public static IServiceCollection AddSplpCaching(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSplpRedis(configuration);
        services.AddOptions<CachingOptions>()
            .Bind(configuration.GetSection(CachingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton<CachingMetrics>();
        services.TryAddSingleton<CacheRules>();
        services.TryAddSingleton<MemoryResponseCache>();
        if (configuration.GetSection(RedisOptions.SectionName).Get<RedisOptions>()?.IsConfigured == true)
        {
            services.Replace(ServiceDescriptor.Singleton<ISharedResponseCache, RedisResponseCache>());
        }
        else
        {
            services.TryAddSingleton<ISharedResponseCache, NoSharedResponseCache>();
        }

        return services;
    }

    /// <summary>Adds the cache to the proxy pipeline (after rate limiting), unless disabled.</summary>
    public static IReverseProxyApplicationBuilder UseSplpCaching(this IReverseProxyApplicationBuilder proxy)
    {
        if (proxy.ApplicationServices.GetRequiredService<IOptions<CachingOptions>>().Value.Enabled)
        {
            // Subscribe to purges at start, not on the first cacheable request.
            _ = proxy.ApplicationServices.GetRequiredService<ISharedResponseCache>();
            proxy.UseMiddleware<ResponseCachingMiddleware>();
        }

        return proxy;
    }
}
