using Microsoft.AspNetCore.Authorization;
using Splp.Gateway.Catalog;

namespace Splp.Gateway.Auth;

/// <summary>
/// Succeeds when the caller's token carries one of the scopes the service requires (or the service
/// requires none). Scopes are read from the space-separated <c>scope</c> claim (RFC 9068) or
/// from repeated <c>scp</c>/<c>scope</c> claims.
/// </summary>
internal sealed class ServiceAccessHandler(ServiceCatalogProvider catalog) : AuthorizationHandler<ServiceAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ServiceAccessRequirement requirement)
    {
        if (!catalog.Current.Services.TryGetValue(requirement.Service, out var service))
        {
            return Task.CompletedTask;
        }

        if (service.Scopes.Count == 0 || HasAnyScope(context.User, service.Scopes))
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this, $"The token carries none of the scopes service '{service.Name}' requires: {string.Join(", ", service.Scopes)}."));
        }

        return Task.CompletedTask;
    }

    internal static bool HasAnyScope(System.Security.Claims.ClaimsPrincipal user, IReadOnlyList<string> required)
    {
        foreach (var claim in user.Claims)
        {
            if (claim.Type is not ("scope" or "scp"))
            {
                continue;
            }

            foreach (var range in claim.Value.AsSpan().Split(' '))
            {
                var granted = claim.Value.AsSpan()[range];
                foreach (var scope in required)
                {
                    if (granted.SequenceEqual(scope))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }
}
