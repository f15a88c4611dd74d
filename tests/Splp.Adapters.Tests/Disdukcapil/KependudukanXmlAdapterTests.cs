using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Splp.Adapters.Disdukcapil;
using Splp.Contracts.Problems;

namespace Splp.Adapters.Tests.Disdukcapil;

public sealed class KependudukanXmlAdapterTests
{
    private const string ValidNik = "3404074312850001"; // Depok, Sleman; woman born 03-12-1985
    private const string Xml = "application/xml; charset=utf-8";

    private static readonly KependudukanXmlAdapter Adapter = new();

    private const string Biodata =
        "<BIODATA><NIK>3404074312850001</NIK><NO_KK>3404071502100003</NO_KK><NAMA_LGKP>SITI RAHAYU</NAMA_LGKP>" +
        "<TMPT_LHR>SLEMAN</TMPT_LHR><TGL_LHR>03-12-1985</TGL_LHR><JENIS_KLMIN>PEREMPUAN</JENIS_KLMIN><AGAMA>BUDHA</AGAMA>" +
        "<STATUS_KAWIN>CERAI HIDUP</STATUS_KAWIN><JENIS_PKRJN>KARYAWAN SWASTA</JENIS_PKRJN><ALAMAT>JL. KALIURANG KM 5</ALAMAT>" +
        "<NO_RT>3</NO_RT><NO_RW>12</NO_RW><KEL_NAME>CATURTUNGGAL</KEL_NAME><KEC_NAME>DEPOK</KEC_NAME><KAB_NAME>SLEMAN</KAB_NAME>" +
        "<PROP_NAME>DI YOGYAKARTA</PROP_NAME><PASSWORD_HASH>internal</PASSWORD_HASH></BIODATA>";

    [Fact]
    public void MapRequest_GetPendudukWithValidNik_ForwardsToBiodataWithNikQuery()
    {
        var mapping = Adapter.MapRequest(Get("/penduduk/" + ValidNik));

        Assert.Null(mapping.Problem);
        Assert.Equal(KependudukanXmlAdapter.GetPenduduk, mapping.OperationId);
        Assert.Equal("/ws/biodata", mapping.UpstreamPath);
        Assert.Equal([KeyValuePair.Create("NIK", ValidNik)], mapping.Query);
    }

    [Fact]
    public void MapRequest_GetKeluarga_ForwardsToKeluargaWithNoKkQuery()
    {
        var mapping = Adapter.MapRequest(Get("/keluarga/3404071502100003/"));

        Assert.Equal(KependudukanXmlAdapter.GetKeluarga, mapping.OperationId);
        Assert.Equal("/ws/keluarga", mapping.UpstreamPath);
        Assert.Equal([KeyValuePair.Create("NO_KK", "3404071502100003")], mapping.Query);
    }

    [Theory]
    [InlineData("/penduduk/123")]
    [InlineData("/penduduk/3404070000000001")] // day 00
    [InlineData("/penduduk/340407431285000X")]
    [InlineData("/keluarga/34040715021000")]
    public void MapRequest_InvalidIdentifier_RejectsWith400(string path)
    {
        var mapping = Adapter.MapRequest(Get(path));

        Assert.Equal(400, mapping.Problem?.Status);
        Assert.Equal(ProblemTypes.InvalidRequest, mapping.Problem?.Type);
        Assert.Null(mapping.UpstreamPath);
    }

    [Theory]
    [InlineData("GET", "/")]
    [InlineData("GET", "/penduduk")]
    [InlineData("GET", "/penduduk/3404074312850001/foto")]
    [InlineData("DELETE", "/penduduk/3404074312850001")]
    [InlineData("GET", "/admin")]
    public void MapRequest_UnknownOperation_RejectsWith404(string method, string path)
    {
        var mapping = Adapter.MapRequest(new ContractRequest(method, path, QueryCollection.Empty));

        Assert.Equal(404, mapping.Problem?.Status);
        Assert.Equal(ProblemTypes.OperationNotFound, mapping.Problem?.Type);
    }

    [Fact]
    public async Task MapResponse_Biodata_WritesContractShape()
    {
        var (result, json) = await MapAsync(KependudukanXmlAdapter.GetPenduduk, $"<?xml version=\"1.0\"?><RESPON><KODE>00</KODE><PESAN>SUKSES</PESAN>{Biodata}</RESPON>");

        Assert.Null(result.Problem);
        Assert.Equal(200, result.StatusCode);
        var root = json!.Value;
        Assert.Equal(ValidNik, root.GetProperty("nik").GetString());
        Assert.Equal("3404071502100003", root.GetProperty("nomorKk").GetString());
        Assert.Equal("SITI RAHAYU", root.GetProperty("namaLengkap").GetString());
        Assert.Equal("1985-12-03", root.GetProperty("tanggalLahir").GetString());
        Assert.Equal("P", root.GetProperty("jenisKelamin").GetString());
        Assert.Equal("BUDDHA", root.GetProperty("agama").GetString());
        Assert.Equal("CERAI_HIDUP", root.GetProperty("statusPerkawinan").GetString());
        var alamat = root.GetProperty("alamat");
        Assert.Equal("003", alamat.GetProperty("rt").GetString());
        Assert.Equal("012", alamat.GetProperty("rw").GetString());
        Assert.Equal("CATURTUNGGAL", alamat.GetProperty("desa").GetString());
        Assert.Equal("DEPOK", alamat.GetProperty("kecamatan").GetString());
        Assert.False(root.TryGetProperty("PASSWORD_HASH", out _));
        Assert.DoesNotContain("internal", root.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapResponse_Keluarga_WritesMembersWithRelationship()
    {
        var member = Biodata.Replace("</BIODATA>", "<STAT_HBKEL>KEPALA KELUARGA</STAT_HBKEL></BIODATA>", StringComparison.Ordinal);
        var (result, json) = await MapAsync(KependudukanXmlAdapter.GetKeluarga,
            $"<RESPON><KODE>00</KODE><PESAN>SUKSES</PESAN><KELUARGA><NO_KK>3404071502100003</NO_KK><ANGGOTA>{member}{member}</ANGGOTA></KELUARGA></RESPON>");

        Assert.Null(result.Problem);
        Assert.Equal("3404071502100003", json!.Value.GetProperty("nomorKk").GetString());
        var members = json.Value.GetProperty("anggota");
        Assert.Equal(2, members.GetArrayLength());
        Assert.Equal("KEPALA_KELUARGA", members[0].GetProperty("hubunganKeluarga").GetString());
    }

    [Theory]
    [InlineData("11", 404, ProblemTypes.ResourceNotFound)]
    [InlineData("12", 400, ProblemTypes.InvalidRequest)]
    [InlineData("99", 502, ProblemTypes.UpstreamError)]
    public async Task MapResponse_LegacyErrorCodeInside200_BecomesProblem(string kode, int status, string type)
    {
        var (result, _) = await MapAsync(KependudukanXmlAdapter.GetPenduduk, $"<RESPON><KODE>{kode}</KODE><PESAN>DATA TIDAK DITEMUKAN</PESAN></RESPON>");

        Assert.Equal(status, result.Problem?.Status);
        Assert.Equal(type, result.Problem?.Type);
        Assert.DoesNotContain("TIDAK DITEMUKAN", result.Problem?.Detail ?? "", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<RESPON><KODE>00</KODE><BIODATA><NIK>1</NIK>")] // truncated
    [InlineData("<html><body>Fatal error: mysqli_connect()</body></html>")] // HTML page labelled as XML
    [InlineData("not xml at all")]
    [InlineData("<RESPON><KODE>00</KODE></RESPON>")] // success without a record
    [InlineData("<RESPON><PESAN>?</PESAN></RESPON>")] // no KODE
    [InlineData("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><RESPON><KODE>&e;</KODE></RESPON>")] // XXE
    public async Task MapResponse_MalformedOrUnexpectedXml_Becomes502InvalidResponse(string body)
    {
        var (result, _) = await MapAsync(KependudukanXmlAdapter.GetPenduduk, body);

        Assert.Equal(502, result.Problem?.Status);
        Assert.Equal(ProblemTypes.UpstreamInvalidResponse, result.Problem?.Type);
    }

    [Theory]
    [InlineData("<TGL_LHR>03-12-1985</TGL_LHR>", "<TGL_LHR>1985-12-03</TGL_LHR>")] // date in an unexpected format
    [InlineData("<JENIS_KLMIN>PEREMPUAN</JENIS_KLMIN>", "<JENIS_KLMIN>W</JENIS_KLMIN>")] // unknown code
    [InlineData("<NO_RT>3</NO_RT>", "<NO_RT>tiga</NO_RT>")] // wrong type
    [InlineData("<NAMA_LGKP>SITI RAHAYU</NAMA_LGKP>", "")] // required field missing
    public async Task MapResponse_FieldThatBreaksTheContract_Becomes502NamingTheField(string original, string replacement)
    {
        var biodata = Biodata.Replace(original, replacement, StringComparison.Ordinal);
        var (result, _) = await MapAsync(KependudukanXmlAdapter.GetPenduduk, $"<RESPON><KODE>00</KODE>{biodata}</RESPON>");

        Assert.Equal(502, result.Problem?.Status);
        Assert.Equal(ProblemTypes.UpstreamInvalidResponse, result.Problem?.Type);
        Assert.Contains(original[1..original.IndexOf('>', StringComparison.Ordinal)], result.Problem?.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/html; charset=utf-8")]
    [InlineData("application/json")]
    [InlineData(null)]
    public async Task MapResponse_NotXmlContentType_Becomes502(string? contentType)
    {
        var (result, _) = await MapAsync(KependudukanXmlAdapter.GetPenduduk, "<html>Service Unavailable</html>", contentType: contentType);

        Assert.Equal(ProblemTypes.UpstreamInvalidResponse, result.Problem?.Type);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(404)]
    public async Task MapResponse_UpstreamHttpError_Becomes502UpstreamError(int status)
    {
        var (result, _) = await MapAsync(KependudukanXmlAdapter.GetPenduduk, "<RESPON/>", status: status);

        Assert.Equal(502, result.Problem?.Status);
        Assert.Equal(ProblemTypes.UpstreamError, result.Problem?.Type);
    }

    [Fact]
    public async Task MapResponse_BodyOverLimit_ThrowsTooLarge()
    {
        var huge = "<RESPON><KODE>00</KODE><KELUARGA><NO_KK>3404071502100003</NO_KK><ANGGOTA>" +
                   string.Concat(Enumerable.Repeat(Biodata, 200)) + "</ANGGOTA></KELUARGA></RESPON>";
        await using var body = new LengthLimitedStream(new MemoryStream(Encoding.UTF8.GetBytes(huge)), 10_000);

        await Assert.ThrowsAsync<UpstreamBodyTooLargeException>(async () =>
            await Adapter.MapResponseAsync(new UpstreamResponse(KependudukanXmlAdapter.GetKeluarga, 200, Xml, body), new ArrayBufferWriter<byte>(), CancellationToken.None));
    }

    private static ContractRequest Get(string path) => new("GET", path, QueryCollection.Empty);

    private static async Task<(ResponseMapping Result, JsonElement? Json)> MapAsync(string operation, string body, int status = 200, string? contentType = Xml)
    {
        var output = new ArrayBufferWriter<byte>();
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(body));
        var result = await Adapter.MapResponseAsync(new UpstreamResponse(operation, status, contentType, stream), output, CancellationToken.None);
        JsonElement? json = result.Problem is null ? JsonDocument.Parse(output.WrittenMemory).RootElement.Clone() : null;
        return (result, json);
    }
}
