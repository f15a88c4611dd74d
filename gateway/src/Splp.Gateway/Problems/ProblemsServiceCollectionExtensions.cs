using Microsoft.AspNetCore.Diagnostics;
using Splp.Contracts.Problems;

namespace Splp.Gateway.Problems;

/// <summary>Registers problem+json for every error the gateway itself produces.</summary>
internal static class ProblemsServiceCollectionExtensions
{
    public static IServiceCollection AddSplpProblems(this IServiceCollection services) =>
        services.AddProblemDetails(options => options.CustomizeProblemDetails = ctx => ProblemResponses.Customize(ctx.HttpContext, ctx.ProblemDetails));

    /// <summary>Unhandled exceptions become a 500 problem (or the status a bad request carries), never a stack trace.</summary>
    public static IApplicationBuilder UseSplpProblems(this IApplicationBuilder app) =>
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = context =>
            {
                var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                return error is BadHttpRequestException bad
                    ? ProblemResponses.WriteAsync(context, bad.StatusCode, TypeFor(bad.StatusCode), "Bad request", bad.Message)
                    : ProblemResponses.WriteAsync(context, 500, ProblemTypes.InternalError, "Internal gateway error", "The gateway failed to handle the request; quote the trace id when reporting it.");
            },
        });

    private static string TypeFor(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => ProblemTypes.PayloadTooLarge,
        StatusCodes.Status414UriTooLong => ProblemTypes.UriTooLong,
        StatusCodes.Status431RequestHeaderFieldsTooLarge => ProblemTypes.HeadersTooLarge,
        _ => ProblemTypes.InvalidRequest,
    };
}
