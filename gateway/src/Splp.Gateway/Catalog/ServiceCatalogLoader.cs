using Splp.Adapters;
using Splp.Contracts.Loading;

namespace Splp.Gateway.Catalog;

/// <summary>Binds and validates a catalog from configuration; shared by the gateway and <c>splp validate-config</c>.</summary>
internal static class ServiceCatalogLoader
{
    public static CatalogValidationResult Load(IConfiguration configuration, IEnumerable<IServiceAdapter> adapters, ContractRegistry? contracts, long revision, DateTimeOffset now) =>
        Load(configuration, new ServiceCatalogValidator(adapters, contracts), revision, now);

    public static CatalogValidationResult Load(IConfiguration configuration, ServiceCatalogValidator validator, long revision, DateTimeOffset now)
    {
        var options = new ServiceCatalogOptions();
        try
        {
            configuration.GetSection(ServiceCatalogOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            // The binder throws when a value cannot be converted (e.g. Timeout: "soon").
            return new CatalogValidationResult(null, [ex.InnerException?.Message ?? ex.Message]);
        }

        return validator.Validate(options, revision, now);
    }
}
