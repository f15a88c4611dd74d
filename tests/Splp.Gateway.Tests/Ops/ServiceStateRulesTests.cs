using Microsoft.Extensions.Time.Testing;
using Splp.Gateway.Ops;
using Splp.Gateway.Resilience;

namespace Splp.Gateway.Tests.Ops;

public sealed class ServiceStateRulesTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 1, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly OpsOptions _options = new() { InactiveAfter = TimeSpan.FromHours(1), Window = TimeSpan.FromMinutes(5), MinRequests = 10 };
    private readonly ServiceActivity _activity;

    public ServiceStateRulesTests() => _activity = new ServiceActivity("layanan", _options.Window, Start);

    [Fact]
    public void Evaluate_NoTrafficNoChecksJustStarted_IsActive()
    {
        Assert.Equal(ServiceState.Active, Evaluate().State);
    }

    [Fact]
    public void Evaluate_NothingSucceededForInactiveAfter_IsInactive()
    {
        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(ServiceState.Active, Evaluate().State);

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(ServiceState.Inactive, Evaluate().State);
    }

    [Fact]
    public void Evaluate_SuccessfulExchangeWithinInactiveAfter_IsNotInactive()
    {
        _time.Advance(TimeSpan.FromMinutes(50));
        Record(1, ExchangeOutcome.Success);
        _time.Advance(TimeSpan.FromMinutes(50));

        Assert.Equal(ServiceState.Active, Evaluate().State);

        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(ServiceState.Inactive, Evaluate().State);
    }

    [Fact]
    public void Evaluate_HealthyCheckWithinInactiveAfter_IsNotInactive()
    {
        _time.Advance(TimeSpan.FromHours(3));
        var lastHealthy = _time.GetUtcNow() - TimeSpan.FromMinutes(30);

        Assert.Equal(ServiceState.Active, Evaluate(lastHealthy: lastHealthy).State);
    }

    [Fact]
    public void Evaluate_InactiveWinsOverDown_ForALongDeadApp()
    {
        _time.Advance(TimeSpan.FromHours(2));

        Assert.Equal(ServiceState.Inactive, Evaluate(health: new HealthSummary(1, 0, 1)).State);
    }

    [Fact]
    public void Evaluate_AllDestinationsUnhealthy_IsDown()
    {
        var (state, reason) = Evaluate(health: new HealthSummary(2, 0, 2));

        Assert.Equal(ServiceState.Down, state);
        Assert.Equal("all 2 destinations are unhealthy", reason);
    }

    [Fact]
    public void Evaluate_SomeDestinationsUnhealthy_IsDegraded()
    {
        Assert.Equal(ServiceState.Degraded, Evaluate(health: new HealthSummary(2, 1, 1)).State);
    }

    [Theory]
    [InlineData(CircuitState.Open, "down")]
    [InlineData(CircuitState.HalfOpen, "degraded")]
    [InlineData(CircuitState.Closed, "active")]
    [InlineData(CircuitState.Disabled, "active")]
    public void Evaluate_Circuit_SetsTheState(CircuitState circuit, string expected)
    {
        Assert.Equal(expected, Evaluate(circuit: circuit).State.Name());
    }

    [Fact]
    public void Evaluate_ErrorRateAtThresholdWithEnoughTraffic_IsDegraded()
    {
        Record(19, ExchangeOutcome.Success);
        Record(1, ExchangeOutcome.Timeout);

        var (state, reason) = Evaluate();

        Assert.Equal(ServiceState.Degraded, state);
        Assert.Equal("error rate 5% ≥ 5%", reason);
    }

    [Fact]
    public void Evaluate_CallerErrors_AreNotFailures()
    {
        Record(5, ExchangeOutcome.Success);
        Record(15, ExchangeOutcome.ClientError);

        Assert.Equal(ServiceState.Active, Evaluate().State);
    }

    [Fact]
    public void Evaluate_FailuresBelowMinRequests_StayActive()
    {
        Record(9, ExchangeOutcome.BadGateway);

        Assert.Equal(ServiceState.Active, Evaluate().State);

        Record(1, ExchangeOutcome.BadGateway);
        Assert.Equal(ServiceState.Down, Evaluate().State);
    }

    [Fact]
    public void Evaluate_SlowP95_IsDegraded()
    {
        Record(10, ExchangeOutcome.Success, milliseconds: 2500);

        var (state, reason) = Evaluate();

        Assert.Equal(ServiceState.Degraded, state);
        Assert.Equal("p95 3000 ms ≥ 2000 ms", reason);
    }

    [Fact]
    public void Evaluate_ContractDrift_IsDegraded()
    {
        Record(18, ExchangeOutcome.Success, validated: true);
        Record(2, ExchangeOutcome.Success, validated: true, violated: true);

        var (state, reason) = Evaluate();

        Assert.Equal(ServiceState.Degraded, state);
        Assert.Equal("contract conformance 90% < 95%", reason);
    }

    [Fact]
    public void Window_ForgetsExchangesOlderThanTheWindow()
    {
        Record(10, ExchangeOutcome.BadGateway);
        Assert.Equal(ServiceState.Down, Evaluate().State);

        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(0, _activity.Window(_time.GetUtcNow()).Requests);
        Assert.Equal(ServiceState.Active, Evaluate().State);
    }

    [Fact]
    public void Next_KeepsSinceWhileTheStateHolds_AndMovesItOnChange()
    {
        var first = ServiceStateRules.Next(default, ServiceState.Active, "ok", _time.GetUtcNow(), null);
        _time.Advance(TimeSpan.FromMinutes(3));
        var same = ServiceStateRules.Next(first, ServiceState.Active, "still ok", _time.GetUtcNow(), null);
        _time.Advance(TimeSpan.FromMinutes(3));
        var changed = ServiceStateRules.Next(same, ServiceState.Down, "circuit open", _time.GetUtcNow(), null);

        Assert.Equal(Start, same.Since);
        Assert.Equal("still ok", same.Reason);
        Assert.Equal(Start + TimeSpan.FromMinutes(6), changed.Since);
        Assert.Equal(ServiceState.Down, changed.State);
    }

    private void Record(int count, ExchangeOutcome outcome, double milliseconds = 20, bool validated = false, bool violated = false)
    {
        for (var i = 0; i < count; i++)
        {
            _activity.Record(_time.GetUtcNow(), milliseconds, outcome, validated, violated);
        }
    }

    private (ServiceState State, string Reason) Evaluate(HealthSummary health = default, CircuitState? circuit = null, DateTimeOffset? lastHealthy = null)
    {
        var now = _time.GetUtcNow();
        return ServiceStateRules.Evaluate(_options, now, _activity.TrackedSince, _activity.LastSuccess, lastHealthy, health, circuit, _activity.Window(now));
    }
}
