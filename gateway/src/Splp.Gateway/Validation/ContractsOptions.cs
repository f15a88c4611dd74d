namespace Splp.Gateway.Validation;

/// <summary>Where the shared contract documents are, bound from <c>Splp:Contracts</c>.</summary>
public sealed class ContractsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Splp:Contracts";

    /// <summary>
    /// The folder holding <c>&lt;name&gt;/v&lt;major&gt;/openapi.yaml</c>. Default: the <c>contracts</c> folder
    /// shipped next to the gateway's binaries.
    /// </summary>
    public string? Path { get; set; }
}
