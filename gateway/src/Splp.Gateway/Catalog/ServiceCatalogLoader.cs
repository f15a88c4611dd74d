using Splp.Adapters;
using Splp.Adapters.Declarative;
using Splp.Contracts.Loading;

namespace Splp.Gateway.Catalog;

/// <summary>
/// Binds and validates a whole catalog from configuration — agencies, services and the declarative
/// adapters under <c>Splp:Adapters</c> — collecting every problem; shared by the gateway and
/// <c>splp validate-config</c>.
/// </summary>
internal static class ServiceCatalogLoader
{
    public static CatalogValidationResult Load(
        IConfiguration configuration,
        IReadOnlyList<IServiceAdapter> builtInAdapters,
        ContractRegistry? contracts,
        long revision,
        DateTimeOffset now)
    {
        var errors = new List<string>();
        var adapters = new List<IServiceAdapter>(builtInAdapters);
        foreach (var adapter in DeclarativeAdapterFactory.TryBuildAll(configuration, errors))
        {
            if (builtInAdapters.Any(a => a.Name == adapter.Name))
            {
                errors.Add($"Adapters:{adapter.Name}: the name is taken by a built-in adapter.");
                continue;
            }

            adapters.Add(adapter);
        }

        var options = new ServiceCatalogOptions();
        try
        {
            configuration.GetSection(ServiceCatalogOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            // The binder throws when a value cannot be converted (e.g. Timeout: "soon").
            errors.Add(ex.InnerException?.Message ?? ex.Message);
            return new CatalogValidationResult(null, errors);
        }

        var result = new ServiceCatalogValidator(adapters, contracts).Validate(options, revision, now);
        if (errors.Count == 0)
        {
            return result;
        }

        errors.AddRange(result.Errors);
        return new CatalogValidationResult(null, errors);
    }
}
