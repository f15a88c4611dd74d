using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Splp.Contracts.Problems;
using Splp.Testing;

namespace Splp.FunctionalTests;

/// <summary>Exchanges through a real gateway to the real sample agency apps, all over loopback sockets.</summary>
public sealed class GatewayExchangeTests(SampleAgenciesFixture samples) : IClassFixture<SampleAgenciesFixture>, IAsyncLifetime
{
    private GatewayTestHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _gateway = await GatewayTestHost.StartAsync(new CatalogSettings(samples.Tokens)
            .Service("kependudukan", samples.Disdukcapil, adapter: "disdukcapil-xml", scopes: ["kependudukan.read"])
            .Service("izin-lama", samples.Dpmptsp, scopes: ["perizinan.read"])
            .Service("publik", samples.Dpmptsp, anonymous: true)
            .Build());
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task GetPenduduk_WithToken_ReturnsContractShapedRecordOfTheResident()
    {
        var resident = samples.Data.Residents[7];

        using var response = await SendAsync(HttpMethod.Get, $"/kependudukan/v1/penduduk/{resident.Nik}", samples.Tokens.For("portal-warga", "kependudukan.read"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var json = await ProblemAssert.JsonAsync(response);
        Assert.Equal(resident.Nik.Value, json.GetProperty("nik").GetString());
        Assert.Equal(resident.NamaLengkap, json.GetProperty("namaLengkap").GetString());
        Assert.Equal(resident.TanggalLahir.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), json.GetProperty("tanggalLahir").GetString());
        Assert.Equal(resident.Female ? "P" : "L", json.GetProperty("jenisKelamin").GetString());
        Assert.Equal(resident.Kecamatan, json.GetProperty("alamat").GetProperty("kecamatan").GetString());
    }

    [Fact]
    public async Task GetKeluarga_WithToken_ReturnsEveryMember()
    {
        var resident = samples.Data.Residents[3];
        var members = samples.Data.Residents.Count(r => r.NoKk == resident.NoKk);

        using var response = await SendAsync(HttpMethod.Get, $"/kependudukan/v1/keluarga/{resident.NoKk}", samples.Tokens.For("portal-warga", "kependudukan.read"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await ProblemAssert.JsonAsync(response);
        Assert.Equal(members, json.GetProperty("anggota").GetArrayLength());
    }

    [Fact]
    public async Task GetPenduduk_UnregisteredNik_Returns404ResourceNotFound()
    {
        using var response = await SendAsync(HttpMethod.Get, "/kependudukan/v1/penduduk/3404075501019999", samples.Tokens.For("portal-warga", "kependudukan.read"));

        await ProblemAssert.IsProblemAsync(response, 404, ProblemTypes.ResourceNotFound);
    }

    [Fact]
    public async Task GetPenduduk_MalformedNik_Returns400InvalidRequest()
    {
        using var response = await SendAsync(HttpMethod.Get, "/kependudukan/v1/penduduk/12345", samples.Tokens.For("portal-warga", "kependudukan.read"));

        await ProblemAssert.IsProblemAsync(response, 400, ProblemTypes.InvalidRequest);
    }

    [Fact]
    public async Task UnknownOperation_OnAdaptedService_Returns404OperationNotFound()
    {
        using var response = await SendAsync(HttpMethod.Get, "/kependudukan/v1/ws/biodata?NIK=3404074312850001", samples.Tokens.For("portal-warga", "kependudukan.read"));

        await ProblemAssert.IsProblemAsync(response, 404, ProblemTypes.OperationNotFound);
    }

    [Fact]
    public async Task PassThroughService_ForwardsPathAndQueryUnchanged()
    {
        var permit = samples.Data.PermitApplications[0];

        using var response = await SendAsync(HttpMethod.Get, $"/izin-lama/v1/api/v1/permohonan/{permit.NoPermohonan}", samples.Tokens.For("dinkes-app", "perizinan.read"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await ProblemAssert.JsonAsync(response);
        Assert.Equal(permit.NoPermohonan, json.GetProperty("data").GetProperty("no_permohonan").GetString());
    }

    [Theory]
    [InlineData("/tidak-ada/v1/apa-saja")]
    [InlineData("/kependudukan/v2/penduduk/3404074312850001")]
    [InlineData("/")]
    [InlineData("/kependudukan")]
    public async Task UnknownServiceOrVersion_Returns404ServiceNotFound(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, path, samples.Tokens.For("portal-warga", "kependudukan.read"));

        var problem = await ProblemAssert.IsProblemAsync(response, 404, ProblemTypes.ServiceNotFound);
        Assert.Equal(path, problem.GetProperty("instance").GetString());
    }

    [Fact]
    public async Task NoToken_Returns401WithChallenge()
    {
        using var response = await SendAsync(HttpMethod.Get, "/kependudukan/v1/penduduk/3404074312850001", token: null);

        await ProblemAssert.IsProblemAsync(response, 401, ProblemTypes.Unauthorized);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Theory]
    [InlineData("Bearer not-a-jwt")]
    [InlineData("Bearer ")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")]
    public async Task MalformedOrUnsignedCredentials_Return401(string authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/kependudukan/v1/penduduk/3404074312850001");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await _gateway.Client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, 401, ProblemTypes.InvalidToken);
    }

    [Fact]
    public async Task TokenFromAnotherKey_Returns401()
    {
        using var stranger = new TestTokens();

        using var response = await SendAsync(HttpMethod.Get, "/kependudukan/v1/penduduk/3404074312850001", stranger.For("intruder", "kependudukan.read"));

        await ProblemAssert.IsProblemAsync(response, 401, ProblemTypes.InvalidToken);
    }

    [Fact]
    public async Task TokenWithoutTheServiceScope_Returns403()
    {
        using var response = await SendAsync(HttpMethod.Get, "/kependudukan/v1/penduduk/3404074312850001", samples.Tokens.For("dinkes-app", "perizinan.read"));

        var problem = await ProblemAssert.IsProblemAsync(response, 403, ProblemTypes.Forbidden);
        Assert.Contains("kependudukan.read", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnonymousService_AnswersWithoutToken()
    {
        var permit = samples.Data.PermitApplications[1];

        using var response = await SendAsync(HttpMethod.Get, $"/publik/v1/api/v1/permohonan/{permit.NoPermohonan}", token: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task BodyOverLimit_Returns413BeforeForwarding()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/izin-lama/v1/api/v1/permohonan")
        {
            Content = new ByteArrayContent(new byte[2 * 1024 * 1024]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", samples.Tokens.For("dinkes-app", "perizinan.read"));
        using var response = await _gateway.Client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, 413, ProblemTypes.PayloadTooLarge);
    }

    [Fact]
    public async Task ChunkedBodyOverLimit_Returns413()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/izin-lama/v1/api/v1/permohonan")
        {
            Content = new StreamContent(new MemoryStream(new byte[2 * 1024 * 1024])),
        };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", samples.Tokens.For("dinkes-app", "perizinan.read"));
        using var response = await _gateway.Client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, 413, ProblemTypes.PayloadTooLarge);
    }

    [Fact]
    public async Task HeadersOverLimit_Returns431()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/kependudukan/v1/penduduk/3404074312850001");
        request.Headers.TryAddWithoutValidation("X-Padding", new string('a', 33 * 1024));
        using var response = await _gateway.Client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, 431, ProblemTypes.HeadersTooLarge);
    }

    [Fact]
    public async Task HeadersOf20KiB_AreAccepted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/kependudukan/v1/penduduk/3404074312850001");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", samples.Tokens.For("portal-warga", "kependudukan.read"));
        for (var i = 0; i < 5; i++)
        {
            request.Headers.TryAddWithoutValidation("X-Padding-" + i, new string('a', 4 * 1024));
        }

        using var response = await _gateway.Client.SendAsync(request);

        // Past the limits step: the agency app answered (the sample registry has no such resident).
        Assert.NotEqual(431, (int)response.StatusCode);
        await ProblemAssert.IsProblemAsync(response, 404, ProblemTypes.ResourceNotFound);
    }

    [Fact]
    public async Task TargetOverLimit_Returns414()
    {
        using var response = await SendAsync(HttpMethod.Get, "/kependudukan/v1/penduduk/1?q=" + new string('x', 5000), token: null);

        await ProblemAssert.IsProblemAsync(response, 414, ProblemTypes.UriTooLong);
    }

    [Theory]
    [InlineData("/izin-lama/v1/api%2Fv1/permohonan")]
    [InlineData("/izin-lama/v1/api/v1/permohonan/..%2F..%2Fadmin")]
    [InlineData("/izin-lama/v1/api/v1/permohonan/a%5Cb")]
    public async Task MalformedPath_Returns400InvalidPath(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, path, samples.Tokens.For("dinkes-app", "perizinan.read"));

        await ProblemAssert.IsProblemAsync(response, 400, ProblemTypes.InvalidPath);
    }

    [Fact]
    public async Task EncodedNulInPath_IsRefusedByKestrelBeforeTheGateway()
    {
        using var response = await SendAsync(HttpMethod.Get, "/izin-lama/v1/api/v1/permohonan/%00", samples.Tokens.For("dinkes-app", "perizinan.read"));

        // Kestrel itself rejects a decoded NUL with a bare 400 before any middleware runs; it never reaches an upstream.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task DotSegments_AreNormalizedBeforeRouting_AndCannotEscapeTheService()
    {
        using var response = await SendAsync(HttpMethod.Get, "/izin-lama/v1/../../kependudukan/v1/penduduk/3404074312850001", samples.Tokens.For("dinkes-app", "perizinan.read"));

        // Normalized to /kependudukan/v1/..., which this token may not call.
        await ProblemAssert.IsProblemAsync(response, 403, ProblemTypes.Forbidden);
    }

    [Fact]
    public async Task Health_LiveAndReady_Answer200WithCatalogState()
    {
        using var live = await _gateway.Client.GetAsync("/healthz/live");
        using var ready = await _gateway.Client.GetAsync("/healthz/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var json = await ProblemAssert.JsonAsync(ready);
        Assert.Equal(3, json.GetProperty("catalog").GetProperty("services").GetInt32());
        Assert.Equal(3, json.GetProperty("services").GetArrayLength());
        Assert.Equal("not-configured", json.GetProperty("redis").GetString());
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await _gateway.Client.SendAsync(request);
    }

    internal static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
