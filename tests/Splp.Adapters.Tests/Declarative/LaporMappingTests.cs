using System.Globalization;
using System.Text.Json;
using Splp.Contracts.Problems;
using Splp.SampleAgencies;

namespace Splp.Adapters.Tests.Declarative;

/// <summary><c>lapor-sp4n.json</c> against the real complaint sample app (read-only operations).</summary>
public sealed class LaporMappingTests(LaporUpstream upstream) : IClassFixture<LaporUpstream>
{
    private static readonly IServiceAdapter Adapter = MappingHarness.LoadMappingFile("lapor-sp4n");
    private static readonly IReadOnlyList<Complaint> Complaints = SampleDataSet.Default.Complaints;

    internal static readonly Dictionary<string, string> Status = new()
    {
        ["SUBMITTED"] = "DIAJUKAN", ["VERIFIED"] = "DIVERIFIKASI", ["IN_PROGRESS"] = "DIPROSES",
        ["RESOLVED"] = "SELESAI", ["CLOSED"] = "DITUTUP", ["REJECTED"] = "DITOLAK",
    };

    internal static string Kategori(string upstreamCode) => upstreamCode == "INFRA" ? "INFRASTRUKTUR" : upstreamCode;

    internal static void AssertAduan(Complaint expected, JsonElement actual)
    {
        Assert.Equal(expected.TrackingId, actual.GetProperty("nomorTiket").GetString());
        Assert.Equal(expected.Title, actual.GetProperty("judul").GetString());
        Assert.Equal(expected.Content, actual.GetProperty("isi").GetString());
        Assert.Equal(Kategori(expected.CategoryCode), actual.GetProperty("kategori").GetString());
        Assert.Equal(Status[expected.Status], actual.GetProperty("status").GetString());
        Assert.Equal(MappingHarness.Wib(expected.CreatedAt), actual.GetProperty("dibuatPada").GetString());
        Assert.Equal(MappingHarness.Wib(expected.UpdatedAt), actual.GetProperty("diperbaruiPada").GetString());
        var lokasi = actual.GetProperty("lokasi");
        Assert.Equal(expected.Location.Lat, lokasi.GetProperty("lintang").GetDouble());
        Assert.Equal(expected.Location.Lng, lokasi.GetProperty("bujur").GetDouble());
        AssertOptional(expected.Location.Kecamatan, lokasi, "kecamatan");
        AssertOptional(expected.Location.Desa, lokasi, "desa");
        Assert.Equal(expected.IsAnonymous, actual.GetProperty("anonim").GetBoolean());
        if (expected.ReporterNik is { } nik)
        {
            Assert.Equal("""{"nik":"NIK"}""".Replace("NIK", nik.Value, StringComparison.Ordinal), actual.GetProperty("pelapor").GetRawText());
        }
        else
        {
            Assert.Equal(JsonValueKind.Null, actual.GetProperty("pelapor").ValueKind);
        }

        Assert.Equal(expected.AgencyCode, actual.GetProperty("instansiTujuan").GetString());
        Assert.Equal(
            ["anonim", "dibuatPada", "diperbaruiPada", "instansiTujuan", "isi", "judul", "kategori", "lokasi", "nomorTiket", "pelapor", "status"],
            actual.EnumerateObject().Select(p => p.Name));
    }

    private static void AssertOptional(string? expected, JsonElement parent, string name)
    {
        if (expected is null)
        {
            Assert.False(parent.TryGetProperty(name, out _));
        }
        else
        {
            Assert.Equal(expected, parent.GetProperty(name).GetString());
        }
    }

    [Fact]
    public async Task GetAduan_AnonymousAndNamedInEveryCategory_MapsContractShapeFieldByField()
    {
        var samples = Complaints.GroupBy(c => (c.CategoryCode, c.IsAnonymous)).Select(g => g.First()).ToList();
        Assert.Contains(samples, c => c.IsAnonymous);
        Assert.Contains(samples, c => !c.IsAnonymous);

        foreach (var expected in samples)
        {
            var mapped = await MappingHarness.ExchangeAsync(Adapter, upstream.Client, MappingHarness.Get("/aduan/" + expected.TrackingId));

            AssertAduan(expected, mapped.Json);
        }
    }

    [Fact]
    public async Task GetAduan_Unknown_IsResourceNotFound()
    {
        var mapped = await MappingHarness.ExchangeAsync(Adapter, upstream.Client, MappingHarness.Get("/aduan/LAPOR-1999-99999"));

        Assert.Equal(404, mapped.Problem.Status);
        Assert.Equal(ProblemTypes.ResourceNotFound, mapped.Problem.Type);
    }

    [Fact]
    public async Task GetRiwayatAduan_MapsEveryEvent()
    {
        var expected = Complaints.First(c => c.History.Count > 2);

        var mapped = await MappingHarness.ExchangeAsync(Adapter, upstream.Client, MappingHarness.Get($"/aduan/{expected.TrackingId}/riwayat"));

        Assert.Equal(expected.TrackingId, mapped.Json.GetProperty("nomorTiket").GetString());
        var riwayat = mapped.Json.GetProperty("riwayat");
        Assert.Equal(expected.History.Count, riwayat.GetArrayLength());
        for (var i = 0; i < expected.History.Count; i++)
        {
            Assert.Equal(
                $$"""{"catatan":"{{expected.History[i].Note}}","status":"{{Status[expected.History[i].Status]}}","waktu":"{{MappingHarness.Wib(expected.History[i].At)}}"}""",
                riwayat[i].GetRawText());
        }
    }

    [Fact]
    public async Task ListAduan_PageThree_MapsItemsAndUpstreamPaging()
    {
        var mapped = await MappingHarness.ExchangeAsync(Adapter, upstream.Client, MappingHarness.Get("/aduan?page=3&pageSize=4"));

        var newestFirst = Complaints.Reverse().ToList();
        var data = mapped.Json.GetProperty("data");
        Assert.Equal(4, data.GetArrayLength());
        for (var i = 0; i < 4; i++)
        {
            AssertAduan(newestFirst[8 + i], data[i]);
        }

        Assert.Equal(
            string.Create(CultureInfo.InvariantCulture, $$"""{"page":3,"pageSize":4,"totalItems":{{Complaints.Count}},"totalPages":{{(Complaints.Count + 3) / 4}}}"""),
            mapped.Json.GetProperty("paging").GetRawText());
    }

    [Fact]
    public async Task ListAduan_FilterByContractCodes_SendsUpstreamCodes()
    {
        var probe = Complaints.First(c => c.CategoryCode == "INFRA" && c.Location.Kecamatan is not null);
        var expected = Complaints
            .Where(c => c.CategoryCode == "INFRA" && c.Status == probe.Status && c.Location.Kecamatan == probe.Location.Kecamatan)
            .Reverse()
            .Take(50)
            .ToList();

        var mapped = await MappingHarness.ExchangeAsync(Adapter, upstream.Client,
            MappingHarness.Get($"/aduan?kategori=INFRASTRUKTUR&status={Status[probe.Status]}&kecamatan={probe.Location.Kecamatan}&pageSize=50"));

        Assert.Equal(expected.Select(c => c.TrackingId), mapped.Json.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("nomorTiket").GetString()));
        Assert.All(mapped.Json.GetProperty("data").EnumerateArray(), a => Assert.Equal("INFRASTRUKTUR", a.GetProperty("kategori").GetString()));
    }

    [Fact]
    public async Task MapResponse_UnknownStatus_IsInvalidUpstreamResponse()
    {
        var problem = (await MappingHarness.MapAsync(Adapter, "getRiwayatAduan", """{"tracking_id":"LAPOR-2026-00001","events":[{"status":"ESCALATED","at":1772417700,"note":"x"}]}""")).Problem;

        Assert.Equal("The agency application's response cannot be mapped: field 'riwayat[0].status' (upstream 'events[0].status') carries a code the mapping does not know.", problem.Detail);
    }

    [Fact]
    public async Task MapResponse_TimestampAsDateString_IsInvalidUpstreamResponse()
    {
        var problem = (await MappingHarness.MapAsync(Adapter, "getRiwayatAduan", """{"tracking_id":"LAPOR-2026-00001","events":[{"status":"SUBMITTED","at":"2026-03-02","note":"x"}]}""")).Problem;

        Assert.Equal("The agency application's response cannot be mapped: field 'riwayat[0].waktu' (upstream 'events[0].at') is not a Unix timestamp in seconds.", problem.Detail);
    }
}

/// <summary><c>createAduan</c> round trips against a complaint sample app of its own.</summary>
public sealed class LaporCreateTests(LaporUpstream upstream) : IClassFixture<LaporUpstream>
{
    private static readonly IServiceAdapter Adapter = MappingHarness.LoadMappingFile("lapor-sp4n");

    [Fact]
    public async Task MapBody_ContractBody_WritesUpstreamShapeWithReverseCategoryCode()
    {
        var (problem, body) = await MappingHarness.MapBodyAsync(Adapter, MappingHarness.Request("POST", "/aduan"), """
            { "judul": "Jalan berlubang", "isi": "Lubang besar di depan pasar", "kategori": "INFRASTRUKTUR",
              "lokasi": { "lintang": -7.7552, "bujur": 110.3895, "kecamatan": "DEPOK" }, "anonim": false, "pelapor": { "nik": "3404074312850001" } }
            """);

        Assert.Null(problem);
        Assert.Equal(
            """{"category_code":"INFRA","content":"Lubang besar di depan pasar","is_anonymous":false,"location":{"kecamatan":"DEPOK","lat":-7.7552,"lng":110.3895},"reporter_nik":"3404074312850001","title":"Jalan berlubang"}""",
            body!.Value.GetRawText());
    }

    [Fact]
    public async Task CreateAduan_Named_Returns201AduanThatCanBeReadBack()
    {
        var created = await MappingHarness.ExchangeAsync(Adapter, upstream.Client, MappingHarness.Request("POST", "/aduan"), """
            { "judul": "Sampah menumpuk", "isi": "Sampah belum diangkut seminggu", "kategori": "LINGKUNGAN",
              "lokasi": { "lintang": -7.7552, "bujur": 110.3895, "kecamatan": "Depok", "desa": "Caturtunggal" }, "anonim": false, "pelapor": { "nik": "3404074312850001" } }
            """);

        Assert.Equal(201, created.Result.StatusCode);
        var json = created.Json;
        Assert.Matches("^LAPOR-[0-9]{4}-[0-9]{5}$", json.GetProperty("nomorTiket").GetString());
        Assert.Equal("/aduan/" + json.GetProperty("nomorTiket").GetString(), created.Result.Location);
        Assert.Equal("LINGKUNGAN", json.GetProperty("kategori").GetString());
        Assert.Equal("DIAJUKAN", json.GetProperty("status").GetString());
        Assert.Equal("DLH", json.GetProperty("instansiTujuan").GetString());
        Assert.Equal("""{"bujur":110.3895,"desa":"CATURTUNGGAL","kecamatan":"DEPOK","lintang":-7.7552}""", json.GetProperty("lokasi").GetRawText());
        Assert.Equal("""{"nik":"3404074312850001"}""", json.GetProperty("pelapor").GetRawText());
        Assert.False(json.GetProperty("anonim").GetBoolean());

        var read = await MappingHarness.ExchangeAsync(Adapter, upstream.Client, MappingHarness.Get("/aduan/" + json.GetProperty("nomorTiket").GetString()));
        Assert.Equal(json.GetRawText(), read.Json.GetRawText());
    }

    [Fact]
    public async Task CreateAduan_Anonymous_HasNullPelapor()
    {
        var created = await MappingHarness.ExchangeAsync(Adapter, upstream.Client, MappingHarness.Request("POST", "/aduan"), """
            { "judul": "Lampu jalan mati", "isi": "Lampu jalan mati sejak dua minggu", "kategori": "INFRASTRUKTUR",
              "lokasi": { "lintang": -7.70, "bujur": 110.40 }, "anonim": true }
            """);

        Assert.Equal(201, created.Result.StatusCode);
        Assert.Equal(JsonValueKind.Null, created.Json.GetProperty("pelapor").ValueKind);
        Assert.True(created.Json.GetProperty("anonim").GetBoolean());
        Assert.Equal("INFRASTRUKTUR", created.Json.GetProperty("kategori").GetString());
        Assert.Equal("""{"bujur":110.4,"lintang":-7.7}""", created.Json.GetProperty("lokasi").GetRawText());
    }

    [Fact]
    public async Task CreateAduan_UpstreamValidationFails_Is400WithContractPointers()
    {
        var mapped = await MappingHarness.ExchangeAsync(Adapter, upstream.Client, MappingHarness.Request("POST", "/aduan"), """
            { "judul": "Aduh", "isi": "Terlalu pendek?", "kategori": "SOSIAL", "lokasi": { "lintang": 52.37, "bujur": 4.89 }, "anonim": false }
            """);

        Assert.Equal(400, mapped.Problem.Status);
        Assert.Equal(["/judul", "/lokasi/bujur", "/lokasi/lintang", "/pelapor/nik"], mapped.Problem.Errors!.Select(e => e.Pointer).Order());
        Assert.DoesNotContain("between", mapped.Problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapBody_MissingRequiredAndWrongType_Is400NamingThePointer()
    {
        var (missing, _) = await MappingHarness.MapBodyAsync(Adapter, MappingHarness.Request("POST", "/aduan"), """
            { "judul": "Jalan berlubang", "isi": "Lubang besar", "kategori": "INFRASTRUKTUR", "lokasi": { "bujur": 110.3 }, "anonim": true }
            """);
        var wrongType = await MappingHarness.MapBodyAsync(Adapter, MappingHarness.Request("POST", "/aduan"), """
            { "judul": "Jalan berlubang", "isi": "Lubang besar", "kategori": "INFRASTRUKTUR", "lokasi": { "lintang": -7.7, "bujur": 110.3 }, "anonim": "ya" }
            """);

        Assert.Equal("The request body cannot be mapped: '/lokasi/lintang' is missing.", missing?.Detail);
        Assert.Equal(["/lokasi/lintang"], missing?.Errors?.Select(e => e.Pointer));
        Assert.Equal("The request body cannot be mapped: '/anonim' is not a boolean.", wrongType.Problem?.Detail);
    }
}
