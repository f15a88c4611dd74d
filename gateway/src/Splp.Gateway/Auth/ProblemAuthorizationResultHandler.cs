using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Splp.Contracts.Problems;
using Splp.Gateway.Problems;

namespace Splp.Gateway.Auth;

/// <summary>
/// Answers 401 (who are you?) and 403 (you may not) as problem+json, after the authentication handler
/// has set its status and WWW-Authenticate header.
/// </summary>
internal sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
        {
            await context.ChallengeAsync();
            var hasCredentials = context.Request.Headers.Authorization.Count > 0;
            await ProblemResponses.WriteAsync(context, StatusCodes.Status401Unauthorized, ProblemTypes.Unauthorized, "Unauthorized",
                hasCredentials
                    ? "The bearer token is missing, malformed, expired or not issued by a trusted issuer for this gateway."
                    : "This service needs a bearer token in the Authorization header.",
                keepHeaders: true);
            return;
        }

        if (authorizeResult.Forbidden)
        {
            await context.ForbidAsync();
            var reason = authorizeResult.AuthorizationFailure?.FailureReasons.FirstOrDefault()?.Message
                ?? "The caller may not call this service.";
            await ProblemResponses.WriteAsync(context, StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, "Forbidden", reason, keepHeaders: true);
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
