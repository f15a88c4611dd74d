using System.Text.Json;
using Splp.Contracts.Kependudukan;
using Splp.SampleAgencies.Generation;
using Splp.SampleAgencies.Http;

namespace Splp.SampleAgencies.Lapor;

/// <summary>
/// The complaint app (SP4N-LAPOR-like): JSON with English snake_case names, Unix epoch seconds,
/// paginated lists and <c>{error, detail}</c> errors.
/// </summary>
internal sealed class LaporApp
{
    public const int MaxLimit = 50;

    private static readonly byte[] NotFound = Error("not_found", "complaint not found");
    private static readonly byte[] InvalidPage = Error("invalid_pagination", "page must be an integer >= 1");
    private static readonly byte[] InvalidLimit = Error("invalid_pagination", "limit must be an integer between 1 and 50");

    private readonly ComplaintStore _store;
    private readonly TimeProvider _timeProvider;

    private LaporApp(SampleDataSet data, TimeProvider timeProvider)
    {
        _store = new ComplaintStore(data.Complaints);
        _timeProvider = timeProvider;
    }

    public static void Map(WebApplication app, SampleDataSet data, TimeProvider timeProvider)
    {
        var service = new LaporApp(data, timeProvider);
        app.MapGet("/api/complaints", service.ListAsync);
        app.MapGet("/api/complaints/{tracking_id}", service.GetAsync);
        app.MapGet("/api/complaints/{tracking_id}/history", service.HistoryAsync);
        app.MapPost("/api/complaints", service.CreateAsync);
    }

    private Task GetAsync(HttpContext context) =>
        TryFind(context, out var entry)
            ? Responses.JsonAsync(context, StatusCodes.Status200OK, entry.Object)
            : Responses.JsonAsync(context, StatusCodes.Status404NotFound, NotFound);

    private Task HistoryAsync(HttpContext context) =>
        TryFind(context, out var entry)
            ? Responses.JsonAsync(context, StatusCodes.Status200OK, entry.History)
            : Responses.JsonAsync(context, StatusCodes.Status404NotFound, NotFound);

    private bool TryFind(HttpContext context, out ComplaintStore.Entry entry)
    {
        entry = null!;
        return context.Request.RouteValues["tracking_id"] is string id && _store.TryGet(id, out entry);
    }

    private Task ListAsync(HttpContext context)
    {
        if (!Responses.TryPositiveInt(Responses.Query(context, "page"), 1, out var page))
        {
            return Responses.JsonAsync(context, StatusCodes.Status400BadRequest, InvalidPage);
        }

        if (!Responses.TryPositiveInt(Responses.Query(context, "limit"), 20, out var limit) || limit > MaxLimit)
        {
            return Responses.JsonAsync(context, StatusCodes.Status400BadRequest, InvalidLimit);
        }

        var query = new ListQuery(
            _store.Snapshot,
            Responses.Query(context, "status"),
            Responses.Query(context, "category"),
            Responses.Query(context, "kecamatan"),
            page,
            limit);
        return Responses.JsonAsync(context, StatusCodes.Status200OK, query, static (w, q) =>
        {
            var skip = (long)(q.Page - 1) * q.Limit;
            var total = 0;
            w.WriteStartObject();
            w.WriteStartArray("results");

            // Newest first.
            for (var i = q.Entries.Length - 1; i >= 0; i--)
            {
                var complaint = q.Entries[i].Complaint;
                if (!Matches(q.Status, complaint.Status) || !Matches(q.Category, complaint.CategoryCode) || !Matches(q.Kecamatan, complaint.Location.Kecamatan))
                {
                    continue;
                }

                if (total >= skip && total < skip + q.Limit)
                {
                    w.WriteRawValue(q.Entries[i].Object, skipInputValidation: true);
                }

                total++;
            }

            w.WriteEndArray();
            w.WriteStartObject("pagination");
            w.WriteNumber("page", q.Page);
            w.WriteNumber("limit", q.Limit);
            w.WriteNumber("total_items", total);
            w.WriteNumber("total_pages", (total + q.Limit - 1) / q.Limit);
            w.WriteEndObject();
            w.WriteEndObject();
        });

        static bool Matches(string? filter, string? value) =>
            filter is null || string.Equals(filter, value, StringComparison.OrdinalIgnoreCase);
    }

    private async Task CreateAsync(HttpContext context)
    {
        ComplaintRequest? request;
        string? jsonPath = null;
        try
        {
            request = await JsonSerializer.DeserializeAsync(context.Request.Body, LaporJsonContext.Default.ComplaintRequest, context.RequestAborted);
        }
        catch (JsonException e)
        {
            request = null;
            jsonPath = e.Path;
        }

        if (request is null)
        {
            var detail = jsonPath is null
                ? "request body must be a JSON object"
                : "request body is not valid JSON for a complaint (at " + jsonPath + ")";
            await Responses.JsonAsync(context, StatusCodes.Status400BadRequest, Error("invalid_json", detail));
            return;
        }

        var fields = Validate(request, out var category, out var reporter);
        if (fields.Count > 0)
        {
            await Responses.JsonAsync(context, StatusCodes.Status422UnprocessableEntity, fields, static (w, f) =>
            {
                w.WriteStartObject();
                w.WriteString("error", "validation_failed");
                w.WriteString("detail", f.Count == 1 ? "1 field is invalid" : f.Count + " fields are invalid");
                w.WriteStartObject("fields");
                foreach (var (field, message) in f)
                {
                    w.WriteString(field, message);
                }

                w.WriteEndObject();
                w.WriteEndObject();
            });
            return;
        }

        var now = _timeProvider.GetUtcNow().ToOffset(Wib.Offset);
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        var anonymous = request.IsAnonymous ?? false;
        var location = request.Location!;
        var entry = _store.Add(now, trackingId => new Complaint
        {
            TrackingId = trackingId,
            Title = request.Title!.Trim(),
            Content = request.Content!.Trim(),
            CategoryCode = category!.Code,
            Status = ComplaintCategories.Submitted,
            CreatedAt = now,
            UpdatedAt = now,
            Location = new ComplaintLocation(
                location.Lat!.Value,
                location.Lng!.Value,
                string.IsNullOrWhiteSpace(location.Kecamatan) ? null : location.Kecamatan.Trim().ToUpperInvariant(),
                string.IsNullOrWhiteSpace(location.Desa) ? null : location.Desa.Trim().ToUpperInvariant()),
            IsAnonymous = anonymous,
            ReporterNik = anonymous ? null : reporter,
            AgencyCode = category.AgencyCode,
            History = [new ComplaintEvent(ComplaintCategories.Submitted, now, "Laporan diterima")],
        });

        context.Response.Headers.Location = "/api/complaints/" + entry.Complaint.TrackingId;
        await Responses.JsonAsync(context, StatusCodes.Status201Created, entry.Object);
    }

    private static List<(string Field, string Message)> Validate(ComplaintRequest request, out ComplaintCategory? category, out Nik? reporter)
    {
        var fields = new List<(string, string)>();
        Required(fields, "title", request.Title, 5, 150);
        Required(fields, "content", request.Content, 10, 5000);

        category = ComplaintCategories.Find(request.CategoryCode);
        if (string.IsNullOrWhiteSpace(request.CategoryCode))
        {
            fields.Add(("category_code", "is required"));
        }
        else if (category is null)
        {
            fields.Add(("category_code", "must be one of " + string.Join(", ", ComplaintCategories.All.Select(c => c.Code))));
        }

        if (request.Location is not { } location)
        {
            fields.Add(("location", "is required"));
        }
        else
        {
            // Anywhere in Indonesia: the bounding box of the archipelago.
            if (location.Lat is not { } lat)
            {
                fields.Add(("location.lat", "is required"));
            }
            else if (lat is < -11 or > 6)
            {
                fields.Add(("location.lat", "must be between -11 and 6"));
            }

            if (location.Lng is not { } lng)
            {
                fields.Add(("location.lng", "is required"));
            }
            else if (lng is < 95 or > 141)
            {
                fields.Add(("location.lng", "must be between 95 and 141"));
            }
        }

        reporter = null;
        var anonymous = request.IsAnonymous ?? false;
        if (string.IsNullOrWhiteSpace(request.ReporterNik))
        {
            if (!anonymous)
            {
                fields.Add(("reporter_nik", "is required unless is_anonymous is true"));
            }
        }
        else if (Nik.TryParse(request.ReporterNik, out var nik))
        {
            reporter = nik;
        }
        else
        {
            fields.Add(("reporter_nik", "is not a valid NIK"));
        }

        return fields;
    }

    private static void Required(List<(string, string)> fields, string name, string? value, int min, int max)
    {
        var length = value?.Trim().Length ?? 0;
        if (length == 0)
        {
            fields.Add((name, "is required"));
        }
        else if (length < min || length > max)
        {
            fields.Add((name, $"must be {min}-{max} characters"));
        }
    }

    private static byte[] Error(string error, string detail) => Responses.Utf8Json(w =>
    {
        w.WriteStartObject();
        w.WriteString("error", error);
        w.WriteString("detail", detail);
        w.WriteEndObject();
    });

    private sealed record ListQuery(ComplaintStore.Entry[] Entries, string? Status, string? Category, string? Kecamatan, int Page, int Limit);
}
