using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Splp.Contracts.Problems;
using Splp.Testing;

namespace Splp.FunctionalTests;

/// <summary>
/// Every sample agency reached through its shared contract: the declarative adapters shipped in
/// adapters/mappings, the gateway's contract validation in enforce mode, real sample apps on sockets.
/// </summary>
public sealed class AdaptedServicesTests(SampleAgenciesFixture samples) : IClassFixture<SampleAgenciesFixture>, IAsyncLifetime
{
    private GatewayTestHost _gateway = null!;

    public async Task InitializeAsync() =>
        _gateway = await GatewayTestHost.StartAsync(new CatalogSettings(samples.Tokens)
            .Service("perizinan", samples.Dpmptsp, adapter: "dpmptsp-oss", scopes: ["perizinan.read", "perizinan.write"])
            .Service("pajak-daerah", samples.Bapenda, adapter: "bapenda-simpada", scopes: ["pajak.read"])
            .Service("pengaduan", samples.Lapor, adapter: "lapor-sp4n", scopes: ["pengaduan.read", "pengaduan.write"])
            .Build());

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task GetPermohonan_ReturnsContractShape()
    {
        var permit = samples.Data.PermitApplications[5];

        using var response = await SendAsync(HttpMethod.Get, $"/perizinan/v1/permohonan/{permit.NoPermohonan}", "perizinan.read");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await ProblemAssert.JsonAsync(response);
        Assert.Equal(permit.NoPermohonan, json.GetProperty("nomorPermohonan").GetString());
        Assert.Equal(permit.NikPemohon.ToString(), json.GetProperty("pemohon").GetProperty("nik").GetString());
        Assert.EndsWith("+07:00", json.GetProperty("diajukanPada").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatePermohonan_ThenGetIt_RoundTripsThroughTheContract()
    {
        var resident = samples.Data.Residents[11];
        var body = $$$"""
            {"pemohon":{"nik":"{{{resident.Nik}}}","nama":"{{{resident.NamaLengkap}}}"},"jenisIzin":"PBG","namaUsaha":null,
             "lokasi":{"alamat":"Jl. Kaliurang KM 9","kecamatan":"Ngaglik","desa":"Sardonoharjo"}}
            """;

        using var created = await SendAsync(HttpMethod.Post, "/perizinan/v1/permohonan", "perizinan.write", body);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var json = await ProblemAssert.JsonAsync(created);
        var nomor = json.GetProperty("nomorPermohonan").GetString();
        Assert.Equal($"/perizinan/v1/permohonan/{nomor}", created.Headers.Location?.OriginalString);
        Assert.Equal("DITERIMA", json.GetProperty("status").GetString());
        using var fetched = await SendAsync(HttpMethod.Get, $"/perizinan/v1/permohonan/{nomor}", "perizinan.read");
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal(resident.Nik.Value, (await ProblemAssert.JsonAsync(fetched)).GetProperty("pemohon").GetProperty("nik").GetString());
    }

    [Fact]
    public async Task CreatePermohonan_ViolatingTheContract_Returns400BeforeTheAgencyApp()
    {
        using var response = await SendAsync(HttpMethod.Post, "/perizinan/v1/permohonan", "perizinan.write", """{"pemohon":{"nik":"1"},"jenisIzin":"PBG"}""");

        var problem = await ProblemAssert.IsProblemAsync(response, 400, ProblemTypes.InvalidRequest);
        Assert.True(problem.GetProperty("errors").GetArrayLength() >= 2);
    }

    [Fact]
    public async Task ListPermohonan_UsesThePagingConvention()
    {
        using var response = await SendAsync(HttpMethod.Get, "/perizinan/v1/permohonan?page=2&pageSize=5", "perizinan.read");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await ProblemAssert.JsonAsync(response);
        Assert.Equal(5, json.GetProperty("data").GetArrayLength());
        Assert.Equal(2, json.GetProperty("paging").GetProperty("page").GetInt32());
        Assert.True(json.GetProperty("paging").GetProperty("totalItems").GetInt32() >= samples.Data.PermitApplications.Count);
    }

    [Fact]
    public async Task GetObjekPajak_UnknownNop_Returns404()
    {
        using var response = await SendAsync(HttpMethod.Get, "/pajak-daerah/v1/objek-pajak/340407999999999999", "pajak.read");

        await ProblemAssert.IsProblemAsync(response, 404, ProblemTypes.ResourceNotFound);
    }

    [Fact]
    public async Task GetObjekPajakAndBills_ReturnContractShapes()
    {
        var taxObject = samples.Data.TaxObjects[0];

        using var objek = await SendAsync(HttpMethod.Get, $"/pajak-daerah/v1/objek-pajak/{taxObject.Nop}", "pajak.read");
        using var tagihan = await SendAsync(HttpMethod.Get, $"/pajak-daerah/v1/objek-pajak/{taxObject.Nop}/tagihan", "pajak.read");

        Assert.Equal(HttpStatusCode.OK, objek.StatusCode);
        Assert.Equal(taxObject.Nop, (await ProblemAssert.JsonAsync(objek)).GetProperty("nop").GetString());
        Assert.Equal(HttpStatusCode.OK, tagihan.StatusCode);
        Assert.True((await ProblemAssert.JsonAsync(tagihan)).GetProperty("data").GetArrayLength() > 0);
    }

    [Fact]
    public async Task ObjekPajak_MarkedCacheableByTheContract_IsServedFromCacheAfterTheAdapter()
    {
        var taxObject = samples.Data.TaxObjects[3];

        using var first = await SendAsync(HttpMethod.Get, $"/pajak-daerah/v1/objek-pajak/{taxObject.Nop}", "pajak.read");
        using var second = await SendAsync(HttpMethod.Get, $"/pajak-daerah/v1/objek-pajak/{taxObject.Nop}", "pajak.read");
        using var bills = await SendAsync(HttpMethod.Get, $"/pajak-daerah/v1/objek-pajak/{taxObject.Nop}/tagihan", "pajak.read");

        Assert.Equal("miss", first.Headers.GetValues("Splp-Cache").Single());
        Assert.Equal("hit", second.Headers.GetValues("Splp-Cache").Single());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(taxObject.Nop, (await ProblemAssert.JsonAsync(second)).GetProperty("nop").GetString()); // the contract shape, not Bapenda's
        Assert.Equal("bypass", bills.Headers.GetValues("Splp-Cache").Single()); // not marked cacheable
    }

    [Fact]
    public async Task SubmitAnonymousAduan_ThenReadItsHistory()
    {
        using var created = await SendAsync(HttpMethod.Post, "/pengaduan/v1/aduan", "pengaduan.write", """
            {"judul":"Lampu jalan mati","isi":"Lampu jalan di depan balai desa mati sejak seminggu.","kategori":"INFRASTRUKTUR",
             "lokasi":{"lintang":-7.75,"bujur":110.38},"anonim":true}
            """);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var json = await ProblemAssert.JsonAsync(created);
        var tiket = json.GetProperty("nomorTiket").GetString();
        Assert.Equal("DIAJUKAN", json.GetProperty("status").GetString());
        using var history = await SendAsync(HttpMethod.Get, $"/pengaduan/v1/aduan/{tiket}/riwayat", "pengaduan.read");
        Assert.Equal(HttpStatusCode.OK, history.StatusCode);
    }

    [Fact]
    public async Task ListAduan_FilterByContractCode_IsMappedToTheUpstreamCode()
    {
        using var response = await SendAsync(HttpMethod.Get, "/pengaduan/v1/aduan?status=DIPROSES&pageSize=50", "pengaduan.read");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = (await ProblemAssert.JsonAsync(response)).GetProperty("data").EnumerateArray().ToArray();
        Assert.NotEmpty(items);
        Assert.All(items, item => Assert.Equal("DIPROSES", item.GetProperty("status").GetString()));
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string scope, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", samples.Tokens.For("uji", scope));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await _gateway.Client.SendAsync(request);
    }
}
