using System.Buffers;

namespace Splp.Adapters;

/// <summary>
/// Maps between a shared contract and one agency app's own payloads, in both directions.
/// An adapter is stateless and thread-safe: one instance serves every request of every
/// service bound to it.
/// </summary>
public interface IServiceAdapter
{
    /// <summary>The name the service catalog uses to bind a service to this adapter.</summary>
    string Name { get; }

    /// <summary>
    /// Maps a contract request onto the upstream's path and query, or rejects it
    /// (unknown operation, invalid parameter) before anything is sent upstream.
    /// </summary>
    RequestMapping MapRequest(ContractRequest request);

    /// <summary>
    /// Reads the upstream response and writes the contract-shaped JSON body to <paramref name="output"/>,
    /// or reports why the upstream response cannot be turned into one. Nothing written to
    /// <paramref name="output"/> is sent when the result is a problem.
    /// </summary>
    ValueTask<ResponseMapping> MapResponseAsync(UpstreamResponse response, IBufferWriter<byte> output, CancellationToken cancellationToken);
}
