using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Splp.Contracts.Problems;
using Splp.Gateway.Catalog;
using Splp.Gateway.Consumers;

namespace Splp.Gateway.Auth;

/// <summary>
/// Decides whether the authenticated caller may call a service: the consumer must be registered (when
/// <c>Splp:Auth:RequireRegisteredConsumer</c>), vouched for by an issuer it accepts, subscribed to the service (when it
/// declares subscriptions, or registration is required), allowed the operation, and hold one of the scopes the
/// service requires (or the service requires none). Bearer scopes are read from the space-separated <c>scope</c>
/// claim (RFC 9068) or repeated <c>scp</c>/<c>scope</c> claims, limited to the subscription's scopes when it lists
/// any; an API-key caller holds its subscription's scopes. Each refusal names a stable problem type.
/// </summary>
internal sealed class ServiceAccessHandler(ServiceCatalogProvider catalog, ConsumerRegistry registry, IOptions<AuthOptions> auth) : AuthorizationHandler<ServiceAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ServiceAccessRequirement requirement)
    {
        if (!catalog.Current.Services.TryGetValue(requirement.Service, out var service))
        {
            return Task.CompletedTask;
        }

        var user = context.User;
        var consumerId = ConsumerIdentity.Id(user);
        var consumer = registry.Find(consumerId);
        var isApiKey = ConsumerIdentity.AuthMethod(user) == GatewayClaims.ApiKey;
        if (consumer is not null && consumer.Issuers.Count > 0 && !isApiKey
            && !consumer.Issuers.Contains(ConsumerIdentity.IssuerName(user) ?? ""))
        {
            Fail(context, ProblemTypes.UnknownConsumer, $"Consumer '{consumerId}' is not vouched for by this token's issuer.");
            return Task.CompletedTask;
        }

        if (consumer is null && (auth.Value.RequireRegisteredConsumer || isApiKey))
        {
            Fail(context, ProblemTypes.UnknownConsumer, consumerId is null
                ? "The credentials name no consumer (client_id or azp)."
                : $"Consumer '{consumerId}' is not registered with this gateway.");
            return Task.CompletedTask;
        }

        Subscription? subscription = null;
        if (consumer is not null && (consumer.Subscriptions.Count > 0 || auth.Value.RequireRegisteredConsumer || isApiKey)
            && !consumer.Subscriptions.TryGetValue(service.Name, out subscription))
        {
            Fail(context, ProblemTypes.NotSubscribed, $"Consumer '{consumer.Id}' is not subscribed to service '{service.Name}'.");
            return Task.CompletedTask;
        }

        if (service.Scopes.Count > 0 && !HoldsAnyScope(user, subscription, isApiKey, service.Scopes))
        {
            Fail(context, ProblemTypes.Forbidden, $"The caller holds none of the scopes service '{service.Name}' requires: {string.Join(", ", service.Scopes)}.");
            return Task.CompletedTask;
        }

        if (subscription is { Operations.Count: > 0 } && context.Resource is HttpContext http && service.ContractDocument is { } contract
            && contract.TryResolve(http.Request.Method, service.ContractPath(http.Request.Path), out var operation, out _)
            && !subscription.Operations.Contains(operation.OperationId))
        {
            Fail(context, ProblemTypes.OperationNotAllowed, $"Consumer '{consumer!.Id}' may not call operation '{operation.OperationId}' of service '{service.Name}'.");
            return Task.CompletedTask;
        }

        context.Succeed(requirement);
        return Task.CompletedTask;
    }

    private void Fail(AuthorizationHandlerContext context, string type, string message) =>
        context.Fail(new ProblemAuthorizationFailureReason(this, message, type));

    private static bool HoldsAnyScope(ClaimsPrincipal user, Subscription? subscription, bool isApiKey, IReadOnlyList<string> required)
    {
        if (isApiKey)
        {
            return subscription is not null && required.Any(subscription.Scopes.Contains);
        }

        if (subscription is { Scopes.Count: > 0 })
        {
            var granted = required.Where(subscription.Scopes.Contains).ToArray();
            return granted.Length > 0 && HasAnyScope(user, granted);
        }

        return HasAnyScope(user, required);
    }

    internal static bool HasAnyScope(ClaimsPrincipal user, IReadOnlyList<string> required)
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

/// <summary>An authorization refusal that names its problem type.</summary>
internal sealed class ProblemAuthorizationFailureReason(IAuthorizationHandler handler, string message, string problemType) : AuthorizationFailureReason(handler, message)
{
    /// <summary>The problem type the 403 carries.</summary>
    public string ProblemType { get; } = problemType;
}
