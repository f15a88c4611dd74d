using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Splp.Contracts.Problems;
using Splp.Gateway.Problems;

namespace Splp.Gateway.Auth;

/// <summary>
/// Answers 401 (who are you?) and 403 (you may not) as problem+json, after the authentication handler has set its
/// status and WWW-Authenticate header: <c>unauthorized</c> when no credentials were sent, <c>invalid-token</c> when
/// they could not be verified; 403 with the type the refusing check named (<c>forbidden</c>, <c>unknown-consumer</c>,
/// <c>not-subscribed</c>, <c>operation-not-allowed</c>, <c>insufficient-scope</c> with RFC 6750 <c>WWW-Authenticate</c>,
/// <c>subject-mismatch</c>).
/// </summary>
internal sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
        {
            await context.ChallengeAsync();
            var hasCredentials = context.Request.Headers.Authorization.Count > 0 || context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName);
            if (hasCredentials)
            {
                await ProblemResponses.WriteAsync(context, StatusCodes.Status401Unauthorized, ProblemTypes.InvalidToken, "Invalid credentials",
                    "The bearer token or API key is malformed, expired, revoked, or not issued by a trusted issuer for this gateway.",
                    keepHeaders: true);
            }
            else
            {
                await ProblemResponses.WriteAsync(context, StatusCodes.Status401Unauthorized, ProblemTypes.Unauthorized, "Unauthorized",
                    "This service needs a bearer token in the Authorization header (or an API key in X-Api-Key).",
                    keepHeaders: true);
            }

            return;
        }

        if (authorizeResult.Forbidden)
        {
            await context.ForbidAsync();
            var failure = authorizeResult.AuthorizationFailure?.FailureReasons.FirstOrDefault();
            var type = (failure as ProblemAuthorizationFailureReason)?.ProblemType ?? ProblemTypes.Forbidden;
            var reason = failure?.Message ?? "The caller may not call this service.";
            if (failure is InsufficientScopeFailureReason insufficient)
            {
                // RFC 6750 §3: the scope attribute names the scopes the resource needs (one alternative when there are several).
                context.Response.Headers.WWWAuthenticate = $"Bearer error=\"insufficient_scope\", scope=\"{insufficient.Scope}\"";
            }

            await ProblemResponses.WriteAsync(context, StatusCodes.Status403Forbidden, type, "Forbidden", reason, keepHeaders: true);
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
