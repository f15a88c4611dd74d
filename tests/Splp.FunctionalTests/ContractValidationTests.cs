using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Splp.Contracts.Problems;
using Splp.Testing;

namespace Splp.FunctionalTests;

/// <summary>Services bound to a published contract: requests and upstream responses are held to it.</summary>
public sealed class ContractValidationTests : IDisposable
{
    private const string Nik = "3404074312850001";
    private const string Conforming = """
        {"nik":"3404074312850001","namaLengkap":"SITI RAHAYU","tanggalLahir":"1985-12-03","jenisKelamin":"P","alamat":{"kecamatan":"DEPOK","rt":"003"}}
        """;

    // Three breaks: unknown code, wrong date format, a field the contract does not have.
    private const string Drifted = """
        {"nik":"3404074312850001","namaLengkap":"SITI RAHAYU","tanggalLahir":"03-12-1985","jenisKelamin":"W","alamat":{},"passwordHash":"x"}
        """;

    private readonly TestTokens _tokens = new();

    public void Dispose() => _tokens.Dispose();

    [Fact]
    public async Task ConformingUpstreamResponse_PassesUnchanged()
    {
        await using var upstream = await JsonUpstreamAsync(Conforming);
        await using var gateway = await StartAsync(upstream.BaseAddress, "Enforce");

        using var response = await GetAsync(gateway, $"/kependudukan/v1/penduduk/{Nik}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Conforming.Trim(), (await response.Content.ReadAsStringAsync()).Trim());
    }

    [Fact]
    public async Task DriftedUpstreamResponse_Enforce_Returns502NamingEveryViolation()
    {
        await using var upstream = await JsonUpstreamAsync(Drifted);
        await using var gateway = await StartAsync(upstream.BaseAddress, "Enforce");

        using var response = await GetAsync(gateway, $"/kependudukan/v1/penduduk/{Nik}");

        var problem = await ProblemAssert.IsProblemAsync(response, 502, ProblemTypes.UpstreamContractViolation);
        var pointers = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("pointer").GetString()).ToArray();
        Assert.Contains("/jenisKelamin", pointers);
        Assert.Contains("/tanggalLahir", pointers);
        Assert.Contains("/passwordHash", pointers);
        Assert.DoesNotContain("SITI", problem.GetRawText(), StringComparison.Ordinal); // values never echoed
    }

    [Fact]
    public async Task DriftedUpstreamResponse_Monitor_PassesThrough()
    {
        await using var upstream = await JsonUpstreamAsync(Drifted);
        await using var gateway = await StartAsync(upstream.BaseAddress, "Monitor");

        using var response = await GetAsync(gateway, $"/kependudukan/v1/penduduk/{Nik}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"W\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestViolatingThePathParameter_Enforce_Returns400WithoutCallingUpstream()
    {
        await using var upstream = await JsonUpstreamAsync(Conforming);
        await using var gateway = await StartAsync(upstream.BaseAddress, "Enforce");

        using var response = await GetAsync(gateway, "/kependudukan/v1/penduduk/12345");

        var problem = await ProblemAssert.IsProblemAsync(response, 400, ProblemTypes.InvalidRequest);
        Assert.Equal("path:nik", problem.GetProperty("errors")[0].GetProperty("pointer").GetString());
        Assert.Equal(0, upstream.Requests);
    }

    [Fact]
    public async Task UnknownOperation_Enforce_Returns404_Off_Forwards()
    {
        await using var upstream = await JsonUpstreamAsync(Conforming);
        await using (var enforcing = await StartAsync(upstream.BaseAddress, "Enforce"))
        {
            using var refused = await GetAsync(enforcing, "/kependudukan/v1/ws/biodata");
            await ProblemAssert.IsProblemAsync(refused, 404, ProblemTypes.OperationNotFound);
        }

        await using var off = await StartAsync(upstream.BaseAddress, "Off");
        using var forwarded = await GetAsync(off, "/kependudukan/v1/ws/biodata");
        Assert.Equal(HttpStatusCode.OK, forwarded.StatusCode);
        Assert.Equal(1, upstream.Requests);
    }

    [Fact]
    public async Task RequestBodyViolations_Enforce_Return400WithPointers()
    {
        await using var upstream = await JsonUpstreamAsync("{}");
        await using var gateway = await GatewayTestHost.StartAsync(new CatalogSettings(_tokens)
            .Service("perizinan", upstream.BaseAddress, scopes: ["perizinan.write"])
            .Set("Splp:Services:perizinan:Validation", "Enforce")
            .Build());

        using var wrongShape = await PostAsync(gateway, "/perizinan/v1/permohonan", """{"pemohon":{"nik":"12"},"jenisIzin":"PBG"}""", "application/json");
        var problem = await ProblemAssert.IsProblemAsync(wrongShape, 400, ProblemTypes.InvalidRequest);
        var pointers = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("pointer").GetString()).ToArray();
        Assert.Contains("/pemohon/nik", pointers);
        Assert.Contains("/lokasi", pointers);

        using var malformed = await PostAsync(gateway, "/perizinan/v1/permohonan", """{"pemohon":""", "application/json");
        await ProblemAssert.IsProblemAsync(malformed, 400, ProblemTypes.InvalidRequest);

        using var notJson = await PostAsync(gateway, "/perizinan/v1/permohonan", "pemohon=x", "application/x-www-form-urlencoded");
        await ProblemAssert.IsProblemAsync(notJson, 400, ProblemTypes.InvalidRequest);
        Assert.Equal(0, upstream.Requests);
    }

    private static Task<TestUpstream> JsonUpstreamAsync(string body) => TestUpstream.StartAsync(async context =>
    {
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    });

    private Task<GatewayTestHost> StartAsync(Uri upstream, string mode) =>
        GatewayTestHost.StartAsync(new CatalogSettings(_tokens)
            .Service("kependudukan", upstream, scopes: ["kependudukan.read"])
            .Set("Splp:Services:kependudukan:Validation", mode)
            .Build());

    private async Task<HttpResponseMessage> GetAsync(GatewayTestHost gateway, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens.For("uji", "kependudukan.read"));
        return await gateway.Client.SendAsync(request);
    }

    private async Task<HttpResponseMessage> PostAsync(GatewayTestHost gateway, string path, string body, string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens.For("uji", "perizinan.write"));
        return await gateway.Client.SendAsync(request);
    }
}
