using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Splp.Adapters;
using Splp.Contracts.Problems;

namespace Splp.Gateway.Problems;

/// <summary>Writes RFC 9457 problem+json responses with a stable type and the exchange's trace id.</summary>
internal static class ProblemResponses
{
    /// <summary>
    /// Writes a problem, replacing whatever status, headers and body were set (such as an upstream's headers),
    /// unless the response has started. With <paramref name="keepHeaders"/> the headers set so far stay
    /// (e.g. WWW-Authenticate from an authentication challenge).
    /// </summary>
    public static async Task WriteAsync(HttpContext context, int status, string type, string title, string? detail, bool keepHeaders = false, IReadOnlyList<ProblemError>? errors = null)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        if (!keepHeaders)
        {
            context.Response.Clear();
        }

        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail };
        if (errors is { Count: > 0 })
        {
            problem.Extensions["errors"] = errors;
        }

        var service = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        if (!await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }))
        {
            // The writer declined (e.g. an Accept header that excludes JSON): still send the problem as JSON,
            // because callers of an API gateway branch on it.
            Customize(context, problem);
            await context.Response.WriteAsJsonAsync(problem, ProblemJsonContext.Default.ProblemDetails, "application/problem+json", context.RequestAborted);
        }
    }

    /// <summary>Writes an adapter's problem.</summary>
    public static Task WriteAsync(HttpContext context, AdapterProblem problem) =>
        WriteAsync(context, problem.Status, problem.Type, problem.Title, problem.Detail,
            errors: problem.Errors?.Select(e => new ProblemError(e.Pointer, e.Reason)).ToArray());

    /// <summary>Adds what every SPLP problem carries: the W3C trace id and the request path as instance.</summary>
    public static void Customize(HttpContext context, ProblemDetails problem)
    {
        problem.Instance ??= context.Request.Path.Value;
        problem.Extensions["traceId"] = Activity.Current?.TraceId.ToHexString() ?? context.TraceIdentifier;
        problem.Type ??= problem.Status switch
        {
            StatusCodes.Status400BadRequest => ProblemTypes.InvalidRequest,
            StatusCodes.Status401Unauthorized => ProblemTypes.Unauthorized,
            StatusCodes.Status403Forbidden => ProblemTypes.Forbidden,
            StatusCodes.Status404NotFound => ProblemTypes.ServiceNotFound,
            StatusCodes.Status413PayloadTooLarge => ProblemTypes.PayloadTooLarge,
            StatusCodes.Status414UriTooLong => ProblemTypes.UriTooLong,
            StatusCodes.Status431RequestHeaderFieldsTooLarge => ProblemTypes.HeadersTooLarge,
            _ => ProblemTypes.InternalError,
        };
        // For the ops figures and the dashboard's recent failures.
        context.Features.Set(new Ops.ProblemTypeFeature(problem.Type));
    }
}
