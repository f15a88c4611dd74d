using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Splp.SampleAgencies.Tests.Dpmptsp;

public sealed class DpmptspAppTests(DpmptspFixture fixture) : IClassFixture<DpmptspFixture>
{
    private static readonly string[] PermitFields =
    [
        "no_permohonan", "nik_pemohon", "nama_pemohon", "jenis_izin", "nama_izin", "nama_usaha", "alamat_lokasi",
        "kecamatan", "desa", "tgl_pengajuan", "status_permohonan", "riwayat",
    ];

    private const string ValidBody = """
        {"nik_pemohon":"3404074312850001","nama_pemohon":"Siti Rahayu","jenis_izin":"PBG","alamat_lokasi":"Jl. Kaliurang Km 5 No. 12","kecamatan":"Depok","desa":"Caturtunggal"}
        """;

    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task GetPermohonan_KnownNumber_ReturnsEnvelopeWithRecord()
    {
        var application = fixture.Data.PermitApplications.First(a => a.Riwayat.Count >= 3);

        var root = await HttpAssert.GetJsonAsync(Client, "api/v1/permohonan/" + application.NoPermohonan, HttpStatusCode.OK);

        Assert.Equal(["status", "data", "message"], HttpAssert.PropertyNames(root));
        Assert.Equal("success", root.GetProperty("status").GetString());
        Assert.Equal("Data ditemukan", root.GetProperty("message").GetString());
        var data = root.GetProperty("data");
        Assert.Equal(PermitFields, HttpAssert.PropertyNames(data));
        Assert.Equal(application.NoPermohonan, data.GetProperty("no_permohonan").GetString());
        Assert.Equal(application.NikPemohon.Value, data.GetProperty("nik_pemohon").GetString());
        Assert.Equal(application.NamaPemohon, data.GetProperty("nama_pemohon").GetString());
        Assert.Equal(application.JenisIzin, data.GetProperty("jenis_izin").GetString());
        Assert.Equal(application.NamaIzin, data.GetProperty("nama_izin").GetString());
        Assert.Equal(application.Kecamatan, data.GetProperty("kecamatan").GetString());
        Assert.Equal(application.TglPengajuan.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), data.GetProperty("tgl_pengajuan").GetString());
        Assert.Equal(application.StatusPermohonan, data.GetProperty("status_permohonan").GetString());
        var riwayat = data.GetProperty("riwayat").EnumerateArray().ToList();
        Assert.Equal(application.Riwayat.Count, riwayat.Count);
        Assert.Equal(["status", "waktu", "keterangan"], HttpAssert.PropertyNames(riwayat[0]));
        Assert.Equal("DITERIMA", riwayat[0].GetProperty("status").GetString());
        Assert.Equal(data.GetProperty("tgl_pengajuan").GetString(), riwayat[0].GetProperty("waktu").GetString());
    }

    [Fact]
    public async Task GetPermohonan_NonBusinessLicence_NamaUsahaNull()
    {
        var application = fixture.Data.PermitApplications.First(a => a.NamaUsaha is null);

        var root = await HttpAssert.GetJsonAsync(Client, "api/v1/permohonan/" + application.NoPermohonan, HttpStatusCode.OK);

        Assert.Equal(JsonValueKind.Null, root.GetProperty("data").GetProperty("nama_usaha").ValueKind);
    }

    [Theory]
    [InlineData("DPMPTSP-2026-999999")]
    [InlineData("nomor-asal")]
    public async Task GetPermohonan_UnknownNumber_404ErrorEnvelope(string number)
    {
        using var response = await Client.GetAsync(new Uri("api/v1/permohonan/" + number, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("""{"status":"error","data":null,"message":"Permohonan tidak ditemukan"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ListPermohonan_Defaults_FirstPageOfTwentyNewestFirst()
    {
        var root = await HttpAssert.GetJsonAsync(Client, "api/v1/permohonan", HttpStatusCode.OK);

        Assert.Equal("success", root.GetProperty("status").GetString());
        Assert.Equal("OK", root.GetProperty("message").GetString());
        var data = root.GetProperty("data");
        Assert.Equal(["items", "page", "per_page", "total"], HttpAssert.PropertyNames(data));
        Assert.Equal(1, data.GetProperty("page").GetInt32());
        Assert.Equal(20, data.GetProperty("per_page").GetInt32());
        Assert.True(data.GetProperty("total").GetInt32() >= fixture.Data.PermitApplications.Count);
        var items = data.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(20, items.Count);
        Assert.Equal(PermitFields, HttpAssert.PropertyNames(items[0]));
        var filed = items.Select(i => i.GetProperty("tgl_pengajuan").GetString()).ToList();
        Assert.Equal(filed.OrderDescending(StringComparer.Ordinal), filed);
    }

    [Fact]
    public async Task ListPermohonan_FilterByNikAndStatus_OnlyMatchingItems()
    {
        var application = fixture.Data.PermitApplications.First(a => a.NikPemohon.Value != "3404074312850001");
        var expected = fixture.Data.PermitApplications.Count(a => a.NikPemohon == application.NikPemohon && a.StatusPermohonan == application.StatusPermohonan);

        var root = await HttpAssert.GetJsonAsync(
            Client,
            $"api/v1/permohonan?nik={application.NikPemohon}&status={application.StatusPermohonan.ToLowerInvariant()}&page=1&per_page=100",
            HttpStatusCode.OK);

        var data = root.GetProperty("data");
        Assert.Equal(expected, data.GetProperty("total").GetInt32());
        Assert.All(data.GetProperty("items").EnumerateArray(), item =>
        {
            Assert.Equal(application.NikPemohon.Value, item.GetProperty("nik_pemohon").GetString());
            Assert.Equal(application.StatusPermohonan, item.GetProperty("status_permohonan").GetString());
        });
    }

    [Fact]
    public async Task ListPermohonan_EmptyFilters_TreatedAsAbsent()
    {
        var root = await HttpAssert.GetJsonAsync(Client, "api/v1/permohonan?nik=&status=&page=2&per_page=7", HttpStatusCode.OK);

        var data = root.GetProperty("data");
        Assert.Equal(2, data.GetProperty("page").GetInt32());
        Assert.Equal(7, data.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task ListPermohonan_PageBeyondEnd_EmptyItemsWithTotal()
    {
        var root = await HttpAssert.GetJsonAsync(Client, "api/v1/permohonan?page=1000&per_page=100", HttpStatusCode.OK);

        Assert.Equal(0, root.GetProperty("data").GetProperty("items").GetArrayLength());
        Assert.True(root.GetProperty("data").GetProperty("total").GetInt32() > 0);
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("page=-1")]
    [InlineData("page=abc")]
    [InlineData("per_page=0")]
    [InlineData("per_page=101")]
    [InlineData("per_page=1.5")]
    public async Task ListPermohonan_BadPaging_400ErrorEnvelope(string query)
    {
        var root = await HttpAssert.GetJsonAsync(Client, "api/v1/permohonan?" + query, HttpStatusCode.BadRequest);

        Assert.Equal("error", root.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("data").ValueKind);
        Assert.False(string.IsNullOrEmpty(root.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task PostPermohonan_ValidBody_201ThenGetReturnsSameRecord()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 2, 15, 0, TimeSpan.Zero));
        await using var host = await SampleAgencyHost.StartAsync(SampleAgency.Dpmptsp, AgencyHostFixture.EphemeralLoopback, timeProvider: time);
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        var expectedNumber = $"DPMPTSP-2026-{fixture.Data.PermitApplications.Count(a => a.TglPengajuan.Year == 2026) + 1:000000}";

        using var response = await HttpAssert.PostJsonAsync(client, "api/v1/permohonan", ValidBody);
        var created = await HttpAssert.JsonAsync(response, HttpStatusCode.Created);

        Assert.Equal("success", created.GetProperty("status").GetString());
        var data = created.GetProperty("data");
        Assert.Equal(PermitFields, HttpAssert.PropertyNames(data));
        Assert.Equal(expectedNumber, data.GetProperty("no_permohonan").GetString());
        Assert.Equal("/api/v1/permohonan/" + expectedNumber, response.Headers.Location?.OriginalString);
        Assert.Equal("3404074312850001", data.GetProperty("nik_pemohon").GetString());
        Assert.Equal("Siti Rahayu", data.GetProperty("nama_pemohon").GetString());
        Assert.Equal("PBG", data.GetProperty("jenis_izin").GetString());
        Assert.Equal("Persetujuan Bangunan Gedung", data.GetProperty("nama_izin").GetString());
        Assert.Equal(JsonValueKind.Null, data.GetProperty("nama_usaha").ValueKind);
        Assert.Equal("Depok", data.GetProperty("kecamatan").GetString());
        Assert.Equal("Caturtunggal", data.GetProperty("desa").GetString());
        Assert.Equal("2026-11-23 09:15:00", data.GetProperty("tgl_pengajuan").GetString());
        Assert.Equal("DITERIMA", data.GetProperty("status_permohonan").GetString());
        var riwayat = Assert.Single(data.GetProperty("riwayat").EnumerateArray());
        Assert.Equal("DITERIMA", riwayat.GetProperty("status").GetString());
        Assert.Equal("2026-11-23 09:15:00", riwayat.GetProperty("waktu").GetString());

        var fetched = await HttpAssert.GetJsonAsync(client, "api/v1/permohonan/" + expectedNumber, HttpStatusCode.OK);
        Assert.Equal(data.GetRawText(), fetched.GetProperty("data").GetRawText());
        var listed = await HttpAssert.GetJsonAsync(client, "api/v1/permohonan?nik=3404074312850001&per_page=100", HttpStatusCode.OK);
        Assert.Contains(listed.GetProperty("data").GetProperty("items").EnumerateArray(), i => i.GetProperty("no_permohonan").GetString() == expectedNumber);
    }

    [Fact]
    public async Task PostPermohonan_BusinessLicence_KeepsNamaUsaha()
    {
        var body = ValidBody.Replace("\"PBG\"", "\"nib\"", StringComparison.Ordinal).Replace("}", ",\"nama_usaha\":\"Warung Makan Berkah\"}", StringComparison.Ordinal);

        using var response = await HttpAssert.PostJsonAsync(Client, "api/v1/permohonan", body);
        var data = (await HttpAssert.JsonAsync(response, HttpStatusCode.Created)).GetProperty("data");

        Assert.Equal("NIB", data.GetProperty("jenis_izin").GetString());
        Assert.Equal("Warung Makan Berkah", data.GetProperty("nama_usaha").GetString());
    }

    [Fact]
    public async Task PostPermohonan_ConcurrentPosts_EachGetsItsOwnNumber()
    {
        await using var host = await SampleAgencyHost.StartAsync(SampleAgency.Dpmptsp, AgencyHostFixture.EphemeralLoopback);
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        var before = (await HttpAssert.GetJsonAsync(client, "api/v1/permohonan", HttpStatusCode.OK)).GetProperty("data").GetProperty("total").GetInt32();

        var numbers = await Task.WhenAll(Enumerable.Range(0, 24).Select(async _ =>
        {
            using var response = await HttpAssert.PostJsonAsync(client, "api/v1/permohonan", ValidBody);
            return (await HttpAssert.JsonAsync(response, HttpStatusCode.Created)).GetProperty("data").GetProperty("no_permohonan").GetString();
        }));

        Assert.Equal(24, numbers.Distinct().Count());
        var after = (await HttpAssert.GetJsonAsync(client, "api/v1/permohonan", HttpStatusCode.OK)).GetProperty("data").GetProperty("total").GetInt32();
        Assert.Equal(before + 24, after);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[1,2]")]
    [InlineData("""{"nik_pemohon":3404074312850001}""")]
    public async Task PostPermohonan_InvalidJson_400ErrorEnvelope(string body)
    {
        using var response = await HttpAssert.PostJsonAsync(Client, "api/v1/permohonan", body);
        var root = await HttpAssert.JsonAsync(response, HttpStatusCode.BadRequest);

        Assert.Equal("error", root.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("data").ValueKind);
    }

    [Fact]
    public async Task PostPermohonan_InvalidFields_422WithErrorPerField()
    {
        const string body = """{"nik_pemohon":"3404071502850000","nama_pemohon":" ","jenis_izin":"IMB","kecamatan":"Bantul"}""";

        using var response = await HttpAssert.PostJsonAsync(Client, "api/v1/permohonan", body);
        var root = await HttpAssert.JsonAsync(response, HttpStatusCode.UnprocessableEntity);

        Assert.Equal("error", root.GetProperty("status").GetString());
        Assert.Equal("Validasi gagal", root.GetProperty("message").GetString());
        var errors = root.GetProperty("data").GetProperty("errors");
        Assert.Equal(["nik_pemohon", "nama_pemohon", "jenis_izin", "alamat_lokasi", "kecamatan", "desa"], HttpAssert.PropertyNames(errors));
        Assert.Equal(["NIK tidak valid"], errors.GetProperty("nik_pemohon").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["Jenis izin tidak dikenal"], errors.GetProperty("jenis_izin").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task PostPermohonan_OnlyNikInvalid_422WithExactShape()
    {
        var body = ValidBody.Replace("3404074312850001", "1234", StringComparison.Ordinal);

        using var response = await HttpAssert.PostJsonAsync(Client, "api/v1/permohonan", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(
            """{"status":"error","data":{"errors":{"nik_pemohon":["NIK tidak valid"]}},"message":"Validasi gagal"}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GetHealth_Running_Returns200Ok() =>
        Assert.Equal("OK", await HttpAssert.GetStringAsync(Client, "health", HttpStatusCode.OK));
}
