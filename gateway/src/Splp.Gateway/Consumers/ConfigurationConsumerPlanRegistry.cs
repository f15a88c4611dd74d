using System.Collections.Frozen;

namespace Splp.Gateway.Consumers;

/// <summary>
/// Plans from configuration (<c>Splp:Plans</c>, <c>Splp:Consumers</c>): those of the gateway's configuration
/// snapshot, validated and reloaded together with the catalog and the consumers. A consumer not listed gets
/// <c>Splp:RateLimiting:DefaultPlan</c> (none by default).
/// </summary>
internal sealed class ConfigurationConsumerPlanRegistry : IConsumerPlanRegistry
{
    private readonly Func<Snapshot> _current;

    public ConfigurationConsumerPlanRegistry(Catalog.ServiceCatalogProvider catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _current = () => catalog.Configuration.Plans;
    }

    /// <summary>Fixed plans read once from <paramref name="configuration"/> (tests, tools).</summary>
    internal ConfigurationConsumerPlanRegistry(IConfiguration configuration, ILogger<ConfigurationConsumerPlanRegistry> logger)
    {
        _ = logger;
        var options = configuration.GetSection(ConsumerPlansOptions.SectionName).Get<ConsumerPlansOptions>() ?? new ConsumerPlansOptions();
        var (snapshot, errors) = Build(options, configuration);
        var fixedSnapshot = snapshot ?? throw new InvalidOperationException("Consumer plans are invalid: " + string.Join(" ", errors));
        _current = () => fixedSnapshot;
    }

    public ConsumerPlan? GetPlan(string consumerId)
    {
        var snapshot = _current();
        return snapshot.ByConsumer.TryGetValue(consumerId, out var plan) ? plan : snapshot.Default;
    }

    /// <summary>Builds the plans, or lists every problem.</summary>
    internal static (Snapshot? Snapshot, IReadOnlyList<string> Errors) Build(ConsumerPlansOptions options, IConfiguration configuration)
    {
        var defaultPlan = configuration[RateLimiting.RateLimitingOptions.SectionName + ":DefaultPlan"];
        var errors = new ConsumerPlansValidator().Collect(options);
        if (!string.IsNullOrEmpty(defaultPlan) && !options.Plans.ContainsKey(defaultPlan))
        {
            errors.Add($"{RateLimiting.RateLimitingOptions.SectionName}:DefaultPlan '{defaultPlan}' is not listed under Splp:Plans.");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var plans = options.Plans.ToDictionary(
            p => p.Key,
            p => new ConsumerPlan(p.Key, p.Value.RequestsPerSecond, Math.Max(1, p.Value.Burst), p.Value.DailyQuota, p.Value.OnStoreFailure),
            StringComparer.Ordinal);
        var byConsumer = options.Consumers.ToFrozenDictionary(c => c.Key, c => plans[c.Value.Plan!], StringComparer.Ordinal);
        var fallback = string.IsNullOrEmpty(defaultPlan) ? null : plans[defaultPlan];
        return (new Snapshot(byConsumer, fallback), errors);
    }

    internal sealed record Snapshot(FrozenDictionary<string, ConsumerPlan> ByConsumer, ConsumerPlan? Default);
}
