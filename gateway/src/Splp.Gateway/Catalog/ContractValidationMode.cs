namespace Splp.Gateway.Catalog;

/// <summary>How strictly a service's exchanges are held to its contract.</summary>
public enum ContractValidationMode
{
    /// <summary>
    /// A request that violates the contract is refused with 400; an upstream response that violates it
    /// becomes 502, naming the violations. The default: consumers get what the contract promises or an error.
    /// </summary>
    Enforce,

    /// <summary>Exchanges pass unchanged; violations are counted and logged (for rolling out a new agency app).</summary>
    Monitor,

    /// <summary>No validation.</summary>
    Off,
}
