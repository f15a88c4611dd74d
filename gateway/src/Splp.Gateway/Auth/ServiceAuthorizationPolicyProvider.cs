using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Splp.Gateway.Auth;

/// <summary>
/// Supplies one authorization policy per service (<c>splp-service:{name}</c>): an authenticated caller
/// that satisfies the service's current access rules. The rules are read from the catalog at evaluation
/// time, so a catalog reload changes them without rebuilding policies.
/// </summary>
internal sealed class ServiceAuthorizationPolicyProvider(IOptions<AuthorizationOptions> options) : DefaultAuthorizationPolicyProvider(options)
{
    private const string Prefix = "splp-service:";
    private readonly ConcurrentDictionary<string, AuthorizationPolicy> _policies = new(StringComparer.Ordinal);

    public static string PolicyNameFor(string service) => Prefix + service;

    /// <summary>
    /// A service's policy never changes (its rules are read at evaluation), so the authorization middleware may keep
    /// each endpoint's combined policy instead of combining it again on every request.
    /// </summary>
    public override bool AllowsCachingPolicies => true;

    public override Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
    {
        if (!policyName.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return base.GetPolicyAsync(policyName);
        }

        var policy = _policies.GetOrAdd(policyName, static name => new AuthorizationPolicyBuilder()
            .RequireAuthenticatedUser()
            .AddRequirements(new ServiceAccessRequirement(name[Prefix.Length..]))
            .Build());
        return Task.FromResult<AuthorizationPolicy?>(policy);
    }
}

/// <summary>The caller may call the named service.</summary>
internal sealed record ServiceAccessRequirement(string Service) : IAuthorizationRequirement;
