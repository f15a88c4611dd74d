using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Splp.Gateway.Consumers;
using Splp.Gateway.Redis;

namespace Splp.Gateway.RateLimiting;

/// <summary>Registers rate limits and quotas: in memory by default, in Redis when <c>Splp:Redis:Configuration</c> is set.</summary>
internal static class RateLimitingServiceCollectionExtensions
{
    public static IServiceCollection AddSplpRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSplpConsumers(configuration);
        services.AddSplpRedis(configuration);
        services.AddOptions<RateLimitingOptions>()
            .Bind(configuration.GetSection(RateLimitingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RateLimitingOptions>, RateLimitingOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton<RateLimitingMetrics>();
        services.TryAddSingleton<ConsumerRateLimiter>();

        if (configuration.GetSection(RedisOptions.SectionName).Get<RedisOptions>()?.IsConfigured == true)
        {
            services.Replace(ServiceDescriptor.Singleton<IRateLimitStore, RedisRateLimitStore>());
        }
        else
        {
            services.TryAddSingleton<IRateLimitStore, InMemoryRateLimitStore>();
        }

        return services;
    }

    /// <summary>Adds the rate-limiting middleware to the proxy pipeline, unless disabled.</summary>
    public static IReverseProxyApplicationBuilder UseSplpRateLimiting(this IReverseProxyApplicationBuilder proxy)
    {
        if (proxy.ApplicationServices.GetRequiredService<IOptions<RateLimitingOptions>>().Value.Enabled)
        {
            proxy.UseMiddleware<RateLimitingMiddleware>();
        }

        return proxy;
    }

    private static IServiceCollection AddSplpConsumers(this IServiceCollection services, IConfiguration configuration)
    {
        // Not an options monitor with a validator: the plans are part of the configuration snapshot the catalog
        // provider validates and applies whole (a bad first load stops the gateway, a bad reload keeps the last good).
        services.TryAddSingleton<IConsumerPlanRegistry, ConfigurationConsumerPlanRegistry>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ConsumerPlansAtStart>());
        return services;
    }

    /// <summary>Loads the plans at start so invalid plans stop the gateway before it serves.</summary>
    private sealed class ConsumerPlansAtStart(IConsumerPlanRegistry registry) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = registry;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
