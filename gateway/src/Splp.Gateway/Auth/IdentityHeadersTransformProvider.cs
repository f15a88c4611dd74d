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

    // The same names with '_' folded to '-': CGI, PHP and WSGI apps read X_Splp_Consumer as X-Splp-Consumer.
    private readonly FrozenSet<string> _strippedFolded = BuiltInStripped.Concat(auth.Value.StripHeaders)
        .Concat([ConsumerHeader, OrganisationHeader, AuthMethodHeader]).Select(Fold).ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        context.AddRequestTransform(Transform);
        // First of the response transforms, before any step (the adapter) starts the response.
        context.ResponseTransforms.Insert(0, new ResponseFuncTransform(StripResponseConnectionNamed));
    }

    /// <summary>Toward the consumer: the fields the upstream named in its <c>Connection</c> header are for its hop only.</summary>
    private static ValueTask StripResponseConnectionNamed(ResponseTransformContext context)
    {
        if (context.ProxyResponse is not { } upstream || context.HttpContext.Response.HasStarted)
        {
            return ValueTask.CompletedTask;
        }

        var connection = upstream.Headers.Connection;
        if (connection.Count == 0)
        {
            return ValueTask.CompletedTask;
        }

        var headers = context.HttpContext.Response.Headers;
        foreach (var token in connection)
        {
            headers.Remove(token);
        }

        headers.Remove("Connection");
        return ValueTask.CompletedTask;
    }

    private ValueTask Transform(RequestTransformContext context)
    {
        var headers = context.ProxyRequest.Headers;
        // Only what the caller sent is removed: headers the gateway's own steps set toward the upstream stay.
        foreach (var header in context.HttpContext.Request.Headers)
        {
            if (IsStripped(header.Key))
            {
                headers.Remove(header.Key);
            }
        }

        // RFC 9110 §7.6.1: the fields named in Connection are for this hop only, and so is Connection itself.
        RemoveConnectionNamed(context.HttpContext.Request.Headers, headers);

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

    /// <summary>
    /// Whether an inbound header must not reach an upstream: case-insensitive, with <c>_</c> and <c>-</c> alike.
    /// Ordinary names (no <c>_</c>) cost one prefix check and one set lookup; only names with <c>_</c> are folded.
    /// </summary>
    internal bool IsStripped(string name)
    {
        if (name.StartsWith(ReservedPrefix, StringComparison.OrdinalIgnoreCase) || _stripped.Contains(name))
        {
            return true;
        }

        if (!name.Contains('_', StringComparison.Ordinal))
        {
            return false;
        }

        var folded = Fold(name);
        return folded.StartsWith(ReservedPrefix, StringComparison.OrdinalIgnoreCase) || _strippedFolded.Contains(folded);
    }

    /// <summary>Removes from <paramref name="outgoing"/> every field named in the inbound <c>Connection</c> header, then <c>Connection</c>.</summary>
    internal static void RemoveConnectionNamed(IHeaderDictionary inbound, System.Net.Http.Headers.HttpHeaders outgoing)
    {
        var connection = inbound.Connection;
        if (connection.Count == 0)
        {
            return;
        }

        foreach (var value in connection)
        {
            if (value is null)
            {
                continue;
            }

            foreach (var token in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                try
                {
                    outgoing.Remove(token);
                }
                catch (Exception ex) when (ex is InvalidOperationException or FormatException)
                {
                    // Not a valid request header name (a content header, a malformed token): nothing of that name was copied here.
                }
            }
        }

        outgoing.Remove("Connection");
    }

    private static string Fold(string name) => name.Replace('_', '-');

    // Claim values come from tokens: only visible ASCII goes into a header.
    private static bool IsHeaderSafe(string value) => value.Length is > 0 and <= 256 && value.All(c => c is > ' ' and <= '~');
}
