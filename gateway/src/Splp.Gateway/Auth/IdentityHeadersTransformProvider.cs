using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using Splp.Gateway.Consumers;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Splp.Gateway.Auth;

/// <summary>
/// Toward every upstream: removes each inbound header under <c>X-Splp-</c>, the API key, and the identity headers
/// an upstream could believe (<see cref="BuiltInStripped"/> plus <c>Splp:Auth:StripHeaders</c>), then sets the
/// verified identity — <c>X-Splp-Consumer</c>, <c>X-Splp-Organisation</c> (when known), <c>X-Splp-Auth-Method</c>
/// (<c>bearer</c> or <c>api-key</c>) — for authenticated callers. A consumer can never choose what the agency app
/// reads as its identity.
/// </summary>
internal sealed class IdentityHeadersTransformProvider(IOptions<AuthOptions> auth) : ITransformProvider
{
    /// <summary>The reserved prefix: inbound headers under it never reach an upstream.</summary>
    public const string ReservedPrefix = "X-Splp-";

    /// <summary>The verified consumer id.</summary>
    public const string ConsumerHeader = "X-Splp-Consumer";

    /// <summary>The consumer's owning organisation.</summary>
    public const string OrganisationHeader = "X-Splp-Organisation";

    /// <summary>How the consumer authenticated.</summary>
    public const string AuthMethodHeader = "X-Splp-Auth-Method";

    /// <summary>Identity headers always removed.</summary>
    public static readonly IReadOnlyList<string> BuiltInStripped =
        ["X-Consumer-Id", "X-Forwarded-User", "X-Remote-User", "X-Authenticated-User", "X-User", "X-User-Id", "Remote-User", ApiKeyAuthenticationHandler.HeaderName];

    private readonly FrozenSet<string> _stripped = BuiltInStripped.Concat(auth.Value.StripHeaders).ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context) => context.AddRequestTransform(Transform);

    private ValueTask Transform(RequestTransformContext context)
    {
        var headers = context.ProxyRequest.Headers;
        // Only what the caller sent is removed: headers the gateway's own steps set toward the upstream stay.
        foreach (var header in context.HttpContext.Request.Headers)
        {
            if (header.Key.StartsWith(ReservedPrefix, StringComparison.OrdinalIgnoreCase) || _stripped.Contains(header.Key))
            {
                headers.Remove(header.Key);
            }
        }

        var user = context.HttpContext.User;
        if (ConsumerIdentity.Id(user) is { } consumer && IsHeaderSafe(consumer))
        {
            headers.TryAddWithoutValidation(ConsumerHeader, consumer);
            if (ConsumerIdentity.Organisation(user) is { } organisation && IsHeaderSafe(organisation))
            {
                headers.TryAddWithoutValidation(OrganisationHeader, organisation);
            }

            var method = ConsumerIdentity.AuthMethod(user) ?? GatewayClaims.Bearer;
            headers.TryAddWithoutValidation(AuthMethodHeader, method);
        }

        return ValueTask.CompletedTask;
    }

    // Claim values come from tokens: only visible ASCII goes into a header.
    private static bool IsHeaderSafe(string value) => value.Length is > 0 and <= 256 && value.All(c => c is > ' ' and <= '~');
}
