using System.Diagnostics.Metrics;

namespace Splp.Gateway.Resilience;

/// <summary>Meter <c>Splp.Resilience</c>: circuit states and transitions, retries, circuit rejections; labelled by service.</summary>
internal sealed class ResilienceMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Splp.Resilience";

    private readonly Meter _meter;
    private readonly Counter<long> _transitions;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _rejections;

    public ResilienceMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _transitions = _meter.CreateCounter<long>("splp.resilience.circuit_transitions", unit: "{transition}", description: "Circuit breaker transitions by service and the state entered (open, half_open, closed).");
        _retries = _meter.CreateCounter<long>("splp.resilience.retries", unit: "{retry}", description: "Retries toward agency apps by service and outcome (attempted, refused_by_budget).");
        _rejections = _meter.CreateCounter<long>("splp.resilience.circuit_rejections", unit: "{request}", description: "Requests answered 503 circuit-open without reaching the agency app, by service.");
    }

    /// <summary>Registers the circuit state gauge (0 closed, 1 open, 2 half-open; services without a breaker are not reported).</summary>
    public void ObserveStates(Func<IEnumerable<Measurement<int>>> observe) =>
        _meter.CreateObservableGauge("splp.resilience.circuit_state", observe, unit: "{state}", description: "Circuit breaker state per service: 0 closed, 1 open, 2 half-open.");

    public void Transition(string service, string state) => _transitions.Add(1, new("service", service), new("state", state));

    public void RetryAttempted(string service) => _retries.Add(1, new("service", service), new("outcome", "attempted"));

    public void RetryRefusedByBudget(string service) => _retries.Add(1, new("service", service), new("outcome", "refused_by_budget"));

    public void CircuitRejection(string service) => _rejections.Add(1, new KeyValuePair<string, object?>("service", service));
}
