using System.Collections.Frozen;
using Microsoft.Extensions.Primitives;

namespace Splp.Gateway.Consumers;

/// <summary>
/// Plans from configuration (<c>Splp:Plans</c>, <c>Splp:Consumers</c>), rebuilt whenever the configuration changes.
/// A consumer not listed gets <c>Splp:RateLimiting:DefaultPlan</c> (none by default). A bad first load stops the
/// gateway with every problem listed; a bad reload is logged and the last good plans stay in force.
/// </summary>
internal sealed partial class ConfigurationConsumerPlanRegistry : IConsumerPlanRegistry, IDisposable
{
    private readonly IConfiguration _configuration;
    private readonly ConsumerPlansValidator _validator = new();
    private readonly ILogger<ConfigurationConsumerPlanRegistry> _logger;
    private readonly IDisposable _subscription;
    private volatile Snapshot _snapshot;

    public ConfigurationConsumerPlanRegistry(IConfiguration configuration, ILogger<ConfigurationConsumerPlanRegistry> logger)
    {
        _configuration = configuration;
        _logger = logger;
        var (snapshot, errors) = Load();
        _snapshot = snapshot ?? throw new InvalidOperationException("Consumer plans are invalid: " + string.Join(" ", errors));
        _subscription = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
    }

    public ConsumerPlan? GetPlan(string consumerId)
    {
        var snapshot = _snapshot;
        return snapshot.ByConsumer.TryGetValue(consumerId, out var plan) ? plan : snapshot.Default;
    }

    public void Dispose() => _subscription.Dispose();

    private void Reload()
    {
        var (snapshot, errors) = Load();
        if (snapshot is null)
        {
            Log.ReloadRejected(_logger, errors.Count, string.Join(" ", errors));
            return;
        }

        _snapshot = snapshot;
    }

    private (Snapshot? Snapshot, IReadOnlyList<string> Errors) Load()
    {
        var options = _configuration.GetSection(ConsumerPlansOptions.SectionName).Get<ConsumerPlansOptions>() ?? new ConsumerPlansOptions();
        var defaultPlan = _configuration[RateLimiting.RateLimitingOptions.SectionName + ":DefaultPlan"];
        var errors = _validator.Collect(options);
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

    private sealed record Snapshot(FrozenDictionary<string, ConsumerPlan> ByConsumer, ConsumerPlan? Default);

    private static partial class Log
    {
        [LoggerMessage(EventId = 5120, Level = LogLevel.Error, Message = "Consumer plans reload refused ({Count} problems), the last good plans stay in force: {Errors}")]
        public static partial void ReloadRejected(ILogger logger, int count, string errors);
    }
}
