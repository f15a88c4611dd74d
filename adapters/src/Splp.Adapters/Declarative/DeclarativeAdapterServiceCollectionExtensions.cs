using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Splp.Adapters.Declarative;

/// <summary>Registers the declarative adapters configured under <c>Splp:Adapters</c>.</summary>
public static class DeclarativeAdapterServiceCollectionExtensions
{
    /// <summary>
    /// Builds every adapter under <c>Splp:Adapters</c> of <paramref name="configuration"/> now and registers each as a
    /// singleton <see cref="IServiceAdapter"/>. A bad mapping stops the start: the exception lists every problem
    /// with its configuration path.
    /// </summary>
    /// <exception cref="InvalidOperationException">A mapping has a problem; nothing is registered.</exception>
    public static IServiceCollection AddSplpDeclarativeAdapters(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();
        var adapters = DeclarativeAdapterFactory.TryBuildAll(configuration, errors);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid declarative adapter configuration:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }

        foreach (var adapter in adapters)
        {
            services.AddSingleton(adapter);
        }

        return services;
    }
}
