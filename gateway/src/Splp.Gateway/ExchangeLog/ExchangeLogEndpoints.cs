using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Splp.Contracts.Kependudukan;
using Splp.Contracts.Problems;
using Splp.Gateway.Problems;

namespace Splp.Gateway.ExchangeLog;

/// <summary>
/// <c>GET /admin/exchanges?nik=…|service=…&amp;from=…&amp;to=…[&amp;limit=…][&amp;cursor=…]</c>: who accessed a NIK or a
/// service in a time range, newest first, masked as logged. Admin scope or role, like the rest of <c>/admin</c>.
/// </summary>
internal static partial class ExchangeLogEndpoints
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    private static readonly AuthorizationPolicy AdminPolicy = new AuthorizationPolicyBuilder()
        .RequireAuthenticatedUser()
        .RequireAssertion(context => Admin.AdminEndpoints.IsAdmin(context.User))
        .Build();

    public static IEndpointRouteBuilder MapSplpExchangeLog(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetService<ExchangeLogQuery>() is not null)
        {
            endpoints.MapGet("/admin/exchanges", QueryAsync).RequireAuthorization(AdminPolicy).ExcludeFromDescription();
        }

        return endpoints;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex ServiceName();

    private static async Task QueryAsync(HttpContext context, ExchangeLogQuery log, SubjectKey subjectKey, Microsoft.Extensions.Options.IOptions<ExchangeLogOptions> options, ILoggerFactory loggers)
    {
        var q = context.Request.Query;
        string? Bad(string detail) => detail;
        string? problem = null;
        string? subject = null;
        string? masked = null;
        var nikText = q["nik"].ToString();
        var service = q["service"].ToString();
        if (q["nik"].Count > 1 || q["service"].Count > 1)
        {
            problem = Bad("Give nik and service at most once each.");
        }
        else if (nikText.Length == 0 && service.Length == 0)
        {
            problem = Bad("Give nik (a 16-digit NIK) or service (a published service name), or both.");
        }
        else if (nikText.Length > 0 && !Nik.TryParse(nikText, out var nik))
        {
            problem = Bad("nik is not a valid NIK (16 digits: region code, birth date, serial).");
        }
        else if (service.Length > 0 && !ServiceName().IsMatch(service))
        {
            problem = Bad("service is not a service name (lower-case letters, digits and '-').");
        }
        else if (nikText.Length > 0)
        {
            var parsed = Nik.Parse(nikText);
            subject = subjectKey.Hash(parsed);
            masked = parsed.Masked;
        }

        DateTimeOffset from = default, to = default;
        if (problem is null && (!TryTime(q["from"].ToString(), out from) || !TryTime(q["to"].ToString(), out to)))
        {
            problem = Bad("from and to are required, as ISO 8601 date-times with an offset, e.g. 2026-11-23T00:00:00+07:00.");
        }
        else if (problem is null && from > to)
        {
            problem = Bad("from is after to.");
        }
        else if (problem is null && to - from > options.Value.MaxQueryRange)
        {
            problem = Bad(string.Create(CultureInfo.InvariantCulture, $"The range is longer than {options.Value.MaxQueryRange.TotalDays:0.##} days; query a shorter one."));
        }

        var limit = DefaultLimit;
        if (problem is null && q["limit"].Count > 0 && (!int.TryParse(q["limit"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            problem = Bad($"limit must be 1-{MaxLimit}.");
        }

        QueryCursor? before = null;
        if (problem is null && q["cursor"].Count > 0 && (before = QueryCursor.TryDecode(q["cursor"].ToString())) is null)
        {
            problem = Bad("cursor is not a cursor this endpoint returned.");
        }

        if (problem is not null)
        {
            await ProblemResponses.WriteAsync(context, StatusCodes.Status400BadRequest, ProblemTypes.InvalidExchangeQuery, "Invalid exchange query", problem);
            return;
        }

        var (items, more, truncated) = log.Run(new ExchangeQuery(subject, service.Length > 0 ? service : null, from, to, limit, before));
        var admin = context.User.FindFirst("sub")?.Value ?? "?";
        var serviceShown = service.Length > 0 ? service : "-";
        var logger = loggers.CreateLogger("Splp.Gateway.ExchangeLog");
        Log.Queried(logger, admin, masked ?? "-", serviceShown, from, to, items.Count);

        context.Response.ContentType = "application/json";
        await using var json = new System.Text.Json.Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteStartArray("items");
        foreach (var (_, line) in items)
        {
            json.WriteRawValue(line, skipInputValidation: true);
        }

        json.WriteEndArray();
        if (more)
        {
            json.WriteString("next", items[^1].Position.Encode());
        }
        else
        {
            json.WriteNull("next");
        }

        if (truncated)
        {
            json.WriteBoolean("truncated", true);
        }

        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }

    private static bool TryTime(string text, out DateTimeOffset value)
    {
        value = default;
        // An offset (or Z) is required: a bare local time is ambiguous across replicas and zones.
        return text.Length is >= 20 and <= 40
            && (text.EndsWith('Z') || text[^6] is '+' or '-')
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7010, Level = LogLevel.Information, Message = "Exchange log query by {Admin}: nik {MaskedNik}, service {Service}, {From:o}..{To:o}: {Count} records")]
        public static partial void Queried(ILogger logger, string admin, string maskedNik, string service, DateTimeOffset from, DateTimeOffset to, int count);
    }
}
