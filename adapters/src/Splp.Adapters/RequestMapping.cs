namespace Splp.Adapters;

/// <summary>The outcome of <see cref="IServiceAdapter.MapRequest"/>: where to send the request upstream, or why not.</summary>
public sealed class RequestMapping
{
    private RequestMapping(string? operationId, string? upstreamPath, IReadOnlyList<KeyValuePair<string, string>> query, AdapterProblem? problem, IRequestBodyMapper? body = null)
    {
        Body = body;
        OperationId = operationId;
        UpstreamPath = upstreamPath;
        Query = query;
        Problem = problem;
    }

    /// <summary>The contract operation id the request resolved to; null when rejected.</summary>
    public string? OperationId { get; }

    /// <summary>The upstream path, starting with <c>/</c>; null when rejected.</summary>
    public string? UpstreamPath { get; }

    /// <summary>The upstream query parameters, replacing the incoming ones.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Query { get; }

    /// <summary>How to rewrite the request body; null forwards the consumer's body unchanged (or none).</summary>
    public IRequestBodyMapper? Body { get; }

    /// <summary>Why the request was rejected; null when it is forwarded.</summary>
    public AdapterProblem? Problem { get; }

    /// <summary>Forward the request for <paramref name="operationId"/> to <paramref name="upstreamPath"/> with the given query.</summary>
    public static RequestMapping Forward(string operationId, string upstreamPath, params KeyValuePair<string, string>[] query)
    {
        ArgumentException.ThrowIfNullOrEmpty(operationId);
        ArgumentException.ThrowIfNullOrEmpty(upstreamPath);
        if (upstreamPath[0] != '/')
        {
            throw new ArgumentException("An upstream path starts with '/'.", nameof(upstreamPath));
        }

        return new RequestMapping(operationId, upstreamPath, query, null);
    }

    /// <summary>The same forwarding, with the request body rewritten by <paramref name="body"/>.</summary>
    public RequestMapping WithBody(IRequestBodyMapper body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (Problem is not null)
        {
            throw new InvalidOperationException("A rejected request has no body to map.");
        }

        return new RequestMapping(OperationId, UpstreamPath, Query, null, body);
    }

    /// <summary>Reject the request without calling the upstream.</summary>
    public static RequestMapping Reject(AdapterProblem problem) => new(null, null, [], problem ?? throw new ArgumentNullException(nameof(problem)));
}
