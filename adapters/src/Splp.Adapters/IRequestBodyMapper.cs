using System.Buffers;

namespace Splp.Adapters;

/// <summary>
/// Rewrites a contract request body into the upstream's own body (e.g. camelCase JSON into a legacy
/// snake_case form). Returned by <see cref="IServiceAdapter.MapRequest"/> for operations that carry a body.
/// </summary>
public interface IRequestBodyMapper
{
    /// <summary>The Content-Type of the body sent upstream, e.g. <c>application/json</c>.</summary>
    string UpstreamContentType { get; }

    /// <summary>
    /// Reads the consumer's body (already limited to the gateway's maximum request size) and writes the
    /// upstream body to <paramref name="upstreamBody"/>; returns a problem (typically 400) when the body
    /// cannot be mapped, and null on success.
    /// </summary>
    ValueTask<AdapterProblem?> MapAsync(Stream contractBody, IBufferWriter<byte> upstreamBody, CancellationToken cancellationToken);
}
