namespace Splp.Adapters;

/// <summary>The outcome of <see cref="IServiceAdapter.MapResponseAsync"/>.</summary>
public readonly struct ResponseMapping
{
    private ResponseMapping(int statusCode, AdapterProblem? problem, string? location = null)
    {
        StatusCode = statusCode;
        Problem = problem;
        Location = location;
    }

    /// <summary>
    /// For a created resource, its path below the service prefix (e.g. <c>/permohonan/DPMPTSP-2026-000124</c>) for the
    /// contract's <c>Location</c> header; null when there is none. Never the upstream's own Location.
    /// </summary>
    public string? Location { get; }

    /// <summary>The status code of the contract response (when <see cref="Problem"/> is null).</summary>
    public int StatusCode { get; }

    /// <summary>Why the response could not be mapped; null on success.</summary>
    public AdapterProblem? Problem { get; }

    /// <summary>The contract body was written; send it with <paramref name="statusCode"/>.</summary>
    public static ResponseMapping Mapped(int statusCode = 200) => new(statusCode, null);

    /// <summary>The contract body of a created resource was written; send it with <paramref name="statusCode"/> and <paramref name="location"/>.</summary>
    public static ResponseMapping Mapped(int statusCode, string location) =>
        new(statusCode, null, location ?? throw new ArgumentNullException(nameof(location)));

    /// <summary>Send <paramref name="problem"/> instead of a contract body.</summary>
    public static ResponseMapping Failed(AdapterProblem problem) => new(problem?.Status ?? throw new ArgumentNullException(nameof(problem)), problem);
}
