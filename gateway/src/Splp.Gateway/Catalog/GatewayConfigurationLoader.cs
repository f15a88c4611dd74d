using Splp.Adapters;
using Splp.Contracts.Loading;
using Splp.Gateway.Consumers;

namespace Splp.Gateway.Catalog;

/// <summary>
/// Everything the gateway reloads from configuration, validated together and applied whole: the catalog (with its
/// cache rules), the consumers and the plans. One snapshot, so a change that is bad in one section never applies in
/// another.
/// </summary>
internal sealed record GatewayConfiguration(ServiceCatalog Catalog, ConsumerRegistry.Snapshot Consumers, ConfigurationConsumerPlanRegistry.Snapshot Plans);

/// <summary>The outcome of loading: the snapshot, or every problem found (in configuration-key terms).</summary>
internal sealed record GatewayConfigurationResult(GatewayConfiguration? Configuration, IReadOnlyList<string> Errors);

/// <summary>
/// Builds a <see cref="GatewayConfiguration"/> from configuration, collecting every problem of every section and
/// between sections. The one code path of the gateway's start, its reloads and <c>splp validate-config</c>.
/// </summary>
internal static class GatewayConfigurationLoader
{
    public static GatewayConfigurationResult Load(
        IConfiguration configuration,
        IReadOnlyList<IServiceAdapter> builtInAdapters,
        ContractRegistry? contracts,
        long revision,
        DateTimeOffset now)
    {
        var errors = new List<string>();
        var catalog = ServiceCatalogLoader.Load(configuration, builtInAdapters, contracts, revision, now);
        errors.AddRange(catalog.Errors.Select(e => e.StartsWith("Splp:", StringComparison.Ordinal) ? e : "Splp:" + e));

        ConsumerPlansOptions? options = null;
        try
        {
            options = configuration.GetSection(ConsumerPlansOptions.SectionName).Get<ConsumerPlansOptions>() ?? new ConsumerPlansOptions();
        }
        catch (InvalidOperationException ex)
        {
            errors.Add("Splp:Consumers/Plans: " + (ex.InnerException?.Message ?? ex.Message));
        }

        ConsumerRegistry.Snapshot? consumers = null;
        ConfigurationConsumerPlanRegistry.Snapshot? plans = null;
        if (options is not null)
        {
            var (consumerSnapshot, consumerErrors) = ConsumerRegistry.Load(options);
            consumers = consumerSnapshot;
            errors.AddRange(consumerErrors);

            var (planSnapshot, planErrors) = ConfigurationConsumerPlanRegistry.Build(options, configuration);
            plans = planSnapshot;
            errors.AddRange(planErrors.Select(e => e.StartsWith("Splp:", StringComparison.Ordinal) ? e : "Splp:" + e));

            // Across sections: a subscription to a service the catalog does not publish refuses its consumer silently.
            var published = configuration.GetSection(ServiceCatalogOptions.SectionName + ":Services").GetChildren().Select(c => c.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var (id, consumer) in options.Consumers.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                foreach (var service in consumer.Subscriptions.Keys.Order(StringComparer.Ordinal))
                {
                    if (!published.Contains(service))
                    {
                        errors.Add($"Splp:Consumers:{id}:Subscriptions:{service}: the service '{service}' is not published under Splp:Services.");
                    }
                }
            }
        }

        return errors.Count == 0 && catalog.Catalog is not null && consumers is not null && plans is not null
            ? new GatewayConfigurationResult(new GatewayConfiguration(catalog.Catalog, consumers, plans), errors)
            : new GatewayConfigurationResult(null, errors);
    }
}
