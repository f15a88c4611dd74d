using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Splp.Contracts.Loading;
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
/// any; an API-key caller holds its subscription's scopes. On top of the service's scopes, the request's contract
/// operation (resolved once) must have its security requirement met (<see cref="PublishedService.OperationAccess"/>:
/// one alternative, all its scopes), and a consumer bound to its token's subject may only name that subject in the
/// operation's <c>x-splp-subject</c> parameters. Each refusal names a stable problem type.
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

        // The operation is resolved once, here, for every check that needs it.
        ContractOperation? operation = null;
        IReadOnlyDictionary<string, string>? pathValues = null;
        var http = context.Resource as HttpContext;
        if (http is not null && service.ContractDocument is { } contract
            && contract.TryResolve(http.Request.Method, service.ContractPath(http.Request.Path), out var resolved, out var values))
        {
            operation = resolved;
            pathValues = values;
        }

        if (operation is not null && subscription is { Operations.Count: > 0 } && !subscription.Operations.Contains(operation.OperationId))
        {
            Fail(context, ProblemTypes.OperationNotAllowed, $"Consumer '{consumer!.Id}' may not call operation '{operation.OperationId}' of service '{service.Name}'.");
            return Task.CompletedTask;
        }

        if (operation is not null && service.OperationAccess.TryGetValue(operation.OperationId, out var needed) && !Meets(user, subscription, isApiKey, needed))
        {
            var alternatives = needed.Describe().ToArray();
            context.Fail(new InsufficientScopeFailureReason(
                this,
                $"Operation '{operation.OperationId}' of service '{service.Name}' needs the scope{(alternatives.Length == 1 && !alternatives[0].Contains(' ', StringComparison.Ordinal) ? "" : "s")} "
                + string.Join(" or ", alternatives.Select(a => $"'{a}'"))
                + (isApiKey ? ", granted by the API key's subscription." : (subscription is { Scopes.Count: > 0 } ? " in the token, also granted by the subscription." : " in the token.")),
                alternatives[0]));
            return Task.CompletedTask;
        }

        if (consumer?.SubjectClaim is { } subjectClaim)
        {
            var refusal = SubjectRefusal(user, subjectClaim, operation, pathValues, http);
            if (refusal is not null)
            {
                Fail(context, ProblemTypes.SubjectMismatch, $"Consumer '{consumer.Id}' may only ask about its token's subject ('{subjectClaim}'): {refusal}");
                return Task.CompletedTask;
            }
        }

        context.Succeed(requirement);
        return Task.CompletedTask;
    }

    /// <summary>Why a subject-bound request is refused, or null when it names exactly the token's subject.</summary>
    private static string? SubjectRefusal(ClaimsPrincipal user, string subjectClaim, ContractOperation? operation, IReadOnlyDictionary<string, string>? pathValues, HttpContext? http)
    {
        var subject = user.FindFirst(subjectClaim)?.Value;
        if (string.IsNullOrEmpty(subject))
        {
            return "the token carries no such claim.";
        }

        if (operation is null || !operation.HasSubjectParameter)
        {
            return "this operation names no person, so a subject-bound consumer may not call it.";
        }

        var named = 0;
        foreach (var name in operation.SubjectPathParameters)
        {
            if (pathValues is not null && pathValues.TryGetValue(name, out var value))
            {
                if (!string.Equals(value, subject, StringComparison.Ordinal))
                {
                    return $"'{name}' names another person.";
                }

                named++;
            }
        }

        foreach (var name in operation.SubjectQueryParameters)
        {
            if (http is not null && http.Request.Query.TryGetValue(name, out var values))
            {
                foreach (var value in values)
                {
                    if (!string.Equals(value, subject, StringComparison.Ordinal))
                    {
                        return $"'{name}' names another person.";
                    }

                    named++;
                }
            }
        }

        return named == 0 ? "the request names no person." : null;
    }

    /// <summary>Whether the caller meets one of the requirement's alternatives in full (OpenAPI: OR of ANDs).</summary>
    private static bool Meets(ClaimsPrincipal user, Subscription? subscription, bool isApiKey, ScopeRequirement requirement)
    {
        if (requirement.IsOpen)
        {
            return true;
        }

        foreach (var alternative in requirement.Alternatives)
        {
            var all = true;
            foreach (var scope in alternative)
            {
                if (!Holds(user, subscription, isApiKey, scope))
                {
                    all = false;
                    break;
                }
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the caller holds <paramref name="scope"/> on this service: an API key when its subscription grants it; a
    /// bearer token when it carries it and its subscription, if it lists scopes, grants it too (subscriptions narrow).
    /// </summary>
    private static bool Holds(ClaimsPrincipal user, Subscription? subscription, bool isApiKey, string scope)
    {
        if (isApiKey)
        {
            return subscription is not null && subscription.Scopes.Contains(scope);
        }

        if (subscription is { Scopes.Count: > 0 } && !subscription.Scopes.Contains(scope))
        {
            return false;
        }

        return HasScope(user, scope);
    }

    private static bool HasScope(ClaimsPrincipal user, string scope) =>
        user.Identity is GatewayIdentity { AuthMethod: GatewayClaims.Bearer, Scopes.Count: > 0 } identity
            ? identity.Scopes.Contains(scope)
            : HasAnyScope(user, [scope]);

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
internal class ProblemAuthorizationFailureReason(IAuthorizationHandler handler, string message, string problemType) : AuthorizationFailureReason(handler, message)
{
    /// <summary>The problem type the 403 carries.</summary>
    public string ProblemType { get; } = problemType;
}

/// <summary>A refusal for want of scopes: 403 <c>insufficient-scope</c> with RFC 6750 <c>WWW-Authenticate</c> naming them.</summary>
internal sealed class InsufficientScopeFailureReason(IAuthorizationHandler handler, string message, string scope)
    : ProblemAuthorizationFailureReason(handler, message, ProblemTypes.InsufficientScope)
{
    /// <summary>The scopes (space-separated) that would meet the requirement, for <c>WWW-Authenticate</c>.</summary>
    public string Scope { get; } = scope;
}
