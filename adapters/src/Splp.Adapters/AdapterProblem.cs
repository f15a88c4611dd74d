using Splp.Contracts.Problems;

namespace Splp.Adapters;

/// <summary>
/// Why an adapter refused a request or could not map a response; becomes an RFC 9457 problem.
/// The detail is shown to the consumer, so it never carries upstream internals or personal data.
/// </summary>
/// <param name="Status">The HTTP status code the consumer receives.</param>
/// <param name="Type">A stable type from <see cref="ProblemTypes"/>.</param>
/// <param name="Title">A short, stable summary of the problem type.</param>
/// <param name="Detail">What went wrong with this exchange.</param>
public sealed record AdapterProblem(int Status, string Type, string Title, string? Detail)
{
    /// <summary>Field-level reasons (JSON pointers into the contract body); null when the problem names no field.</summary>
    public IReadOnlyList<AdapterProblemError>? Errors { get; init; }

    /// <summary>404: the contract has no such operation.</summary>
    public static AdapterProblem OperationNotFound(string method, string path) =>
        new(404, ProblemTypes.OperationNotFound, "Operation not found", $"The contract defines no operation for {method} {path}.");

    /// <summary>400: a parameter does not satisfy the contract.</summary>
    public static AdapterProblem InvalidRequest(string detail) =>
        new(400, ProblemTypes.InvalidRequest, "Invalid request", detail);

    /// <summary>404: the record named by the request does not exist upstream.</summary>
    public static AdapterProblem ResourceNotFound(string detail) =>
        new(404, ProblemTypes.ResourceNotFound, "Resource not found", detail);

    /// <summary>502: the upstream answered with something that cannot be mapped onto the contract.</summary>
    public static AdapterProblem InvalidUpstreamResponse(string detail) =>
        new(502, ProblemTypes.UpstreamInvalidResponse, "Invalid response from the agency application", detail);

    /// <summary>502: the upstream reported a failure of its own.</summary>
    public static AdapterProblem UpstreamError(string detail) =>
        new(502, ProblemTypes.UpstreamError, "The agency application reported an error", detail);
}
