using System.Diagnostics.Metrics;

namespace Splp.Gateway.Validation;

/// <summary>Counts contract violations by service, operation and direction (meter <c>Splp.Contracts</c>).</summary>
internal sealed class ContractMetrics
{
    public const string MeterName = "Splp.Contracts";

    private readonly Counter<long> _violations;

    public ContractMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _violations = meter.CreateCounter<long>("splp.contract.violations", "{exchange}", "Exchanges that violated their service's contract.");
    }

    /// <summary>One exchange violated the contract; <paramref name="direction"/> is <c>request</c> or <c>response</c>.</summary>
    public void Violation(string service, string operation, string direction, string mode) =>
        _violations.Add(1, new("splp.service", service), new("splp.operation", operation), new("splp.direction", direction), new("splp.validation_mode", mode));
}
