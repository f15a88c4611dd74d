using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Splp.SampleAgencies.Tests.Lapor;

public sealed class LaporAppTests(LaporFixture fixture) : IClassFixture<LaporFixture>
{
    private static readonly string[] ComplaintFields =
    [
        "tracking_id", "title", "content", "category_code", "status", "created_at", "updated_at", "location",
        "is_anonymous", "reporter_nik", "agency_code",
    ];

    private const string ValidBody = """
        {"title":"Jalan berlubang di Jl. Kaliurang Km 7","content":"Lubang besar di depan minimarket, sudah dua pengendara jatuh minggu ini.","category_code":"INFRA","location":{"lat":-7.7512,"lng":110.3901,"kecamatan":"Depok","desa":"Caturtunggal"},"is_anonymous":false,"reporter_nik":"3404074312850001"}
        """;

    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task ListComplaints_Defaults_FirstPageOfTwentyWithPagination()
    {
        var root = await HttpAssert.GetJsonAsync(Client, "api/complaints", HttpStatusCode.OK);

        Assert.Equal(["results", "pagination"], HttpAssert.PropertyNames(root));
        var results = root.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(20, results.Count);
        Assert.Equal(ComplaintFields, HttpAssert.PropertyNames(results[0]));
        Assert.Equal(["lat", "lng", "kecamatan", "desa"], HttpAssert.PropertyNames(results[0].GetProperty("location")));
        var pagination = root.GetProperty("pagination");
        Assert.Equal(["page", "limit", "total_items", "total_pages"], HttpAssert.PropertyNames(pagination));
        Assert.Equal(1, pagination.GetProperty("page").GetInt32());
        Assert.Equal(20, pagination.GetProperty("limit").GetInt32());
        var total = pagination.GetProperty("total_items").GetInt32();
        Assert.True(total >= 150);
        Assert.Equal((total + 19) / 20, pagination.GetProperty("total_pages").GetInt32());
        var created = results.Select(r => r.GetProperty("created_at").GetInt64()).ToList();
        Assert.Equal(created.OrderDescending(), created);
    }

    [Fact]
    public async Task ListComplaints_Filters_OnlyMatchingResults()
    {
        var sample = fixture.Data.Complaints.Last(c => c.Status != "SUBMITTED");
        var expected = fixture.Data.Complaints.Count(c =>
            c.Status == sample.Status && c.CategoryCode == sample.CategoryCode && c.Location.Kecamatan == sample.Location.Kecamatan);

        var root = await HttpAssert.GetJsonAsync(
            Client,
            $"api/complaints?page=1&limit=50&status={sample.Status}&category={sample.CategoryCode.ToLowerInvariant()}&kecamatan={sample.Location.Kecamatan}",
            HttpStatusCode.OK);

        Assert.Equal(expected, root.GetProperty("pagination").GetProperty("total_items").GetInt32());
        Assert.All(root.GetProperty("results").EnumerateArray(), r =>
        {
            Assert.Equal(sample.Status, r.GetProperty("status").GetString());
            Assert.Equal(sample.CategoryCode, r.GetProperty("category_code").GetString());
            Assert.Equal(sample.Location.Kecamatan, r.GetProperty("location").GetProperty("kecamatan").GetString());
        });
    }

    [Fact]
    public async Task ListComplaints_LastPage_HoldsTheRemainder()
    {
        var first = await HttpAssert.GetJsonAsync(Client, "api/complaints?limit=50", HttpStatusCode.OK);
        var pages = first.GetProperty("pagination").GetProperty("total_pages").GetInt32();
        var total = first.GetProperty("pagination").GetProperty("total_items").GetInt32();

        var last = await HttpAssert.GetJsonAsync(Client, $"api/complaints?limit=50&page={pages}", HttpStatusCode.OK);
        var beyond = await HttpAssert.GetJsonAsync(Client, $"api/complaints?limit=50&page={pages + 1}", HttpStatusCode.OK);

        Assert.Equal(total - ((pages - 1) * 50), last.GetProperty("results").GetArrayLength());
        Assert.Equal(0, beyond.GetProperty("results").GetArrayLength());
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("page=x")]
    [InlineData("limit=0")]
    [InlineData("limit=51")]
    [InlineData("limit=-5")]
    public async Task ListComplaints_InvalidPagination_400(string query)
    {
        var root = await HttpAssert.GetJsonAsync(Client, "api/complaints?" + query, HttpStatusCode.BadRequest);

        Assert.Equal(["error", "detail"], HttpAssert.PropertyNames(root));
        Assert.Equal("invalid_pagination", root.GetProperty("error").GetString());
    }

    [Fact]
    public async Task GetComplaint_KnownId_ReturnsComplaint()
    {
        var complaint = fixture.Data.Complaints.First(c => !c.IsAnonymous);

        var root = await HttpAssert.GetJsonAsync(Client, "api/complaints/" + complaint.TrackingId, HttpStatusCode.OK);

        Assert.Equal(ComplaintFields, HttpAssert.PropertyNames(root));
        Assert.Equal(complaint.TrackingId, root.GetProperty("tracking_id").GetString());
        Assert.Equal(complaint.Title, root.GetProperty("title").GetString());
        Assert.Equal(complaint.Content, root.GetProperty("content").GetString());
        Assert.Equal(complaint.CategoryCode, root.GetProperty("category_code").GetString());
        Assert.Equal(complaint.Status, root.GetProperty("status").GetString());
        Assert.Equal(complaint.CreatedAt.ToUnixTimeSeconds(), root.GetProperty("created_at").GetInt64());
        Assert.Equal(complaint.UpdatedAt.ToUnixTimeSeconds(), root.GetProperty("updated_at").GetInt64());
        Assert.Equal(complaint.Location.Lat, root.GetProperty("location").GetProperty("lat").GetDouble());
        Assert.Equal(complaint.Location.Lng, root.GetProperty("location").GetProperty("lng").GetDouble());
        Assert.False(root.GetProperty("is_anonymous").GetBoolean());
        Assert.Equal(complaint.ReporterNik!.Value.Value, root.GetProperty("reporter_nik").GetString());
        Assert.Equal(complaint.AgencyCode, root.GetProperty("agency_code").GetString());
    }

    [Fact]
    public async Task GetComplaint_Anonymous_ReporterNikNull()
    {
        var complaint = fixture.Data.Complaints.First(c => c.IsAnonymous);

        var root = await HttpAssert.GetJsonAsync(Client, "api/complaints/" + complaint.TrackingId, HttpStatusCode.OK);

        Assert.True(root.GetProperty("is_anonymous").GetBoolean());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("reporter_nik").ValueKind);
    }

    [Fact]
    public async Task GetHistory_KnownId_ReturnsEventsOldestFirst()
    {
        var complaint = fixture.Data.Complaints.First(c => c.History.Count >= 3);

        var root = await HttpAssert.GetJsonAsync(Client, $"api/complaints/{complaint.TrackingId}/history", HttpStatusCode.OK);

        Assert.Equal(["tracking_id", "events"], HttpAssert.PropertyNames(root));
        Assert.Equal(complaint.TrackingId, root.GetProperty("tracking_id").GetString());
        var events = root.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(complaint.History.Select(e => e.Status), events.Select(e => e.GetProperty("status").GetString()));
        Assert.Equal(complaint.History.Select(e => e.At.ToUnixTimeSeconds()), events.Select(e => e.GetProperty("at").GetInt64()));
        Assert.Equal(["status", "at", "note"], HttpAssert.PropertyNames(events[0]));
        Assert.Equal("Laporan diterima", events[0].GetProperty("note").GetString());
    }

    [Theory]
    [InlineData("api/complaints/LAPOR-2026-99999")]
    [InlineData("api/complaints/LAPOR-2026-99999/history")]
    [InlineData("api/complaints/unknown")]
    public async Task GetComplaint_UnknownId_404NotFound(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("""{"error":"not_found","detail":"complaint not found"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PostComplaint_ValidBody_201ThenGetAndHistoryAgree()
    {
        var now = new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);
        var time = new FakeTimeProvider(now);
        await using var host = await SampleAgencyHost.StartAsync(SampleAgency.Lapor, AgencyHostFixture.EphemeralLoopback, timeProvider: time);
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        var expectedId = $"LAPOR-2026-{fixture.Data.Complaints.Count(c => c.CreatedAt.Year == 2026) + 1:00000}";

        using var response = await HttpAssert.PostJsonAsync(client, "api/complaints", ValidBody);
        var created = await HttpAssert.JsonAsync(response, HttpStatusCode.Created);

        Assert.Equal(ComplaintFields, HttpAssert.PropertyNames(created));
        Assert.Equal(expectedId, created.GetProperty("tracking_id").GetString());
        Assert.Equal("/api/complaints/" + expectedId, response.Headers.Location?.OriginalString);
        Assert.Equal("SUBMITTED", created.GetProperty("status").GetString());
        Assert.Equal("INFRA", created.GetProperty("category_code").GetString());
        Assert.Equal("DPUPKP", created.GetProperty("agency_code").GetString());
        Assert.Equal(now.ToUnixTimeSeconds(), created.GetProperty("created_at").GetInt64());
        Assert.Equal(now.ToUnixTimeSeconds(), created.GetProperty("updated_at").GetInt64());
        Assert.Equal(-7.7512, created.GetProperty("location").GetProperty("lat").GetDouble());
        Assert.Equal("DEPOK", created.GetProperty("location").GetProperty("kecamatan").GetString());
        Assert.Equal("3404074312850001", created.GetProperty("reporter_nik").GetString());

        var fetched = await HttpAssert.GetJsonAsync(client, "api/complaints/" + expectedId, HttpStatusCode.OK);
        Assert.Equal(created.GetRawText(), fetched.GetRawText());
        var history = await HttpAssert.GetJsonAsync(client, $"api/complaints/{expectedId}/history", HttpStatusCode.OK);
        var submitted = Assert.Single(history.GetProperty("events").EnumerateArray());
        Assert.Equal("SUBMITTED", submitted.GetProperty("status").GetString());
        Assert.Equal(now.ToUnixTimeSeconds(), submitted.GetProperty("at").GetInt64());
        var newest = await HttpAssert.GetJsonAsync(client, "api/complaints?limit=1", HttpStatusCode.OK);
        Assert.Equal(expectedId, newest.GetProperty("results")[0].GetProperty("tracking_id").GetString());
    }

    [Fact]
    public async Task PostComplaint_Anonymous_StoresNoReporter()
    {
        var body = ValidBody.Replace("\"is_anonymous\":false", "\"is_anonymous\":true", StringComparison.Ordinal);

        using var response = await HttpAssert.PostJsonAsync(Client, "api/complaints", body);
        var created = await HttpAssert.JsonAsync(response, HttpStatusCode.Created);

        Assert.True(created.GetProperty("is_anonymous").GetBoolean());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("reporter_nik").ValueKind);
    }

    [Fact]
    public async Task PostComplaint_InvalidFields_422WithEveryField()
    {
        const string body = """{"title":"","content":"short","category_code":"JALAN","location":{"lat":12.5},"reporter_nik":"3404071502850000"}""";

        using var response = await HttpAssert.PostJsonAsync(Client, "api/complaints", body);
        var root = await HttpAssert.JsonAsync(response, HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["error", "detail", "fields"], HttpAssert.PropertyNames(root));
        Assert.Equal("validation_failed", root.GetProperty("error").GetString());
        Assert.Equal(
            ["title", "content", "category_code", "location.lat", "location.lng", "reporter_nik"],
            HttpAssert.PropertyNames(root.GetProperty("fields")));
    }

    [Fact]
    public async Task PostComplaint_NotAnonymousWithoutNik_422()
    {
        var body = ValidBody.Replace(",\"reporter_nik\":\"3404074312850001\"", string.Empty, StringComparison.Ordinal);

        using var response = await HttpAssert.PostJsonAsync(Client, "api/complaints", body);
        var root = await HttpAssert.JsonAsync(response, HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["reporter_nik"], HttpAssert.PropertyNames(root.GetProperty("fields")));
    }

    [Fact]
    public async Task PostComplaint_MissingLocation_422()
    {
        const string body = """{"title":"Lampu jalan mati","content":"Lampu PJU mati sejak minggu lalu.","category_code":"INFRA","is_anonymous":true}""";

        using var response = await HttpAssert.PostJsonAsync(Client, "api/complaints", body);
        var root = await HttpAssert.JsonAsync(response, HttpStatusCode.UnprocessableEntity);

        Assert.Equal("is required", root.GetProperty("fields").GetProperty("location").GetString());
    }

    [Theory]
    [InlineData("{")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("""{"title":42}""")]
    public async Task PostComplaint_InvalidJson_400(string body)
    {
        using var response = await HttpAssert.PostJsonAsync(Client, "api/complaints", body);
        var root = await HttpAssert.JsonAsync(response, HttpStatusCode.BadRequest);

        Assert.Equal("invalid_json", root.GetProperty("error").GetString());
    }

    [Fact]
    public async Task GetHealth_Running_Returns200Ok() =>
        Assert.Equal("OK", await HttpAssert.GetStringAsync(Client, "health", HttpStatusCode.OK));
}
