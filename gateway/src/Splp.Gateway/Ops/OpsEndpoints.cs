using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Splp.Contracts.Problems;
using Splp.Gateway.Admin;
using Splp.Gateway.Catalog;
using Splp.Gateway.Problems;

namespace Splp.Gateway.Ops;

/// <summary>
/// <c>GET /ops</c> (the dashboard page and its script and style, no data), <c>GET /ops/api/services</c> (the inventory),
/// <c>GET /ops/api/failures</c> (recent failed exchanges) and <c>GET /admin/reports/monthly</c> (the SPBE figures).
/// </summary>
internal static class OpsEndpoints
{
    /// <summary>
    /// Everything the page loads comes from the gateway itself; no inline script or style, no frames, no forms.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private const int MaxFailures = 500;

    private static readonly AuthorizationPolicy AdminPolicy = new AuthorizationPolicyBuilder()
        .RequireAuthenticatedUser()
        .RequireAssertion(context => AdminEndpoints.IsAdmin(context.User))
        .Build();

    public static IEndpointRouteBuilder MapSplpOps(this IEndpointRouteBuilder endpoints)
    {
        var access = endpoints.ServiceProvider.GetRequiredService<OpsAccess>();
        endpoints.MapGet("/ops", (HttpContext context) => Asset(context, "ops.html", "text/html; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapGet("/ops/ops.js", (HttpContext context) => Asset(context, "ops.js", "text/javascript; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapGet("/ops/ops.css", (HttpContext context) => Asset(context, "ops.css", "text/css; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();

        var api = endpoints.MapGroup("/ops/api").RequireAuthorization(access.Policy()).ExcludeFromDescription();
        api.MapGet("/services", (OpsInventory inventory, OpsActivity activity, IOptions<OpsOptions> options) =>
        {
            var settings = options.Value;
            return TypedResults.Ok(new InventoryResponse(
                activity.Time.GetUtcNow(),
                (int)settings.RefreshInterval.TotalSeconds,
                (int)settings.Window.TotalSeconds,
                activity.Started,
                inventory.Evaluate()));
        });
        api.MapGet("/failures", async (HttpContext context, OpsActivity activity) =>
        {
            var limit = 50;
            if (context.Request.Query.TryGetValue("limit", out var raw)
                && (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxFailures))
            {
                await ProblemResponses.WriteAsync(context, 400, ProblemTypes.InvalidRequest, "Invalid limit",
                    $"limit must be a whole number from 1 to {MaxFailures}.");
                return;
            }

            await context.Response.WriteAsJsonAsync(new FailuresResponse(activity.RecentFailures(limit)), context.RequestAborted);
        });

        endpoints.MapGet("/admin/reports/monthly", MonthlyAsync).RequireAuthorization(AdminPolicy).ExcludeFromDescription();
        return endpoints;
    }

    /// <summary><c>GET /admin/reports/monthly?month=2026-11&amp;format=json|csv</c>; month defaults to the current one, format to JSON.</summary>
    private static async Task MonthlyAsync(HttpContext context, OpsSampler sampler, IOpsReportStore store, ServiceCatalogProvider catalog, OpsActivity activity, IOptions<OpsOptions> options)
    {
        var query = context.Request.Query;
        var offset = options.Value.ReportOffset;
        var now = activity.Time.GetUtcNow();
        var (current, _) = OpsSampler.MonthOf(now, offset);
        var month = query.TryGetValue("month", out var m) ? m.ToString() : current;
        var format = query.TryGetValue("format", out var f) ? f.ToString() : "json";
        if (!DateTime.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            || string.CompareOrdinal(month, current) > 0 || parsed.Year < 2000)
        {
            await ProblemResponses.WriteAsync(context, 400, ProblemTypes.InvalidRequest, "Invalid month",
                $"month must be a past or the current month as yyyy-MM (e.g. {current}).");
            return;
        }

        if (format is not ("json" or "csv"))
        {
            await ProblemResponses.WriteAsync(context, 400, ProblemTypes.InvalidRequest, "Invalid format", "format must be json or csv.");
            return;
        }

        if (month == current)
        {
            // This replica's counts since its last flush belong in the figures too.
            await sampler.FlushAsync(context.RequestAborted);
        }

        var stored = await store.ReadAsync(month, context.RequestAborted);
        var report = MonthlyReport.Build(month, offset, now, catalog.Current, stored);
        if (format == "csv")
        {
            context.Response.ContentType = "text/csv; charset=utf-8; header=present";
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"splp-{month}.csv\"";
            await context.Response.WriteAsync(report.ToCsv(), context.RequestAborted);
            return;
        }

        await context.Response.WriteAsJsonAsync(report, context.RequestAborted);
    }

    private static async Task Asset(HttpContext context, string name, string contentType)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        context.Response.ContentType = contentType;
        await using var stream = typeof(OpsEndpoints).Assembly.GetManifestResourceStream("Splp.Gateway.Ops.Assets." + name)
            ?? throw new InvalidOperationException($"The embedded asset {name} is missing from the build.");
        await stream.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    internal sealed record InventoryResponse(DateTimeOffset GeneratedAt, int RefreshSeconds, int WindowSeconds, DateTimeOffset TrackingSince, IReadOnlyList<ServiceView> Services);

    internal sealed record FailuresResponse(IReadOnlyList<FailedExchange> Failures);
}
