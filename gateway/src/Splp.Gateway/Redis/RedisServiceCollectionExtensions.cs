using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Splp.Gateway.Redis;

/// <summary>Registers the shared Redis connection when <c>Splp:Redis:Configuration</c> is set.</summary>
internal static class RedisServiceCollectionExtensions
{
    public static IServiceCollection AddSplpRedis(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisOptions>()
            .Bind(configuration.GetSection(RedisOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<SplpRedisConnection>();
        // Connect at start, not on the first consumer request.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RedisConnectAtStart>());
        return services;
    }

    private sealed class RedisConnectAtStart(IOptions<RedisOptions> options, IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (options.Value.IsConfigured)
            {
                _ = services.GetRequiredService<SplpRedisConnection>();
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
