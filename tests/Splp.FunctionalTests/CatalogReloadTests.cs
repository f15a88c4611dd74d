using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using System.Text.Json;
using Splp.Contracts.Problems;
using Splp.Testing;

namespace Splp.FunctionalTests;

/// <summary>The catalog file changes under a running gateway: good changes apply whole, bad ones are refused whole.</summary>
public sealed class CatalogReloadTests : IAsyncLifetime, IDisposable
{
    private readonly TestTokens _tokens = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("splp-catalog-").FullName;
    private TestUpstream _upstream = null!;

    private string CatalogFile => Path.Combine(_directory, "catalog.json");

    public async Task InitializeAsync() =>
        _upstream = await TestUpstream.StartAsync(context => context.Response.WriteAsync("dari " + context.Request.Host.Port));

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    public void Dispose()
    {
        _tokens.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task AddingAService_RoutesItWithoutRestart()
    {
        await WriteCatalogAsync(("satu", _upstream.BaseAddress.ToString()));
        await using var gateway = await StartAsync();
        using (var before = await GetAsync(gateway, "/dua/v1/x"))
        {
            await ProblemAssert.IsProblemAsync(before, 404, ProblemTypes.ServiceNotFound);
        }

        await WriteCatalogAsync(("satu", _upstream.BaseAddress.ToString()), ("dua", _upstream.BaseAddress.ToString()));

        Assert.True(await Eventually.TrueAsync(async () =>
        {
            using var response = await GetAsync(gateway, "/dua/v1/x");
            return response.IsSuccessStatusCode;
        }, TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task InvalidChange_IsRefusedWhole_AndTheLastGoodCatalogKeepsServing()
    {
        await WriteCatalogAsync(("satu", _upstream.BaseAddress.ToString()));
        await using var gateway = await StartAsync();

        // One good new service and one broken one: neither may apply.
        await WriteCatalogAsync(("satu", _upstream.BaseAddress.ToString()), ("dua", _upstream.BaseAddress.ToString()), ("tiga", "ftp://nowhere"));

        Assert.True(await Eventually.TrueAsync(async () =>
        {
            using var ready = await gateway.Client.GetAsync("/healthz/ready");
            var json = await ProblemAssert.JsonAsync(ready);
            return json.GetProperty("catalog").GetProperty("rejectedReloads").GetInt64() > 0;
        }, TimeSpan.FromSeconds(20)));

        using var ready = await gateway.Client.GetAsync("/healthz/ready");
        var report = await ProblemAssert.JsonAsync(ready);
        Assert.Contains("tiga", report.GetProperty("catalog").GetProperty("lastErrors")[0].GetString(), StringComparison.Ordinal);
        using var old = await GetAsync(gateway, "/satu/v1/x");
        Assert.True(old.IsSuccessStatusCode);
        using var added = await GetAsync(gateway, "/dua/v1/x");
        await ProblemAssert.IsProblemAsync(added, 404, ProblemTypes.ServiceNotFound);
    }

    [Fact]
    public async Task TruncatedCatalogFile_IsRefusedAndShown_AndALaterReloadKeepsItsServices()
    {
        await WriteCatalogAsync(("satu", _upstream.BaseAddress.ToString()));
        var mappings = Directory.CreateDirectory(Path.Combine(_directory, "mappings")).FullName;
        var other = Path.Combine(mappings, "lain.json");
        await File.WriteAllTextAsync(other, "{ \"Splp\": { } }");
        await using var gateway = await GatewayTestHost.StartAsync(new CatalogSettings(_tokens)
            .Set("Splp:CatalogFile", CatalogFile).Set("Splp:MappingsPath", mappings).Build());

        // Saved half-way, as an editor or a failed copy leaves it.
        await File.WriteAllTextAsync(CatalogFile + ".tmp", "{ \"Splp\": {\n  \"Services\": { \"satu\": ");
        File.Move(CatalogFile + ".tmp", CatalogFile, overwrite: true);

        JsonElement rejected = default;
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            using var ready = await gateway.Client.GetAsync("/healthz/ready");
            rejected = (await ProblemAssert.JsonAsync(ready)).GetProperty("catalog").GetProperty("rejectedSources");
            return rejected.GetArrayLength() > 0;
        }, TimeSpan.FromSeconds(20)));
        Assert.EndsWith("catalog.json", rejected[0].GetProperty("file").GetString(), StringComparison.Ordinal);
        Assert.Contains("line 2", rejected[0].GetProperty("error").GetString(), StringComparison.Ordinal);

        // Another source reloads (same bytes rewritten): the catalog must not lose its services.
        var revision = await RevisionAsync(gateway);
        await File.WriteAllTextAsync(other, "{ \"Splp\": { } }");
        Assert.True(await Eventually.TrueAsync(async () => await RevisionAsync(gateway) > revision, TimeSpan.FromSeconds(20)));
        using (var still = await GetAsync(gateway, "/satu/v1/x"))
        {
            Assert.True(still.IsSuccessStatusCode);
        }

        // Fixed: the refusal clears.
        await WriteCatalogAsync(("satu", _upstream.BaseAddress.ToString()));
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            using var ready = await gateway.Client.GetAsync("/healthz/ready");
            return (await ProblemAssert.JsonAsync(ready)).GetProperty("catalog").GetProperty("rejectedSources").GetArrayLength() == 0;
        }, TimeSpan.FromSeconds(20)));
    }

    [Theory]
    [InlineData("deleted")]
    [InlineData("empty")]
    public async Task CatalogFileDeletedOrEmptied_IsRefusedAndItsServicesKeepServing(string how)
    {
        await WriteCatalogAsync(("satu", _upstream.BaseAddress.ToString()));
        await using var gateway = await StartAsync();

        if (how == "deleted")
        {
            File.Delete(CatalogFile);
        }
        else
        {
            await File.WriteAllTextAsync(CatalogFile, string.Empty);
        }

        JsonElement rejected = default;
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            using var ready = await gateway.Client.GetAsync("/healthz/ready");
            rejected = (await ProblemAssert.JsonAsync(ready)).GetProperty("catalog").GetProperty("rejectedSources");
            return rejected.GetArrayLength() > 0;
        }, TimeSpan.FromSeconds(20)));
        Assert.Contains(how == "deleted" ? "deleted" : "empty", rejected[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        using var still = await GetAsync(gateway, "/satu/v1/x");
        Assert.True(still.IsSuccessStatusCode);
    }

    [Fact]
    public async Task ChangeRemovingEveryService_IsRefused_AndTheServicesKeepServing()
    {
        await WriteCatalogAsync(("satu", _upstream.BaseAddress.ToString()));
        await using var gateway = await StartAsync();

        await WriteCatalogAsync();

        Assert.True(await Eventually.TrueAsync(async () =>
        {
            using var ready = await gateway.Client.GetAsync("/healthz/ready");
            return (await ProblemAssert.JsonAsync(ready)).GetProperty("catalog").GetProperty("rejectedReloads").GetInt64() > 0;
        }, TimeSpan.FromSeconds(20)));
        using var ready = await gateway.Client.GetAsync("/healthz/ready");
        var catalog = (await ProblemAssert.JsonAsync(ready)).GetProperty("catalog");
        Assert.Equal(1, catalog.GetProperty("services").GetInt32());
        Assert.Contains("remove all 1 services", catalog.GetProperty("lastErrors")[0].GetString(), StringComparison.Ordinal);
        using var old = await GetAsync(gateway, "/satu/v1/x");
        Assert.True(old.IsSuccessStatusCode);
    }

    [Fact]
    public async Task InvalidCatalogAtStart_StopsTheGatewayListingEveryProblem()
    {
        await WriteCatalogAsync(("satu", "not a url"), ("admin", _upstream.BaseAddress.ToString()));

        var error = await Assert.ThrowsAnyAsync<Exception>(StartAsync);

        var message = error.ToString();
        Assert.Contains("Services:satu:Upstream:Destinations:primary", message, StringComparison.Ordinal);
        Assert.Contains("Services:admin: the name is reserved", message, StringComparison.Ordinal);
    }

    // The file is named the way an operator names a mounted ConfigMap: Splp:CatalogFile.
    private Task<GatewayTestHost> StartAsync() =>
        GatewayTestHost.StartAsync(new CatalogSettings(_tokens).Set("Splp:CatalogFile", CatalogFile).Build());

    private static async Task<long> RevisionAsync(GatewayTestHost gateway)
    {
        using var ready = await gateway.Client.GetAsync("/healthz/ready");
        return (await ProblemAssert.JsonAsync(ready)).GetProperty("catalog").GetProperty("revision").GetInt64();
    }

    private async Task<HttpResponseMessage> GetAsync(GatewayTestHost gateway, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens.For("uji"));
        return await gateway.Client.SendAsync(request);
    }

    private async Task WriteCatalogAsync(params (string Name, string Destination)[] services)
    {
        var doc = new Dictionary<string, object>
        {
            ["Splp"] = new Dictionary<string, object>
            {
                ["Services"] = services.ToDictionary(s => s.Name, s => (object)new
                {
                    Agency = "uji",
                    Upstream = new { Destinations = new { primary = s.Destination }, HealthCheck = new { Enabled = false } },
                }),
            },
        };

        // Write then rename, as an operator's deploy tool (or a ConfigMap update) would.
        var temp = CatalogFile + ".tmp";
        await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(doc));
        File.Move(temp, CatalogFile, overwrite: true);
    }
}
