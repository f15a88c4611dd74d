namespace Splp.Adapters;

/// <summary>What the upstream answered, as an adapter reads it.</summary>
/// <param name="OperationId">The contract operation this response answers (from <see cref="RequestMapping.OperationId"/>).</param>
/// <param name="StatusCode">The upstream's HTTP status code.</param>
/// <param name="ContentType">The upstream's Content-Type header, if any.</param>
/// <param name="Body">
/// The upstream body. Reading past the gateway's configured limit throws
/// <see cref="UpstreamBodyTooLargeException"/>.
/// </param>
public sealed record UpstreamResponse(string OperationId, int StatusCode, string? ContentType, Stream Body);

/// <summary>Thrown while reading an upstream body that exceeds the configured limit.</summary>
public sealed class UpstreamBodyTooLargeException : IOException
{
    /// <summary>Creates the exception for a body over <paramref name="limitBytes"/>.</summary>
    public UpstreamBodyTooLargeException(long limitBytes)
        : base($"The upstream body exceeds the limit of {limitBytes} bytes.")
    {
        LimitBytes = limitBytes;
    }

    /// <summary>The limit that was exceeded, in bytes.</summary>
    public long LimitBytes { get; }
}
