using System.Net;
using System.Net.Http.Headers;
using Splp.SampleAgencies;
using Splp.Testing;

namespace Splp.FunctionalTests;

/// <summary>The gateway in front of a sample agency app that runs as a separate process, as agency apps do.</summary>
public sealed class SeparateProcessTests : IDisposable
{
    private readonly TestTokens _tokens = new();

    public void Dispose() => _tokens.Dispose();

    [Fact]
    public async Task Tour_ThroughGatewayToCivilRegistryProcess_ReturnsNormalizedRecord_AndStopsCleanlyWhenTheAppDies()
    {
        var resident = SampleDataSet.Default.Residents[0];
        var registry = await SampleAgencyProcess.StartAsync("disdukcapil", TimeSpan.FromSeconds(60));
        try
        {
            await using var gateway = await GatewayTestHost.StartAsync(new CatalogSettings(_tokens)
                .Service("kependudukan", registry.BaseAddress, adapter: "disdukcapil-xml", scopes: ["kependudukan.read"])
                .Build());

            using var response = await GetAsync(gateway, $"/kependudukan/v1/penduduk/{resident.Nik}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var json = await ProblemAssert.JsonAsync(response);
            Assert.Equal(resident.NamaLengkap, json.GetProperty("namaLengkap").GetString());

            registry.Dispose(); // the agency app goes away

            using var after = await GetAsync(gateway, $"/kependudukan/v1/penduduk/{resident.Nik}");
            await ProblemAssert.IsProblemAsync(after, 502, Splp.Contracts.Problems.ProblemTypes.UpstreamUnavailable);
        }
        finally
        {
            registry.Dispose();
        }
    }

    private async Task<HttpResponseMessage> GetAsync(GatewayTestHost gateway, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens.For("portal-warga", "kependudukan.read"));
        return await gateway.Client.SendAsync(request);
    }
}
