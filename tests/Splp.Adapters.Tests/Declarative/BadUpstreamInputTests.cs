using System.Text;
using Splp.Contracts.Problems;

namespace Splp.Adapters.Tests.Declarative;

/// <summary>Broken upstream answers, fed to the real DPMPTSP mapping: each becomes a clear problem, never a crash.</summary>
public sealed class BadUpstreamInputTests
{
    private const string Item = """
        {"no_permohonan":"DPMPTSP-2026-000001","nik_pemohon":"3404074312850001","nama_pemohon":"Siti Rahayu","jenis_izin":"PBG",
         "nama_izin":"Persetujuan Bangunan Gedung","nama_usaha":null,"alamat_lokasi":"Jl. Kaliurang","kecamatan":"Depok","desa":"Caturtunggal",
         "tgl_pengajuan":"2026-03-02 09:15:00","status_permohonan":"DITERIMA","riwayat":[{"status":"DITERIMA","waktu":"2026-03-02 09:15:00","keterangan":"Berkas diterima"}]}
        """;

    private static readonly IServiceAdapter Adapter = MappingHarness.LoadMappingFile("dpmptsp-oss");

    private static string Found(string item) => $$"""{"status":"success","data":{{item}},"message":"Data ditemukan"}""";

    private static Task<Mapped> MapAsync(string body, int status = 200, string? contentType = MappingHarness.Json) =>
        MappingHarness.MapAsync(Adapter, "getPermohonan", body, status, contentType);

    [Fact]
    public async Task MapResponse_ValidItem_Maps()
    {
        var json = (await MapAsync(Found(Item))).Json;

        Assert.Equal("2026-03-02T09:15:00+07:00", json.GetProperty("diajukanPada").GetString());
    }

    [Fact]
    public async Task MapResponse_MalformedJson_IsInvalidUpstreamResponse()
    {
        var problem = (await MapAsync("""{"status":"success","data":{"no_permohonan" "x"}}""")).Problem;

        Assert.Equal(502, problem.Status);
        Assert.Equal(ProblemTypes.UpstreamInvalidResponse, problem.Type);
        Assert.StartsWith("The agency application's JSON is malformed or truncated (line 1, byte ", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapResponse_TruncatedBody_IsInvalidUpstreamResponse()
    {
        var body = Found(Item);

        var problem = (await MapAsync(body[..(body.Length / 2)])).Problem;

        Assert.Equal(ProblemTypes.UpstreamInvalidResponse, problem.Type);
        Assert.StartsWith("The agency application's JSON is malformed or truncated", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapResponse_EmptyBody_IsInvalidUpstreamResponse()
    {
        Assert.Equal("The agency application answered with an empty body.", (await MapAsync("")).Problem.Detail);
    }

    [Fact]
    public async Task MapResponse_HtmlPageWith200_IsInvalidUpstreamResponseNamingTheContentType()
    {
        var problem = (await MapAsync("<html><body>Maintenance</body></html>", 200, "text/html; charset=utf-8")).Problem;

        Assert.Equal(502, problem.Status);
        Assert.Equal("The agency application answered 'text/html; charset=utf-8' instead of JSON.", problem.Detail);
    }

    [Fact]
    public async Task MapResponse_NoContentType_IsInvalidUpstreamResponse()
    {
        Assert.Equal("The agency application answered 'no content type' instead of JSON.", (await MapAsync(Found(Item), 200, null)).Problem.Detail);
    }

    [Fact]
    public async Task MapResponse_HtmlErrorPageWith500_IsUpstreamErrorWithoutThePage()
    {
        var problem = (await MapAsync("<html><body>Fatal error: Uncaught PDOException in /var/www/oss/db.php</body></html>", 500, "text/html")).Problem;

        Assert.Equal(502, problem.Status);
        Assert.Equal(ProblemTypes.UpstreamError, problem.Type);
        Assert.Equal("The licensing office reported an error.", problem.Detail);
    }

    [Fact]
    public async Task MapResponse_404_IsResourceNotFound()
    {
        var problem = (await MapAsync("""{"status":"error","data":null,"message":"Permohonan tidak ditemukan"}""", 404)).Problem;

        Assert.Equal(404, problem.Status);
        Assert.Equal(ProblemTypes.ResourceNotFound, problem.Type);
        Assert.Equal("No licence application with this number is registered.", problem.Detail);
    }

    [Theory]
    [InlineData("\"nik_pemohon\":\"3404074312850001\"", "\"nik_pemohon\":{\"v\":1}", "field 'pemohon.nik' (upstream 'data.nik_pemohon') is not a string")]
    [InlineData("\"jenis_izin\":\"PBG\"", "\"jenis_izin\":\"IMB\"", "field 'jenisIzin.kode' (upstream 'data.jenis_izin') carries a code the mapping does not know")]
    [InlineData("\"tgl_pengajuan\":\"2026-03-02 09:15:00\"", "\"tgl_pengajuan\":\"02/03/2026\"", "field 'diajukanPada' (upstream 'data.tgl_pengajuan') is not a date-time in the format 'yyyy-MM-dd HH:mm:ss'")]
    [InlineData("\"no_permohonan\":\"DPMPTSP-2026-000001\",", "", "field 'nomorPermohonan' (upstream 'data.no_permohonan') is missing")]
    [InlineData("\"waktu\":\"2026-03-02 09:15:00\"", "\"waktu\":1772417700", "field 'riwayat[0].waktu' (upstream 'data.riwayat[0].waktu') is not a date-time in the format 'yyyy-MM-dd HH:mm:ss'")]
    [InlineData("\"riwayat\":[", "\"riwayat\":{\"x\":[", "field 'riwayat' (upstream 'data.riwayat') is not an array")]
    public async Task MapResponse_BadField_IsInvalidUpstreamResponseNamingIt(string good, string bad, string expected)
    {
        var item = Item.Replace(good, bad, StringComparison.Ordinal);
        if (bad.EndsWith('['))
        {
            item = item.Replace("]}", "]}}", StringComparison.Ordinal);
        }

        var problem = (await MapAsync(Found(item))).Problem;

        Assert.Equal(502, problem.Status);
        Assert.Equal(ProblemTypes.UpstreamInvalidResponse, problem.Type);
        Assert.Equal($"The agency application's response cannot be mapped: {expected}.", problem.Detail);
    }

    [Fact]
    public async Task MapResponse_DataIsAnArray_IsInvalidUpstreamResponse()
    {
        var problem = (await MapAsync($$"""{"status":"success","data":[{{Item}}]}""")).Problem;

        Assert.Equal(ProblemTypes.UpstreamInvalidResponse, problem.Type);
        Assert.Contains("is not an object", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapResponse_BodyOverGatewayLimit_LetsUpstreamBodyTooLargePropagate()
    {
        var body = new LengthLimitedStream(new MemoryStream(Encoding.UTF8.GetBytes(Found(Item))), 100);

        var e = await Assert.ThrowsAsync<UpstreamBodyTooLargeException>(() => MappingHarness.MapAsync(Adapter, "getPermohonan", body));

        Assert.Equal(100, e.LimitBytes);
    }

    [Fact]
    public async Task MapResponse_422WithFieldErrors_MapsUpstreamFieldsToContractPointersWithoutMessages()
    {
        var problem = (await MappingHarness.MapAsync(Adapter, "createPermohonan",
            """{"status":"error","data":{"errors":{"nik_pemohon":["NIK tidak valid"],"kecamatan":["Kecamatan tidak dikenal"],"internal_flag":["x"]}},"message":"Validasi gagal"}""",
            422)).Problem;

        Assert.Equal(400, problem.Status);
        Assert.Equal(ProblemTypes.InvalidRequest, problem.Type);
        Assert.Equal("The licensing office refused the application: /pemohon/nik, /lokasi/kecamatan.", problem.Detail);
        Assert.Equal(["/pemohon/nik", "/lokasi/kecamatan"], problem.Errors!.Select(e => e.Pointer));
        Assert.All(problem.Errors!, e => Assert.Equal("was refused by the agency application", e.Reason));
    }

    [Fact]
    public async Task MapResponse_UnmatchedStatus_IsUpstreamError()
    {
        var adapter = MappingHarness.Fields("""{ "a": { "From": "a" } }""");

        var problem = (await MappingHarness.MapAsync(adapter, "op", "oops", 503, "text/plain")).Problem;

        Assert.Equal(ProblemTypes.UpstreamError, problem.Type);
        Assert.Equal("The agency application answered HTTP 503.", problem.Detail);
    }

    [Fact]
    public async Task MapResponse_RuleWithDetailFrom_PassesTheUpstreamMessageOnPurpose()
    {
        var adapter = MappingHarness.Build("""
            { "Operations": [ { "OperationId": "op", "Path": "/x", "Upstream": { "Path": "/up" }, "Response": { "Fields": { "a": { "From": "a" } } },
              "Errors": [ { "Status": "409", "When": { "Field": "error", "Is": [ "duplicate" ] }, "Problem": "InvalidRequest", "DetailFrom": "detail" },
                          { "Status": "409", "Problem": "InvalidRequest", "Detail": "Conflict." } ] } ] }
            """);

        var passed = (await MappingHarness.MapAsync(adapter, "op", """{ "error": "duplicate", "detail": "complaint already filed" }""", 409)).Problem;
        var other = (await MappingHarness.MapAsync(adapter, "op", """{ "error": "locked", "detail": "row lock on t_aduan" }""", 409)).Problem;
        var html = (await MappingHarness.MapAsync(adapter, "op", "<html/>", 409, "text/html")).Problem;

        Assert.Equal("complaint already filed", passed.Detail);
        Assert.Equal("Conflict.", other.Detail);
        Assert.Equal("Conflict.", html.Detail);
    }
}
