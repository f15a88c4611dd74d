using System.Collections.Frozen;
using Splp.Adapters;
using Splp.Contracts;
using Splp.Contracts.Loading;

namespace Splp.Gateway.Catalog;

/// <summary>An immutable, validated snapshot of the service catalog.</summary>
public sealed class ServiceCatalog
{
    internal ServiceCatalog(long revision, DateTimeOffset loadedAt, IEnumerable<PublishedService> services)
    {
        Revision = revision;
        LoadedAt = loadedAt;
        Services = services.ToFrozenDictionary(s => s.Name, StringComparer.Ordinal);
    }

    /// <summary>Increases with every configuration change that was applied (refused changes leave gaps).</summary>
    public long Revision { get; }

    /// <summary>When this snapshot was applied.</summary>
    public DateTimeOffset LoadedAt { get; }

    /// <summary>The services by name.</summary>
    public FrozenDictionary<string, PublishedService> Services { get; }
}

/// <summary>A published service as the gateway runs it.</summary>
/// <param name="Name">The service name and first path segment.</param>
/// <param name="DisplayName">The human name.</param>
/// <param name="AgencyId">The owning agency's id.</param>
/// <param name="AgencyName">The owning agency's full name.</param>
/// <param name="Contract">The contract and major version.</param>
/// <param name="Adapter">The adapter, or null for pass-through.</param>
/// <param name="Upstream">The upstream settings.</param>
/// <param name="Anonymous">Whether no token is needed.</param>
/// <param name="Scopes">Scopes of which a caller needs one on every operation, besides the operation's own; empty means none.</param>
/// <param name="Validation">How exchanges are held to the contract.</param>
/// <param name="ContractDocument">The published contract document, or null when none is published yet (then nothing is validated).</param>
public sealed record PublishedService(
    string Name,
    string DisplayName,
    string AgencyId,
    string AgencyName,
    ContractId Contract,
    IServiceAdapter? Adapter,
    UpstreamOptions Upstream,
    bool Anonymous,
    IReadOnlyList<string> Scopes,
    ContractValidationMode Validation,
    ServiceContract? ContractDocument)
{
    /// <summary>The configured replacements of contract operations' scopes (<c>Policies:OperationScopes</c>), by operation id.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> OperationScopeOverrides { get; init; } = FrozenDictionary<string, IReadOnlyList<string>>.Empty;

    /// <summary>
    /// Per contract operation id, the scope requirements a caller must meet (one of them, each in full), computed once when
    /// the catalog is loaded: the contract operation's security requirements, or its override. An operation absent here
    /// (no contract) has no requirement beyond <see cref="Scopes"/>.
    /// </summary>
    public FrozenDictionary<string, ScopeRequirement> OperationAccess { get; init; } = FrozenDictionary<string, ScopeRequirement>.Empty;

    /// <summary>Retries and circuit breaking toward the agency app.</summary>
    public Resilience.ServiceResilienceOptions Resilience { get; init; } = new();

    /// <summary>The cache rules configured for the service (validated with the catalog), by operation.</summary>
    internal IReadOnlyDictionary<string, CacheRuleOptions> CacheOperations { get; init; } = new Dictionary<string, CacheRuleOptions>(StringComparer.Ordinal);

    /// <summary>The path prefix consumers call, e.g. <c>/kependudukan/v1</c>.</summary>
    public string PathPrefix => $"/{Name}/{Contract.VersionSegment}";

    /// <summary>The part of a request path below <see cref="PathPrefix"/>, as the contract's paths are written (at least <c>/</c>).</summary>
    public string ContractPath(PathString requestPath)
    {
        var full = requestPath.Value ?? "/";
        return full.Length > PathPrefix.Length ? full[PathPrefix.Length..] : "/";
    }
}

/// <summary>
/// What an operation requires: one of <see cref="Alternatives"/>, each in full (OpenAPI security semantics). No
/// alternatives, or one without scopes, means no scope is needed.
/// </summary>
/// <param name="Alternatives">The alternatives (OR), each the scopes it needs (AND).</param>
/// <param name="Overridden">Whether the alternatives come from <c>Policies:OperationScopes</c> rather than the contract.</param>
public sealed record ScopeRequirement(IReadOnlyList<IReadOnlyList<string>> Alternatives, bool Overridden)
{
    /// <summary>Whether any caller meets it.</summary>
    public bool IsOpen => Alternatives.Count == 0 || Alternatives.Any(a => a.Count == 0);

    /// <summary>The alternatives as RFC 6750 scope strings (space-separated), e.g. for the refusal's detail.</summary>
    public IEnumerable<string> Describe() => Alternatives.Select(a => string.Join(' ', a));
}
