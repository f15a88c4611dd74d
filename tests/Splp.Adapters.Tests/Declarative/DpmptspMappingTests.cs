using System.Text.Json;
using Splp.Contracts.Problems;
using Splp.SampleAgencies;

namespace Splp.Adapters.Tests.Declarative;

/// <summary><c>dpmptsp-oss.json</c> against the real DPMPTSP sample app (read-only operations).</summary>
public sealed class DpmptspMappingTests(DpmptspUpstream upstream) : IClassFixture<DpmptspUpstream>
{
    private static readonly IServiceAdapter Adapter = MappingHarness.LoadMappingFile("dpmptsp-oss");
    private static readonly IReadOnlyList<PermitApplication> Applications = SampleDataSet.Default.PermitApplications;

    internal static void AssertPermohonan(PermitApplication expected, JsonElement actual)
    {
        // Configuration sorts keys, so properties come in key order; JSON objects are unordered anyway.
        Assert.Equal(
            ["diajukanPada", "jenisIzin", "lokasi", "namaUsaha", "nomorPermohonan", "pemohon", "riwayat", "status"],
            actual.EnumerateObject().Select(p => p.Name));
        Assert.Equal(expected.NoPermohonan, actual.GetProperty("nomorPermohonan").GetString());
        Assert.Equal(expected.NikPemohon.Value, actual.GetProperty("pemohon").GetProperty("nik").GetString());
        Assert.Equal(expected.NamaPemohon, actual.GetProperty("pemohon").GetProperty("nama").GetString());
        Assert.Equal(2, actual.GetProperty("pemohon").EnumerateObject().Count());
        Assert.Equal(expected.JenisIzin, actual.GetProperty("jenisIzin").GetProperty("kode").GetString());
        Assert.Equal(expected.NamaIzin, actual.GetProperty("jenisIzin").GetProperty("nama").GetString());
        if (expected.NamaUsaha is null)
        {
            Assert.Equal(JsonValueKind.Null, actual.GetProperty("namaUsaha").ValueKind);
        }
        else
        {
            Assert.Equal(expected.NamaUsaha, actual.GetProperty("namaUsaha").GetString());
        }

        var lokasi = actual.GetProperty("lokasi");
        Assert.Equal(expected.AlamatLokasi, lokasi.GetProperty("alamat").GetString());
        Assert.Equal(expected.Kecamatan, lokasi.GetProperty("kecamatan").GetString());
        Assert.Equal(expected.Desa, lokasi.GetProperty("desa").GetString());
        Assert.Equal(MappingHarness.Wib(expected.TglPengajuan), actual.GetProperty("diajukanPada").GetString());
        Assert.Equal(expected.StatusPermohonan, actual.GetProperty("status").GetString());
        var riwayat = actual.GetProperty("riwayat");
        Assert.Equal(expected.Riwayat.Count, riwayat.GetArrayLength());
        for (var i = 0; i < expected.Riwayat.Count; i++)
        {
            Assert.Equal(expected.Riwayat[i].Status, riwayat[i].GetProperty("status").GetString());
            Assert.Equal(MappingHarness.Wib(expected.Riwayat[i].Waktu), riwayat[i].GetProperty("waktu").GetString());
            Assert.Equal(expected.Riwayat[i].Keterangan, riwayat[i].GetProperty("keterangan").GetString());
        }
    }

    [Fact]
    public async Task GetPermohonan_EveryKindOfApplication_MapsContractShapeFieldByField()
    {
        // One application per licence type, with and without a business name.
        var samples = Applications.GroupBy(a => (a.JenisIzin, a.NamaUsaha is null)).Select(g => g.First()).ToList();
        Assert.Contains(samples, a => a.NamaUsaha is null);
        Assert.Contains(samples, a => a.NamaUsaha is not null);

        foreach (var expected in samples)
        {
            var mapped = await MappingHarness.ExchangeAsync(Adapter, upstream.Client, MappingHarness.Get("/permohonan/" + expected.NoPermohonan));

            Assert.Equal(200, mapped.Result.StatusCode);
            AssertPermohonan(expected, mapped.Json);
        }
    }

    [Fact]
    public async Task GetPermohonan_Unknown_IsResourceNotFound()
    {
        var mapped = await MappingHarness.ExchangeAsync(Adapter, upstream.Client, MappingHarness.Get("/permohonan/DPMPTSP-1999-999999"));

        Assert.Equal(404, mapped.Problem.Status);
        Assert.Equal(ProblemTypes.ResourceNotFound, mapped.Problem.Type);
    }

    [Fact]
    public async Task ListPermohonan_PageTwo_MapsItemsAndPaging()
    {
        var mapped = await MappingHarness.ExchangeAsync(Adapter, upstream.Client, MappingHarness.Get("/permohonan?page=2&pageSize=7"));

        var newestFirst = Applications.Reverse().ToList();
        var data = mapped.Json.GetProperty("data");
        Assert.Equal(7, data.GetArrayLength());
        for (var i = 0; i < 7; i++)
        {
            AssertPermohonan(newestFirst[7 + i], data[i]);
        }

        var paging = mapped.Json.GetProperty("paging");
        Assert.Equal(2, paging.GetProperty("page").GetInt32());
        Assert.Equal(7, paging.GetProperty("pageSize").GetInt32());
        Assert.Equal(Applications.Count, paging.GetProperty("totalItems").GetInt32());
        Assert.Equal((Applications.Count + 6) / 7, paging.GetProperty("totalPages").GetInt32());
    }

    [Fact]
    public async Task ListPermohonan_FilterByNikAndStatus_ReturnsOnlyMatches()
    {
        // An applicant with more than one application, so the filter has something to leave out.
        var probe = Applications.First(a => Applications.Count(b => b.NikPemohon == a.NikPemohon) > 1);

        var mapped = await MappingHarness.ExchangeAsync(Adapter, upstream.Client,
            MappingHarness.Get($"/permohonan?nik={probe.NikPemohon.Value}&status={probe.StatusPermohonan}&pageSize=100"));

        var expected = Applications.Where(a => a.NikPemohon == probe.NikPemohon && a.StatusPermohonan == probe.StatusPermohonan).Reverse().ToList();
        var data = mapped.Json.GetProperty("data");
        Assert.Equal(expected.Count, data.GetArrayLength());
        Assert.Equal(expected.Select(a => a.NoPermohonan), data.EnumerateArray().Select(d => d.GetProperty("nomorPermohonan").GetString()));
        Assert.Equal(expected.Count, mapped.Json.GetProperty("paging").GetProperty("totalItems").GetInt32());
    }

    [Fact]
    public async Task ListPermohonan_PageBeyondTheEnd_IsEmptyPage()
    {
        var mapped = await MappingHarness.ExchangeAsync(Adapter, upstream.Client, MappingHarness.Get("/permohonan?page=999&pageSize=100"));

        Assert.Equal(0, mapped.Json.GetProperty("data").GetArrayLength());
        Assert.Equal(999, mapped.Json.GetProperty("paging").GetProperty("page").GetInt32());
    }
}

/// <summary><c>createPermohonan</c> round trips against a DPMPTSP sample app of its own (posts change its state).</summary>
public sealed class DpmptspCreateTests(DpmptspUpstream upstream) : IClassFixture<DpmptspUpstream>
{
    private static readonly IServiceAdapter Adapter = MappingHarness.LoadMappingFile("dpmptsp-oss");

    private const string NewApplication = """
        { "pemohon": { "nik": "3404074312850001", "nama": "Siti Rahayu" }, "jenisIzin": "NIB", "namaUsaha": "Warung Bu Siti",
          "lokasi": { "alamat": "Jl. Kaliurang Km 5 No. 12", "kecamatan": "Depok", "desa": "Caturtunggal" } }
        """;

    [Fact]
    public async Task MapBody_ContractBody_WritesUpstreamSnakeCase()
    {
        var (problem, body) = await MappingHarness.MapBodyAsync(Adapter, MappingHarness.Request("POST", "/permohonan"), NewApplication);

        Assert.Null(problem);
        Assert.Equal(
            """{"alamat_lokasi":"Jl. Kaliurang Km 5 No. 12","desa":"Caturtunggal","jenis_izin":"NIB","kecamatan":"Depok","nama_pemohon":"Siti Rahayu","nama_usaha":"Warung Bu Siti","nik_pemohon":"3404074312850001"}""",
            body!.Value.GetRawText());
    }

    [Fact]
    public async Task CreatePermohonan_RoundTrip_Returns201PermohonanThatCanBeReadBack()
    {
        var created = await MappingHarness.ExchangeAsync(Adapter, upstream.Client, MappingHarness.Request("POST", "/permohonan"), NewApplication);

        Assert.Equal(201, created.Result.StatusCode);
        var json = created.Json;
        Assert.Matches("^DPMPTSP-[0-9]{4}-[0-9]{6}$", json.GetProperty("nomorPermohonan").GetString());
        Assert.Equal("/permohonan/" + json.GetProperty("nomorPermohonan").GetString(), created.Result.Location);
        Assert.Equal("NIB", json.GetProperty("jenisIzin").GetProperty("kode").GetString());
        Assert.Equal("Nomor Induk Berusaha", json.GetProperty("jenisIzin").GetProperty("nama").GetString());
        Assert.Equal("Warung Bu Siti", json.GetProperty("namaUsaha").GetString());
        Assert.Equal("DITERIMA", json.GetProperty("status").GetString());
        Assert.EndsWith("+07:00", json.GetProperty("diajukanPada").GetString(), StringComparison.Ordinal);
        Assert.Equal("DITERIMA", json.GetProperty("riwayat")[0].GetProperty("status").GetString());

        var read = await MappingHarness.ExchangeAsync(Adapter, upstream.Client, MappingHarness.Get("/permohonan/" + json.GetProperty("nomorPermohonan").GetString()));
        Assert.Equal(json.GetRawText(), read.Json.GetRawText());
    }

    [Fact]
    public async Task CreatePermohonan_UpstreamValidationFails_Is400WithContractPointers()
    {
        var body = NewApplication.Replace("\"Depok\"", "\"Atlantis\"", StringComparison.Ordinal).Replace("3404074312850001", "3404070000000000", StringComparison.Ordinal);

        var mapped = await MappingHarness.ExchangeAsync(Adapter, upstream.Client, MappingHarness.Request("POST", "/permohonan"), body);

        Assert.Equal(400, mapped.Problem.Status);
        Assert.Equal(ProblemTypes.InvalidRequest, mapped.Problem.Type);
        Assert.Equal(["/lokasi/kecamatan", "/pemohon/nik"], mapped.Problem.Errors!.Select(e => e.Pointer).Order());
        Assert.DoesNotContain("Atlantis", mapped.Problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"pemohon\": ", "The request body is not valid JSON (line 1, byte 13).")]
    [InlineData("[1, 2]", "The request body must be a JSON object.")]
    [InlineData("", "The request body is empty; the operation requires a JSON object.")]
    [InlineData("""{ "pemohon": { "nama": "Siti" }, "jenisIzin": "NIB", "lokasi": { "alamat": "a", "kecamatan": "Depok", "desa": "b" } }""", "The request body cannot be mapped: '/pemohon/nik' is missing.")]
    [InlineData("""{ "pemohon": { "nik": 3404, "nama": "Siti" }, "jenisIzin": "NIB", "lokasi": { "alamat": "a", "kecamatan": "Depok", "desa": "b" } }""", "The request body cannot be mapped: '/pemohon/nik' is not a string.")]
    [InlineData("""{ "pemohon": { "nik": "3404074312850001", "nama": "Siti" }, "jenisIzin": "IMB", "lokasi": { "alamat": "a", "kecamatan": "Depok", "desa": "b" } }""", "The request body cannot be mapped: '/jenisIzin' carries a code the mapping does not know.")]
    [InlineData("""{ "pemohon": "Siti", "jenisIzin": "NIB", "lokasi": { "alamat": "a", "kecamatan": "Depok", "desa": "b" } }""", "The request body cannot be mapped: '/pemohon/nama' is missing.")]
    public async Task MapBody_BadContractBody_Is400WithClearDetail(string body, string detail)
    {
        var (problem, _) = await MappingHarness.MapBodyAsync(Adapter, MappingHarness.Request("POST", "/permohonan"), body);

        Assert.Equal(400, problem?.Status);
        Assert.Equal(ProblemTypes.InvalidRequest, problem?.Type);
        Assert.Equal(detail, problem?.Detail);
    }
}
