namespace Splp.Gateway.Resilience;

/// <summary>The state of a service's circuit breaker toward its agency app.</summary>
public enum CircuitState
{
    /// <summary>Calls flow.</summary>
    Closed,

    /// <summary>Calls are refused at once (503) after too many failures.</summary>
    Open,

    /// <summary>A probe call is allowed through to test whether the app recovered.</summary>
    HalfOpen,

    /// <summary>Circuit breaking is turned off for the service.</summary>
    Disabled,
}

/// <summary>Reads circuit states for the inventory, the ops dashboard and metrics.</summary>
public interface ICircuitStateSource
{
    /// <summary>The current state of <paramref name="service"/>'s circuit, <see cref="CircuitState.Disabled"/> when it has none.</summary>
    CircuitState GetState(string service);
}
