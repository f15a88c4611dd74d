namespace Splp.Gateway.Ops;

/// <summary>The problem type the gateway answered an exchange with; set only when a problem is written.</summary>
internal sealed record ProblemTypeFeature(string? Type);

/// <summary>Marks an exchange that violated its contract (request or response, in any validation mode).</summary>
internal sealed class ContractViolatedFeature
{
    public static readonly ContractViolatedFeature Instance = new();

    private ContractViolatedFeature()
    {
    }
}
