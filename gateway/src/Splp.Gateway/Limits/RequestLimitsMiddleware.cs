using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Splp.Contracts.Problems;
using Splp.Gateway.Problems;

namespace Splp.Gateway.Limits;

/// <summary>
/// Refuses oversized or malformed requests before any other work: bodies, headers and targets over the
/// configured limits, and paths that could mean something else to an agency app than to the gateway
/// (control characters, encoded slashes or backslashes).
/// </summary>
/// <remarks>
/// The limits are read once at start, like Kestrel's hard limits derived from them: a configuration reload
/// never changes (or, when invalid, breaks) them mid-flight; restart to apply new limits.
/// </remarks>
internal sealed class RequestLimitsMiddleware(RequestDelegate next, IOptions<RequestLimitsOptions> options)
{
    private readonly RequestLimitsOptions _limits = options.Value;

    public Task InvokeAsync(HttpContext context)
    {
        var limits = _limits;
        var request = context.Request;

        if (request.ContentLength is long length && length > limits.MaxRequestBodyBytes)
        {
            return Refuse(context, 413, ProblemTypes.PayloadTooLarge, "Payload too large",
                $"The request body of {length} bytes exceeds the limit of {limits.MaxRequestBodyBytes} bytes.");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            // Chunked bodies have no length up front; Kestrel stops them at the limit while they stream.
            bodySize.MaxRequestBodySize = limits.MaxRequestBodyBytes;
        }

        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (request.PathBase + request.Path + request.QueryString).ToString();
        if (rawTarget.Length > limits.MaxRequestTargetBytes)
        {
            return Refuse(context, 414, ProblemTypes.UriTooLong, "URI too long",
                $"The request target exceeds the limit of {limits.MaxRequestTargetBytes} bytes.");
        }

        var headerBytes = 0L;
        foreach (var header in request.Headers)
        {
            headerBytes += header.Key.Length + 4;
            foreach (var value in header.Value)
            {
                headerBytes += value?.Length ?? 0;
            }
        }

        if (headerBytes > limits.MaxRequestHeadersBytes)
        {
            return Refuse(context, 431, ProblemTypes.HeadersTooLarge, "Request header fields too large",
                $"The request headers exceed the limit of {limits.MaxRequestHeadersBytes} bytes.");
        }

        if (IsMalformedPath(request.Path.Value, rawTarget))
        {
            return Refuse(context, 400, ProblemTypes.InvalidPath, "Invalid path",
                "The path contains control characters or encoded separators.");
        }

        return next(context);
    }

    internal static bool IsMalformedPath(string? decodedPath, string rawTarget)
    {
        if (decodedPath is not null)
        {
            foreach (var c in decodedPath)
            {
                if (char.IsControl(c) || c == '\\')
                {
                    return true;
                }
            }
        }

        // An encoded slash or backslash survives Kestrel's decoding and would let the agency app see
        // different path segments than the gateway routed on.
        var path = rawTarget.AsSpan();
        var query = path.IndexOf('?');
        if (query >= 0)
        {
            path = path[..query];
        }

        return path.Contains("%2f", StringComparison.OrdinalIgnoreCase)
            || path.Contains("%5c", StringComparison.OrdinalIgnoreCase)
            || path.Contains("%00", StringComparison.Ordinal);
    }

    private static Task Refuse(HttpContext context, int status, string type, string title, string detail) =>
        ProblemResponses.WriteAsync(context, status, type, title, detail);
}
