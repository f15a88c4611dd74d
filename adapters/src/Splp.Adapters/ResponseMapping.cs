namespace Splp.Adapters;

/// <summary>The outcome of <see cref="IServiceAdapter.MapResponseAsync"/>.</summary>
public readonly struct ResponseMapping
{
    private ResponseMapping(int statusCode, AdapterProblem? problem)
    {
        StatusCode = statusCode;
        Problem = problem;
    }

    /// <summary>The status code of the contract response (when <see cref="Problem"/> is null).</summary>
    public int StatusCode { get; }

    /// <summary>Why the response could not be mapped; null on success.</summary>
    public AdapterProblem? Problem { get; }

    /// <summary>The contract body was written; send it with <paramref name="statusCode"/>.</summary>
    public static ResponseMapping Mapped(int statusCode = 200) => new(statusCode, null);

    /// <summary>Send <paramref name="problem"/> instead of a contract body.</summary>
    public static ResponseMapping Failed(AdapterProblem problem) => new(problem?.Status ?? throw new ArgumentNullException(nameof(problem)), problem);
}
