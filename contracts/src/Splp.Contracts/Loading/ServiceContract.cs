using System.Diagnostics.CodeAnalysis;
using NSwag;
using Splp.Contracts.Routing;

namespace Splp.Contracts.Loading;

/// <summary>One loaded contract document: a service at one major version and its operations.</summary>
public sealed class ServiceContract
{
    private readonly OperationMatcher<ContractOperation> _matcher;
    private readonly Dictionary<string, ContractOperation> _byOperationId;

    internal ServiceContract(ContractId id, string sourcePath, OpenApiDocument document, IReadOnlyList<ContractOperation> operations, OperationMatcher<ContractOperation> matcher)
    {
        Id = id;
        SourcePath = sourcePath;
        Document = document;
        Title = document.Info?.Title ?? id.Name;
        Version = document.Info?.Version ?? string.Empty;
        Operations = operations;
        _matcher = matcher;
        _byOperationId = operations.ToDictionary(o => o.OperationId, StringComparer.Ordinal);
    }

    /// <summary>The contract name and major version, from its folder (<c>&lt;name&gt;/v&lt;major&gt;</c>).</summary>
    public ContractId Id { get; }

    /// <summary>The document title (<c>info.title</c>).</summary>
    public string Title { get; }

    /// <summary>The full document version (<c>info.version</c>), e.g. <c>1.0.0</c>.</summary>
    public string Version { get; }

    /// <summary>The full path of the document it was loaded from.</summary>
    public string SourcePath { get; }

    /// <summary>The document as NSwag read it (for the portal). Treat as read-only.</summary>
    public OpenApiDocument Document { get; }

    /// <summary>The operations, in document order.</summary>
    public IReadOnlyList<ContractOperation> Operations { get; }

    /// <summary>
    /// Finds the operation for a request. Literal segments win over parameters; a trailing slash is
    /// ignored; segments compare case-sensitively.
    /// </summary>
    /// <param name="method">The HTTP method (any case).</param>
    /// <param name="path">The decoded path below <c>/{service}/v{major}</c>, e.g. <c>/penduduk/3404071708850003</c>.</param>
    /// <param name="operation">The operation, when found.</param>
    /// <param name="pathParameters">The path parameter values by name (empty when there are none).</param>
    /// <returns>Whether an operation matches both the method and the path.</returns>
    public bool TryResolve(string method, string path, [NotNullWhen(true)] out ContractOperation? operation, out IReadOnlyDictionary<string, string> pathParameters)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        return _matcher.TryMatch(method, path, out operation, out pathParameters);
    }

    /// <summary>Finds an operation by its operation id.</summary>
    public bool TryGetOperation(string operationId, [NotNullWhen(true)] out ContractOperation? operation) =>
        _byOperationId.TryGetValue(operationId, out operation);

    /// <inheritdoc />
    public override string ToString() => $"{Id} ({Title} {Version})";
}
