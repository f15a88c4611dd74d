using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Splp.Contracts.Problems;
using Splp.Gateway.Auth;
using Splp.Gateway.Caching;
using Splp.Gateway.Catalog;
using Splp.Gateway.Problems;

namespace Splp.Gateway.Admin;

/// <summary>
/// The admin API under <c>/admin</c>. Every endpoint needs an authenticated token with admin rights: by default the scope
/// <c>splp.admin</c> (in <c>scope</c>/<c>scp</c>) or the role <c>splp-admin</c> (in a <c>roles</c> claim) — either is
/// enough, so a client-credentials token (scope) and a staff member's token (role) both work; each trusted issuer may
/// name its own (<c>Splp:Auth:Issuers:&lt;name&gt;:AdminScopes</c>/<c>AdminRoles</c>).
/// </summary>
internal static partial class AdminEndpoints
{
    /// <summary>The admin scope.</summary>
    public const string AdminScope = "splp.admin";

    /// <summary>The admin role.</summary>
    public const string AdminRole = "splp-admin";

    private static readonly AuthorizationPolicy AdminPolicy = new AuthorizationPolicyBuilder()
        .RequireAuthenticatedUser()
        .RequireAssertion(context => IsAdmin(context.User))
        .Build();

    public static IEndpointRouteBuilder MapSplpAdmin(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/admin").RequireAuthorization(AdminPolicy).ExcludeFromDescription();
        admin.MapPost("/cache/purge", PurgeAsync);
        admin.MapSplpApiKeyAdmin();
        return endpoints;
    }

    /// <summary>
    /// Whether the caller has admin rights: worked out once per token when its identity was built, by the issuer's
    /// <c>AdminScopes</c>/<c>AdminRoles</c> (defaults <see cref="AdminScope"/>, <see cref="AdminRole"/>). API keys never do.
    /// </summary>
    internal static bool IsAdmin(ClaimsPrincipal user) =>
        user.Identity is Consumers.GatewayIdentity { IsAuthenticated: true } identity && identity.Rights.HasFlag(Consumers.GatewayRights.Admin);

    /// <summary>
    /// <c>POST /admin/cache/purge</c> with <c>{"service": "wilayah"}</c> (every entry of a service) or
    /// <c>{"prefix": "wilayah|provinsi|/wilayah/v1/provinsi"}</c> (keys are <c>{service}|{operation}|{path}?{query}|{variance}</c>);
    /// effective on every replica.
    /// </summary>
    private static async Task PurgeAsync(HttpContext context, ServiceCatalogProvider catalog, ISharedResponseCache cache, CachingMetrics metrics, ILoggerFactory loggers)
    {
        PurgeRequest? request;
        try
        {
            request = await context.Request.ReadFromJsonAsync(AdminJsonContext.Default.PurgeRequest, context.RequestAborted);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or BadHttpRequestException)
        {
            request = null;
        }

        string? prefix = null;
        if (request is { Service: { Length: > 0 } service, Prefix: null })
        {
            prefix = catalog.Current.Services.ContainsKey(service) ? CacheKey.ServicePrefix(service) : null;
        }
        else if (request is { Service: null, Prefix: { Length: > 0 } p } && p.IndexOf('|', StringComparison.Ordinal) is > 0 and var bar
            && catalog.Current.Services.ContainsKey(p[..bar]))
        {
            prefix = p;
        }

        if (prefix is null)
        {
            await ProblemResponses.WriteAsync(
                context,
                StatusCodes.Status400BadRequest,
                ProblemTypes.InvalidRequest,
                "Invalid purge request",
                "Send {\"service\": \"<published service>\"} or {\"prefix\": \"<service>|...\"}: exactly one, naming a published service.");
            return;
        }

        var removed = await cache.PurgeAsync(prefix);
        metrics.Purge();
        var logger = loggers.CreateLogger("Splp.Gateway.Admin");
        var admin = context.User.FindFirst("sub")?.Value ?? "?";
        Log.Purged(logger, prefix, admin, removed);
        await context.Response.WriteAsJsonAsync(new PurgeResponse(prefix, removed), AdminJsonContext.Default.PurgeResponse, contentType: null, context.RequestAborted);
    }

    internal sealed record PurgeRequest(
        [property: JsonPropertyName("service")] string? Service,
        [property: JsonPropertyName("prefix")] string? Prefix);

    internal sealed record PurgeResponse(
        [property: JsonPropertyName("prefix")] string Prefix,
        [property: JsonPropertyName("removed")] long Removed);

    private static partial class Log
    {
        [LoggerMessage(EventId = 5301, Level = LogLevel.Information, Message = "Cache purge of '{Prefix}' by {Admin}: {Removed} entries removed here and in Redis; every replica notified")]
        public static partial void Purged(ILogger logger, string prefix, string admin, long removed);
    }
}

[JsonSerializable(typeof(AdminEndpoints.PurgeRequest))]
[JsonSerializable(typeof(AdminEndpoints.PurgeResponse))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
